"""Scoring of every type against hand-worked examples."""

from __future__ import annotations

import pytest

from lixing.quizzes.scoring import counted_score, credit, paper_score, point_biserial


def test_single_choice_scores_one_only_for_the_right_option() -> None:
    assert credit("single", [2], [2]) == 1
    assert credit("single", [2], [1]) == 0
    assert credit("single", [2], [1, 2]) == 0  # two ticks on a single choice are wrong
    assert credit("single", [2], None) == 0


def test_true_false_scores_like_single_choice() -> None:
    assert credit("truefalse", [1], [1]) == 1
    assert credit("truefalse", [1], [0]) == 0


@pytest.mark.parametrize(
    ("response", "all_or_nothing", "partial"),
    [
        ([0, 1, 2], 1, 1),  # exactly the key
        ([0, 2], 0, 0.5),  # a correct subset: half under the partial rule
        ([1], 0, 0.5),
        ([0, 1, 3], 0, 0),  # any wrong option: nothing
        ([0, 1, 2, 3], 0, 0),  # everything ticked: a wrong option is among them
        ([3], 0, 0),
        ([], 0, 0),
    ],
)
def test_multiple_choice_all_or_nothing_and_partial(response: list[int], all_or_nothing: float, partial: float) -> None:
    key = [0, 1, 2]
    assert credit("multiple", key, response, multiple_rule="all") == all_or_nothing
    assert credit("multiple", key, response, multiple_rule="partial") == partial


def test_fill_in_accepts_listed_variants_ignoring_width_spaces_and_full_stop() -> None:
    key = ["2035", "2035年", "二〇三五年"]
    assert credit("fill", key, ["2035"]) == 1
    assert credit("fill", key, ["２０３５年"]) == 1  # full-width digits
    assert credit("fill", key, [" 2035 年。"]) == 1
    assert credit("fill", key, ["二〇三五年"]) == 1
    assert credit("fill", key, ["2050"]) == 0
    assert credit("fill", key, [""]) == 0


def test_bad_responses_score_zero_instead_of_failing() -> None:
    assert credit("single", [0], ["a"]) == 0
    assert credit("multiple", [0, 1], "0,1") == 0
    assert credit("fill", ["江山"], "江山") == 0


def test_paper_score_is_mean_credit_out_of_100() -> None:
    # 1 + 0.5 + 0 + 1 = 2.5 of 4 → 62.5
    assert paper_score([1, 0.5, 0, 1]) == 62.5
    assert paper_score([1, 0, 0]) == 33.3
    assert paper_score([]) == 0


def test_which_attempt_counts() -> None:
    scores = [60.0, 90.0, 75.0]
    assert counted_score(scores, "best") == 90
    assert counted_score(scores, "last") == 75
    assert counted_score(scores, "first") == 60
    assert counted_score(scores, "average") == 75.0


def test_point_biserial_hand_worked() -> None:
    # Totals 90, 80 (right) and 60, 50 (wrong): M1 = 85, M0 = 55, s = sqrt(250) ≈ 15.811,
    # p = q = 0.5 → r = 30 / 15.811 × 0.5 ≈ 0.9487.
    r = point_biserial([1, 1, 0, 0], [90, 80, 60, 50])
    assert r == pytest.approx(0.9487, abs=1e-4)
    assert point_biserial([1, 1], [90, 80]) is None  # nobody wrong: undefined
