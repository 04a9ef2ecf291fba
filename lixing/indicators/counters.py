"""Subtree totals of indicator values as roll-up counters (:mod:`lixing.orgs.rollups`).

Values are decimals; counters are integers, so a value is kept scaled by ``SCALE`` (four
decimal places, the precision of :class:`~lixing.indicators.models.IndicatorValue`). Each
value contributes, at its organisation and every ancestor, in the bucket named by its
period (``2021-04``, ``2021Q2``, ``2021``; the roll-ups' own calendar buckets, so the
period's first day places it):

* ``indicators.<id>.n``    — one report;
* ``indicators.<id>.sum``  — value × SCALE;
* ``indicators.<id>.wsum`` / ``.w`` — value × weight × SCALE and weight × SCALE, for an
  indicator averaged by a weight indicator (both present at the same org and period).

So a subtree value at any level is one row read (province scale: no scan), moves of a
subtree shift the totals (``rollup_move``) and ``rollup_rebuild`` recomputes them from the
values through :func:`rollup_rows`. The other calendar buckets the roll-ups keep for a
date (week, quarter, year, "all") are written too and never read for a monthly set.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator, Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal

from lixing.orgs.rollups import Bump, read_totals

from . import periods
from .models import Aggregation, Indicator, IndicatorValue

SCALE = 10_000


def key(indicator_id: int, part: str) -> str:
    return f"indicators.{indicator_id}.{part}"


def _scaled(v: Decimal) -> int:
    return int((v * SCALE).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def contributions(indicator: Indicator, value: Decimal | None, weight: Decimal | None) -> dict[str, int]:
    """What one value (None: no value) adds to its counters."""
    if value is None:
        return {}
    out = {key(indicator.pk, "n"): 1, key(indicator.pk, "sum"): _scaled(value)}
    if indicator.aggregation == Aggregation.WEIGHTED and weight is not None:
        out[key(indicator.pk, "wsum")] = _scaled(value * weight)
        out[key(indicator.pk, "w")] = _scaled(weight)
    return out


def bumps(
    indicator: Indicator, org_id: int, org_path: str, period: str,
    before: Mapping[str, int], after: Mapping[str, int],
) -> list[Bump]:  # fmt: skip
    """The counter changes from ``before`` to ``after`` contributions."""
    day = periods.start_of(period, indicator.indicator_set.period_type)
    return [
        Bump(org_id, org_path, k, day, after.get(k, 0) - before.get(k, 0))
        for k in sorted({*before, *after})
        if after.get(k, 0) != before.get(k, 0)
    ]


def rollup_rows() -> Iterator[tuple[int, str, datetime.date | None, int]]:
    """The rebuild source: every value's contributions, from the records."""
    indicators = {i.pk: i for i in Indicator.objects.select_related("indicator_set")}
    weights: dict[tuple[int, int, str], Decimal] = {}
    weight_ids = {i.weight_id for i in indicators.values() if i.aggregation == Aggregation.WEIGHTED}
    if weight_ids:
        for ind_id, org_id, period, value in IndicatorValue.objects.filter(indicator_id__in=weight_ids).values_list(
            "indicator_id", "org_id", "period", "value"
        ):
            weights[(ind_id, org_id, period)] = value
    rows = IndicatorValue.objects.values_list("indicator_id", "org_id", "period", "value").iterator(chunk_size=5000)
    for ind_id, org_id, period, value in rows:
        ind = indicators[ind_id]
        w = weights.get((ind.weight_id, org_id, period)) if ind.weight_id else None
        day = periods.start_of(period, ind.indicator_set.period_type)
        for k, v in contributions(ind, value, w).items():
            yield org_id, k, day, v


def read_series(
    indicators: Sequence[Indicator], org_ids: Sequence[int], buckets: Iterable[str]
) -> dict[tuple[int, int, str], Decimal | None]:
    """Subtree values for indicators × orgs × periods, in at most two queries: the counters
    (sum, or weighted average), and own values for indicators that are not aggregated."""
    buckets = sorted(set(buckets))
    out: dict[tuple[int, int, str], Decimal | None] = {}
    keys = [key(i.pk, p) for i in indicators if i.aggregation != Aggregation.NONE for p in ("n", "sum", "wsum", "w")]
    totals = read_totals(org_ids, keys, buckets) if keys and org_ids else {}
    for ind in indicators:
        if ind.aggregation == Aggregation.NONE:
            continue
        for org_id in org_ids:
            for b in buckets:
                if ind.aggregation == Aggregation.WEIGHTED:
                    w = totals.get((org_id, key(ind.pk, "w"), b), 0)
                    out[(ind.pk, org_id, b)] = (
                        Decimal(totals.get((org_id, key(ind.pk, "wsum"), b), 0)) / w if w else None
                    )
                else:
                    n = totals.get((org_id, key(ind.pk, "n"), b), 0)
                    out[(ind.pk, org_id, b)] = (
                        Decimal(totals.get((org_id, key(ind.pk, "sum"), b), 0)) / SCALE if n else None
                    )
    own = [i.pk for i in indicators if i.aggregation == Aggregation.NONE]
    out.update({(i, o, b): None for i in own for o in org_ids for b in buckets})
    if own and org_ids:
        for ind_id, org_id, period, value in IndicatorValue.objects.filter(
            indicator_id__in=own, org_id__in=org_ids, period__in=buckets
        ).values_list("indicator_id", "org_id", "period", "value"):
            out[(ind_id, org_id, period)] = value
    return out


def report_counts(
    indicators: Sequence[Indicator], org_ids: Sequence[int], buckets: Iterable[str]
) -> dict[tuple[int, int, str], int]:
    """How many values each subtree holds, per indicator and period (one query)."""
    keys = [key(i.pk, "n") for i in indicators]
    totals = read_totals(org_ids, keys, sorted(set(buckets))) if keys and org_ids else {}
    by_key = {key(i.pk, "n"): i.pk for i in indicators}
    return {(by_key[k], o, b): v for (o, k, b), v in totals.items()}
