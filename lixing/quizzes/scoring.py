"""Scoring rules, as pure functions (hand-worked examples in tests/test_scoring.py).

* single choice and true/false: 1 when the one chosen option is the correct one, else 0;
* multiple choice, "all or nothing": 1 only for exactly the correct set;
  "partial": the exact set 1, a non-empty subset of the correct options 0.5, any wrong
  option 0;
* fill in the blank: 1 when the normalised answer equals one of the accepted variants
  (full-width/half-width, spaces, case and trailing punctuation do not matter).

A paper's score is the mean credit × 100, rounded to one decimal.
"""

from __future__ import annotations

import statistics
import unicodedata
from collections.abc import Sequence
from typing import Any

SINGLE, MULTIPLE, TRUE_FALSE, FILL = "single", "multiple", "truefalse", "fill"
ALL_OR_NOTHING, PARTIAL = "all", "partial"
_TRAILING = "。.，,；;！!？? "


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", str(text)).strip().lower()
    text = "".join(text.split())
    return text.rstrip(_TRAILING)


def _indexes(response: Any) -> set[int] | None:
    if not isinstance(response, list):
        return None
    out: set[int] = set()
    for value in response:
        if isinstance(value, bool) or not isinstance(value, int):
            return None
        out.add(value)
    return out


def credit(kind: str, answer: Sequence[Any], response: Any, *, multiple_rule: str = ALL_OR_NOTHING) -> float:
    """Credit (0, 0.5 or 1) for one response. No response scores 0."""
    if response in (None, [], ""):
        return 0.0
    if kind == FILL:
        if not isinstance(response, list) or len(response) != 1:
            return 0.0
        given = normalise(response[0])
        return 1.0 if given and given in {normalise(a) for a in answer} else 0.0
    chosen = _indexes(response)
    correct = {int(a) for a in answer}
    if chosen is None:
        return 0.0
    if kind in (SINGLE, TRUE_FALSE):
        return 1.0 if len(chosen) == 1 and chosen == correct else 0.0
    if chosen == correct:
        return 1.0
    if multiple_rule == PARTIAL and chosen and chosen < correct:
        return 0.5
    return 0.0


def paper_score(credits: Sequence[float]) -> float:
    if not credits:
        return 0.0
    return round(100 * sum(credits) / len(credits), 1)


def counted_score(scores_in_order: Sequence[float], counting: str) -> float:
    """The score that counts, by the paper's rule, from the finished attempts in order."""
    if not scores_in_order:
        return 0.0
    if counting == "best":
        return max(scores_in_order)
    if counting == "last":
        return scores_in_order[-1]
    if counting == "first":
        return scores_in_order[0]
    return round(sum(scores_in_order) / len(scores_in_order), 1)


def point_biserial(item_correct: Sequence[float], totals: Sequence[float]) -> float | None:
    """Point-biserial correlation of a 0/1 item against total scores (None if undefined).

    r = (M1 − M0) / s × √(p·q), with s the population standard deviation of the totals.
    """
    n = len(totals)
    if n < 2 or len(item_correct) != n:
        return None
    right = [t for c, t in zip(item_correct, totals, strict=True) if c >= 1]
    wrong = [t for c, t in zip(item_correct, totals, strict=True) if c < 1]
    if not right or not wrong:
        return None
    s = statistics.pstdev(totals)
    if s == 0:
        return None
    p = len(right) / n
    return (statistics.fmean(right) - statistics.fmean(wrong)) / s * (p * (1 - p)) ** 0.5
