"""Every read of indicators users see. Each takes the actor; organisations passed in must
have been access-checked (``access_org``) by the caller, and lists are scoped here."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Max, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from lixing.orgs.access import Cap, can, paths_with, scope_q
from lixing.orgs.models import Organization

from . import counters, periods
from .derived import Reading, derive, needed_periods
from .models import Indicator, IndicatorSet, IndicatorValue, ValueStatus


def _set_visible(actor: Any, iset: IndicatorSet) -> bool:
    # A set is seen by those who see its office and by every unit below the office that
    # reports to it (their scope lies inside the office's subtree).
    office = iset.office.path
    return can(actor, iset.office) or any(p.startswith(office) for p in paths_with(actor, Cap.VIEW))


def indicator_sets(*, actor: Any) -> list[IndicatorSet]:
    """The sets the actor can see (two queries)."""
    sets = IndicatorSet.objects.select_related("office").prefetch_related("indicators")
    return [s for s in sets if _set_visible(actor, s)]


def indicator_set_get(*, actor: Any, set_id: int | str) -> IndicatorSet:
    try:
        iset = IndicatorSet.objects.select_related("office").get(pk=int(set_id))
    except (IndicatorSet.DoesNotExist, TypeError, ValueError):
        raise Http404(_("No such indicator set.")) from None
    if not _set_visible(actor, iset):
        raise Http404(_("No such indicator set."))
    return iset


def indicator_get(*, actor: Any, code: str) -> Indicator:
    ind = Indicator.objects.select_related("indicator_set__office").filter(code=code).first()
    if ind is None or not _set_visible(actor, ind.indicator_set):
        raise Http404(_("No such indicator."))
    return ind


def indicators_of(indicator_set: IndicatorSet) -> list[Indicator]:
    return list(indicator_set.indicators.select_related("indicator_set", "weight").order_by("order", "id"))


@dataclass
class ChildValue:
    org: Organization
    value: Decimal | None
    yoy: Decimal | None


@dataclass
class IndicatorRow:
    indicator: Indicator
    reading: Reading
    trend: list[tuple[str, Decimal | None]]
    trend_prior: list[tuple[str, Decimal | None]]
    children: list[ChildValue] = field(default_factory=list)


@dataclass
class IndicatorTable:
    indicator_set: IndicatorSet
    org: Organization
    period: str
    period_label: str
    rows: list[IndicatorRow]
    children: list[Organization]


def indicator_table(*, actor: Any, indicator_set: IndicatorSet, org: Organization, period: str) -> IndicatorTable:
    """Each indicator of the set for ``org``'s subtree and ``period``, with every derived
    number, the year's trend and the breakdown by the child units the actor can see.
    A fixed number of queries (4, or 5 with non-aggregated indicators) whatever the subtree."""
    ptype = indicator_set.period_type
    periods.parse(period, ptype)
    inds = indicators_of(indicator_set)
    children = list(
        Organization.objects.filter(scope_q(actor, "path"), parent=org, dissolved_at__isnull=True).order_by("path")
    )
    ly = periods.last_year(period, ptype)
    year = periods.year_to(periods.make(int(period[:4]), periods.steps_per_year(ptype), ptype), ptype)
    year_before = [periods.last_year(p, ptype) for p in year]
    buckets = {*needed_periods(period, ptype), *year, *year_before}
    series = counters.read_series(inds, [org.pk, *(c.pk for c in children)], buckets | {ly})
    rows = []
    for ind in inds:
        own = {b: series.get((ind.pk, org.pk, b)) for b in buckets}
        reading = derive(period=period, period_type=ptype, aggregation=ind.aggregation, series=own,
                         target=ind.annual_target)  # fmt: skip
        kids = [
            ChildValue(c, cv := series.get((ind.pk, c.pk, period)), _growth(cv, series.get((ind.pk, c.pk, ly))))
            for c in children
        ]
        rows.append(IndicatorRow(ind, reading, [(p, own.get(p)) for p in year], [(p, own.get(p)) for p in year_before],
                                 kids))  # fmt: skip
    return IndicatorTable(indicator_set, org, period, periods.label(period, ptype), rows, children)


def trend_chart(table: IndicatorTable, *, this_year: str, last_year: str) -> dict[str, Any]:
    """The set page's chart data: each indicator over this year against last year."""
    ptype = table.indicator_set.period_type

    def num(v: Decimal | None) -> float | None:
        return None if v is None else round(float(v), 2)

    return {
        r.indicator.code: {
            "title": f"{r.indicator.name}（{r.indicator.unit}）" if r.indicator.unit else r.indicator.name,
            "x": [periods.short_label(p, ptype) for p, _v in r.trend],
            "series": [
                {"name": this_year, "data": [num(v) for _p, v in r.trend]},
                {"name": last_year, "data": [num(v) for _p, v in r.trend_prior]},
            ],
        }
        for r in table.rows
    }


def _growth(cur: Decimal | None, prior: Decimal | None) -> Decimal | None:
    from .derived import growth

    return growth(cur, prior)


@dataclass
class UnitStatus:
    org: Organization
    received: int  # values entered, of len(indicators)
    complete: bool
    on_time: bool
    approved: bool
    reported_at: datetime.datetime | None


@dataclass
class ReportingStatus:
    indicator_set: IndicatorSet
    org: Organization
    period: str
    due: datetime.date
    expected: int
    units: list[UnitStatus]

    @property
    def received(self) -> int:
        return sum(1 for u in self.units if u.complete)

    @property
    def on_time(self) -> int:
        return sum(1 for u in self.units if u.complete and u.on_time)

    @property
    def rate(self) -> float | None:
        return self.received / self.expected if self.expected else None

    @property
    def on_time_rate(self) -> float | None:
        return self.on_time / self.expected if self.expected else None

    @property
    def missing(self) -> list[UnitStatus]:
        return [u for u in self.units if not u.complete]


def reporting_status(
    *, actor: Any, indicator_set: IndicatorSet, org: Organization, period: str, today: datetime.date | None = None
) -> ReportingStatus:
    """Who in ``org``'s subtree must report the set for ``period``, who did (every indicator
    entered), on time (complete by the due date), and approved. Three queries."""
    ptype = indicator_set.period_type
    due = periods.end_of(period, ptype) + datetime.timedelta(days=indicator_set.due_days)
    n_ind = indicator_set.indicators.count()
    expected = list(
        indicator_set.reporting_orgs.filter(scope_q(actor, "path"), path__startswith=org.path).order_by("path")
    )
    stats = {
        row["org_id"]: row
        for row in IndicatorValue.objects.filter(
            indicator__indicator_set=indicator_set, period=period, org__in=[o.pk for o in expected]
        )
        .values("org_id")
        .annotate(n=Count("id"), last=Max("reported_at"), approved=Count("id", filter=Q(status=ValueStatus.APPROVED)))
    }
    units = []
    for o in expected:
        st = stats.get(o.pk)
        n = st["n"] if st else 0
        last = st["last"] if st else None
        complete = n_ind > 0 and n >= n_ind
        on_time = bool(complete and last is not None and _local_date(last) <= due)
        units.append(UnitStatus(o, n, complete, on_time, bool(st and st["approved"] == n and n), last))
    return ReportingStatus(indicator_set, org, period, due, len(expected), units)


def _local_date(moment: datetime.datetime) -> datetime.date:
    from django.utils import timezone

    return timezone.localtime(moment).date()


def own_values(*, actor: Any, indicator_set: IndicatorSet, org: Organization, period: str) -> dict[int, IndicatorValue]:
    """The values ``org`` itself entered for the set and period, by indicator id (one query)."""
    if not can(actor, org):
        raise Http404(_("No such organisation."))
    rows = IndicatorValue.objects.filter(indicator__indicator_set=indicator_set, org=org, period=period).select_related(
        "approved_by"
    )
    return {v.indicator_id: v for v in rows}


def value_list(
    *, actor: Any, indicator_set: IndicatorSet, org: Organization, period: str | None = None
) -> QuerySet[IndicatorValue]:
    """Values of the set entered in ``org``'s subtree (and the actor's scope), newest period first."""
    qs = IndicatorValue.objects.filter(
        scope_q(actor, "org__path"), indicator__indicator_set=indicator_set, org__path__startswith=org.path
    ).select_related("indicator", "org")
    if period:
        qs = qs.filter(period=period)
    return qs.order_by("-period", "org__path", "indicator__order")
