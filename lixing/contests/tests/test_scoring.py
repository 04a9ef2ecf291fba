"""Scoring rules against results computed by hand."""

from __future__ import annotations

import pytest

from lixing.contests import scoring
from lixing.contests.scoring import Criterion, aggregate, audience_scores, judge_score, ranks, total

RUBRIC = [Criterion(1, 50, 10), Criterion(2, 30, 10), Criterion(3, 20, 10)]


def test_a_judges_score_is_the_weighted_share_of_each_maximum():
    # 50×8/10 + 30×9/10 + 20×10/10 = 40 + 27 + 20
    assert judge_score(RUBRIC, {1: 8, 2: 9, 3: 10}) == pytest.approx(87.0)
    assert judge_score([Criterion(1, 1, 5), Criterion(2, 3, 20)], {1: 5, 2: 10}) == pytest.approx(62.5)


def test_a_sheet_with_a_criterion_missing_gives_no_score():
    assert judge_score(RUBRIC, {1: 8, 2: 9}) is None


def test_mean_of_the_judges_who_scored_the_entry():
    sheets = {10: {1: 80.0, 2: 70.0}, 11: {1: 60.0, 2: 90.0}, 12: {2: 50.0}}  # judge 12 did not score entry 1
    assert aggregate(scoring.MEAN, sheets) == {1: pytest.approx(70.0), 2: pytest.approx(70.0)}


def test_trimmed_mean_drops_the_highest_and_lowest_from_five_judges():
    sheets = {j: {1: v} for j, v in zip(range(5), [50.0, 60.0, 70.0, 80.0, 100.0], strict=True)}
    assert aggregate(scoring.TRIMMED, sheets)[1] == pytest.approx(70.0)  # (60+70+80)/3
    sheets = {j: {1: v} for j, v in zip(range(5), [90.0, 90.0, 60.0, 90.0, 60.0], strict=True)}
    assert aggregate(scoring.TRIMMED, sheets)[1] == pytest.approx(80.0)  # one 90 and one 60 dropped: (90+90+60)/3


def test_trimmed_mean_with_fewer_than_five_judges_is_the_plain_mean():
    sheets = {j: {1: v} for j, v in zip(range(4), [50.0, 60.0, 70.0, 100.0], strict=True)}
    assert aggregate(scoring.TRIMMED, sheets)[1] == pytest.approx(70.0)  # 280/4, nothing dropped
    # Five judges on the contest but one did not score this entry: four scores, nothing dropped.
    sheets[4] = {2: 10.0}
    assert aggregate(scoring.TRIMMED, sheets)[1] == pytest.approx(70.0)


def test_z_scores_standardise_each_judge_then_average():
    # Judge A: 80, 60 → mean 70, sd 10 → +1, −1. Judge B gives both 90 → sd 0 → 0, 0.
    # Judge C: 70, 40, 100 → mean 70, sd √600 → 0, −1.2247, +1.2247.
    sheets = {1: {1: 80.0, 2: 60.0}, 2: {1: 90.0, 2: 90.0}, 3: {1: 70.0, 2: 40.0, 3: 100.0}}
    out = aggregate(scoring.ZSCORE, sheets)
    z = 30 / 600**0.5
    assert out[1] == pytest.approx((1 + 0 + 0) / 3)
    assert out[2] == pytest.approx((-1 + 0 - z) / 3)
    assert out[3] == pytest.approx(z)


def test_a_judge_without_a_sheet_changes_nothing():
    with_three = {1: {1: 80.0, 2: 60.0}, 2: {1: 70.0, 2: 70.0}}
    assert aggregate(scoring.MEAN, {**with_three, 3: {}}) == aggregate(scoring.MEAN, with_three)
    assert aggregate(scoring.ZSCORE, {**with_three, 3: {}}) == aggregate(scoring.ZSCORE, with_three)


def test_ties_share_a_rank_and_the_next_is_skipped():
    assert ranks({1: 80.0, 2: 80.0, 3: 70.0, 4: None}) == {1: 1, 2: 1, 3: 3, 4: None}
    assert ranks({1: 80.001, 2: 80.004, 3: 80.02}) == {3: 1, 1: 2, 2: 2}


def test_the_audience_weighs_only_as_the_rules_say():
    audience = audience_scores({1: 10, 2: 5, 3: 0})
    assert audience == {1: 100.0, 2: 50.0, 3: 0.0}
    assert total(80.0, audience[2], 20) == pytest.approx(74.0)  # 80×0.8 + 50×0.2
    assert total(80.0, audience[1], 0) == 80.0
    assert total(None, 100.0, 20) is None
