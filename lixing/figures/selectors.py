"""Reading figures. Every function takes the actor; organisations passed in must already
have been access-checked by the caller (``access_org``); records are scoped again here."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from lixing.orgs.access import Cap, scope_q
from lixing.orgs.models import Organization
from lixing.orgs.rollups import ALL, as_at_buckets, is_dated_stock, read_own, read_totals

from . import registry
from .periods import Period
from .registry import Figure, FigureValue, Reading


def _counter_keys(figures: Sequence[Figure]) -> list[str]:
    return sorted({c for f in figures if f.from_counters is not None for c in f.counters})


def _values(
    *,
    actor: Any,
    orgs: Sequence[Organization],
    period: Period,
    figures: Sequence[Figure] | None = None,
    own: bool = False,
) -> dict[int, dict[str, FigureValue]]:
    """Values of ``figures`` for each org in ``orgs``, from subtree totals or (``own``) from
    the organisations' own counts."""
    figures = list(figures) if figures is not None else registry.all_figures()
    org_ids = [o.pk for o in orgs]
    keys = _counter_keys(figures)
    # Dated stocks of a period that ended before today: as they stood at its end (the sum
    # of their flows up to that day), read in the same query.
    as_at = as_at_buckets(period.end) if period.end is not None and period.end < registry.today() else ()
    dated = [k for k in keys if is_dated_stock(k)] if as_at else []
    buckets = sorted({period.bucket, ALL, *(as_at if dated else ())})
    read = read_own if own else read_totals
    totals = read(org_ids, keys, buckets) if keys and org_ids else {}
    out: dict[int, dict[str, FigureValue]] = {}
    for org in orgs:
        period_totals = {k: totals.get((org.pk, k, period.bucket), 0) for k in keys}
        stock_totals = {k: totals.get((org.pk, k, ALL), 0) for k in keys}
        as_at_totals = {k: sum(totals.get((org.pk, k, b), 0) for b in as_at) for k in dated} if dated else None
        reading = Reading(period_totals, stock_totals, as_at_totals)
        values: dict[str, FigureValue] = {}
        for f in figures:
            if f.from_counters is not None:
                values[f.key] = f.from_counters(reading)
            elif f.compute is not None and not own:
                values[f.key] = f.compute(actor, org, period)
        out[org.pk] = values
    return out


def figure_values(
    *, actor: Any, orgs: Sequence[Organization], period: Period, figures: Sequence[Figure] | None = None
) -> dict[int, dict[str, FigureValue]]:
    """Values of ``figures`` (default: all) for each org in ``orgs``.

    Counter-backed figures for all orgs come from one query; each ``compute`` figure adds
    its own fixed number of queries per org.
    """
    return _values(actor=actor, orgs=orgs, period=period, figures=figures)


def figure_own_values(
    *, actor: Any, org: Organization, period: Period, figures: Sequence[Figure]
) -> dict[str, FigureValue]:
    """The counter figures of ``org``'s own records (本级: not its sub-units'), one query: the
    row that makes a table by unit add up to the subtree's total. ``compute`` figures are
    left out (they have no own part to read)."""
    counted = [f for f in figures if f.from_counters is not None]
    return _values(actor=actor, orgs=[org], period=period, figures=counted, own=True)[org.pk]


def figure_trend(
    *, actor: Any, org: Organization, period: Period, figures: Sequence[Figure] | None = None
) -> dict[str, list[tuple[Period, FigureValue]]]:
    """Each counter-backed, non-stock figure over the period's steps (one query)."""
    figures = [
        f for f in (figures if figures is not None else registry.all_figures()) if f.from_counters and not f.stock
    ]
    steps = period.steps(registry.today())
    keys = _counter_keys(figures)
    if not keys:
        return {}
    totals = read_totals([org.pk], keys, [p.bucket for p in steps] + [ALL])
    stock_totals = {k: totals.get((org.pk, k, ALL), 0) for k in keys}
    out: dict[str, list[tuple[Period, FigureValue]]] = {f.key: [] for f in figures}
    for step in steps:
        reading = Reading({k: totals.get((org.pk, k, step.bucket), 0) for k in keys}, stock_totals)
        for f in figures:
            assert f.from_counters is not None
            out[f.key].append((step, f.from_counters(reading)))
    return out


def figure_records(*, actor: Any, org: Organization, period: Period, key: str) -> QuerySet[Any]:
    """The records behind figure ``key`` for ``org``'s subtree and ``period``."""
    try:
        figure = registry.get(key)
    except KeyError:
        raise Http404(key) from None
    if figure.records is None:
        raise Http404(key)
    return figure.records(actor, org, period)


def subtree_q(actor: Any, org: Organization, field: str = "org__path") -> Any:
    """Records in ``org``'s subtree *and* in the actor's scope — for records functions."""
    return scope_q(actor, field, Cap.VIEW) & _startswith(field, org.path)


def _startswith(field: str, path: str) -> Any:
    from django.db.models import Q

    return Q(**{f"{field}__startswith": path})
