"""How a round's sheets become one score per entry: pure functions, no database.

* A judge's score for an entry is the weighted sum of their criterion scores, each taken as a
  share of the criterion's maximum, on a 0–100 scale (:func:`judge_score`).
* The round's score per entry follows the contest's rule (:func:`aggregate`):
  ``mean`` — the mean of the judges who scored it; ``trimmed`` — the same after dropping one
  highest and one lowest score when at least five judges scored it (plain mean below five);
  ``zscore`` — each judge's scores standardised over the entries that judge scored (population
  standard deviation; a judge whose scores are all equal contributes 0), then averaged.
  Only submitted sheets count: a judge who has not submitted is simply not among the judges.
  An entry a judge did not score (a conflict of interest) is averaged over the others.
* Audience votes are shown apart and enter the total only with the contest's weight
  (:func:`total`): ``total = judges × (100 − w)/100 + audience × w/100`` where the audience
  score is votes ÷ the most votes any entry got × 100.
* Ranks are competition ranks over values rounded to two decimals: ties share a rank and the
  next rank is skipped (1, 1, 3).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

MEAN = "mean"
TRIMMED = "trimmed"
ZSCORE = "zscore"
TRIM_MIN_JUDGES = 5


@dataclass(frozen=True)
class Criterion:
    key: int
    weight: float
    max_score: float


def judge_score(criteria: Sequence[Criterion], scores: Mapping[int, float]) -> float | None:
    """0–100 from one judge's criterion scores; None unless every criterion is scored."""
    total_weight = sum(c.weight for c in criteria)
    if not criteria or total_weight <= 0 or any(c.key not in scores for c in criteria):
        return None
    return 100.0 * sum(c.weight * scores[c.key] / c.max_score for c in criteria) / total_weight


def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values)


def aggregate(rule: str, sheets: Mapping[int, Mapping[int, float]]) -> dict[int, float | None]:
    """Score per entry from ``sheets`` = {judge: {entry: 0–100}} (submitted sheets only)."""
    entries = sorted({e for sheet in sheets.values() for e in sheet})
    if rule == ZSCORE:
        standardised: dict[int, dict[int, float]] = {}
        for judge, sheet in sheets.items():
            if not sheet:
                continue
            values = list(sheet.values())
            mu = _mean(values)
            sd = math.sqrt(sum((v - mu) ** 2 for v in values) / len(values))
            standardised[judge] = {e: (v - mu) / sd if sd > 0 else 0.0 for e, v in sheet.items()}
        sheets = standardised
    out: dict[int, float | None] = {}
    for entry in entries:
        values = sorted(sheet[entry] for sheet in sheets.values() if entry in sheet)
        if not values:
            out[entry] = None
        elif rule == TRIMMED and len(values) >= TRIM_MIN_JUDGES:
            out[entry] = _mean(values[1:-1])
        else:
            out[entry] = _mean(values)
    return out


def audience_scores(votes: Mapping[int, int]) -> dict[int, float]:
    """0–100: an entry's votes as a share of the most votes any entry got."""
    top = max(votes.values(), default=0)
    return {e: (100.0 * v / top if top else 0.0) for e, v in votes.items()}


def total(judges: float | None, audience: float | None, weight_percent: float) -> float | None:
    if judges is None:
        return None
    if not weight_percent:
        return judges
    return judges * (100 - weight_percent) / 100 + (audience or 0.0) * weight_percent / 100


def ranks(values: Mapping[int, float | None]) -> dict[int, int | None]:
    """Competition ranks, highest first, on values rounded to two decimals; None stays unranked."""
    scored = sorted(((round(v, 2), e) for e, v in values.items() if v is not None), key=lambda t: -t[0])
    out: dict[int, int | None] = {e: None for e, v in values.items() if v is None}
    previous, rank = None, 0
    for i, (v, e) in enumerate(scored, start=1):
        if v != previous:
            rank, previous = i, v
        out[e] = rank
    return out
