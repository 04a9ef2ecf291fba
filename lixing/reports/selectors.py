"""What the dashboard, the wall screen, the exports and the briefing read.

Everything comes from the figure registry (:mod:`lixing.figures`); ``reports`` imports no
line of work, so a figure registered tomorrow shows up here without a change.

Query budget of :func:`dashboard` (whatever the size of the subtree): the children (1),
every counter figure for the organisation and its children (1), the organisation's own
records for the tables by unit (本级, 1), the trend of every counter figure (1), plus
whatever ``compute`` figures declare for themselves (per organisation).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.functional import Promise

from lixing.figures import registry
from lixing.figures.periods import Period
from lixing.figures.registry import Figure, FigureValue, Group
from lixing.figures.selectors import figure_own_values, figure_trend, figure_values
from lixing.orgs.access import Cap, scope_q, visible_orgs
from lixing.orgs.models import Organization

from .models import Briefing, BriefingSubscription, BriefingTemplate

# How many lagging units a briefing or a dashboard names per rate figure.
LAGGARDS = 3


@dataclass
class ChildValue:
    org: Organization
    value: FigureValue
    lagging: bool = False


@dataclass
class FigureView:
    """One figure on the dashboard: its value for the subtree, its trend over the period,
    and (for comparable figures) its value for each child unit."""

    figure: Figure
    value: FigureValue
    trend: list[tuple[Period, FigureValue]] = field(default_factory=list)
    children: list[ChildValue] = field(default_factory=list)
    # A comparable ``compute`` figure's breakdown costs queries per unit: the page loads it
    # on demand (one request per figure) instead of computing it for every unit up front.
    lazy_breakdown: bool = False
    # The organisation's own records (本级), shown with the children so the rows add up to
    # the total (counter figures only; None when there is no table by unit).
    own: FigureValue | None = None
    # The figure's records page (set by the view: one reverse() per figure, not per cell).
    records_href: str = ""

    @property
    def key(self) -> str:
        return self.figure.key

    @property
    def show_own(self) -> bool:
        """Whether the 本级 row has something to say (own records, or a rate's own base)."""
        if self.own is None:
            return False
        return bool(self.own.denominator) if self.own.is_rate else not self.own.is_empty

    @property
    def comparable(self) -> bool:
        return self.figure.comparable

    @property
    def is_rate(self) -> bool:
        return self.value.is_rate

    @property
    def has_records(self) -> bool:
        # (Templates call callables, so they must not test ``figure.records`` directly.)
        return self.figure.records is not None

    @property
    def laggards(self) -> list[ChildValue]:
        return sorted((c for c in self.children if c.lagging), key=lambda c: (c.value.value, c.org.path))  # type: ignore[arg-type, return-value]

    @property
    def lag_gap(self) -> float:
        """How far the lowest lagging unit falls below the subtree's rate (0 when none)."""
        lags = self.laggards
        if not lags or self.value.value is None or lags[0].value.value is None:
            return 0.0
        return float(self.value.value - lags[0].value.value)


@dataclass
class GroupView:
    key: str
    label: Promise | str
    figures: list[FigureView]

    @property
    def non_empty(self) -> list[FigureView]:
        return [f for f in self.figures if not f.value.is_empty]


@dataclass
class Dashboard:
    org: Organization
    period: Period
    children: list[Organization]
    groups: list[GroupView]

    def figure(self, key: str) -> FigureView:
        for g in self.groups:
            for f in g.figures:
                if f.key == key:
                    return f
        raise KeyError(key)

    @property
    def figures(self) -> list[FigureView]:
        return [f for g in self.groups for f in g.figures]


def child_units(*, actor: Any, org: Organization) -> list[Organization]:
    """The active child organisations the actor may see, in tree order (one query)."""
    return list(visible_orgs(actor).filter(parent=org).order_by("path"))


def mark_laggards(children: list[ChildValue], overall: FigureValue) -> None:
    """Flag the lowest-rate children (at most :data:`LAGGARDS`) that fall below the subtree's
    own rate. Only children whose rate is shown (sample reached) take part, and only when at
    least two can be compared."""
    rated = [c for c in children if c.value.value is not None]
    if len(rated) < 2 or overall.value is None:
        return
    below = sorted((c for c in rated if c.value.value < overall.value), key=lambda c: (c.value.value, c.org.path))  # type: ignore[operator]
    for c in below[:LAGGARDS]:
        c.lagging = True


def dashboard(
    *,
    actor: Any,
    org: Organization,
    period: Period,
    figures: Sequence[Figure] | None = None,
    trend: bool = True,
    breakdown_compute: bool = False,
    own: bool = True,
) -> Dashboard:
    """Every registered figure for ``org``'s subtree and ``period``, grouped by line of work.

    ``org`` must have been access-checked by the caller. Non-comparable figures get no
    per-unit breakdown: units are compared by rates and outcomes only. Counter figures are
    read for the organisation and all its children in one query; ``compute`` figures only
    for the organisation, unless ``breakdown_compute`` (then per child: use it for one
    figure at a time).
    """
    figures = list(figures) if figures is not None else registry.all_figures()
    children = child_units(actor=actor, org=org)
    counted = [f for f in figures if f.from_counters is not None]
    computed = [f for f in figures if f.from_counters is None]
    values: dict[int, dict[str, FigureValue]] = {o.pk: {} for o in [org, *children]}
    if counted:
        for pk, vals in figure_values(actor=actor, orgs=[org, *children], period=period, figures=counted).items():
            values[pk].update(vals)
    if computed:
        targets = [org, *children] if breakdown_compute else [org]
        for pk, vals in figure_values(actor=actor, orgs=targets, period=period, figures=computed).items():
            values[pk].update(vals)
    trends = figure_trend(actor=actor, org=org, period=period, figures=counted) if trend and counted else {}
    tabled = [f for f in counted if f.comparable]
    # 本级 rows (one query), unless the caller shows no table by unit (the wall screen).
    own_values = (
        figure_own_values(actor=actor, org=org, period=period, figures=tabled) if own and children and tabled else {}
    )
    groups: dict[str, list[FigureView]] = {}
    for f in figures:
        view = FigureView(f, values[org.pk][f.key], trends.get(f.key, []))
        if f.comparable and children:
            if f.from_counters is not None or breakdown_compute:
                view.children = [ChildValue(c, values[c.pk][f.key]) for c in children]
                view.own = own_values.get(f.key)
                if view.value.is_rate:
                    mark_laggards(view.children, view.value)
            else:
                view.lazy_breakdown = True
        groups.setdefault(f.group, []).append(view)
    order = {g: i for i, g in enumerate(Group.ORDER)}
    ordered = sorted(groups.items(), key=lambda kv: (order.get(kv[0], 99), kv[0]))
    return Dashboard(
        org=org,
        period=period,
        children=children,
        groups=[GroupView(k, Group.LABELS.get(k, k), fs) for k, fs in ordered],
    )


def period_choices(today: datetime.date) -> list[Period]:
    """The periods the picker offers: all time, this and last year, this year's quarters,
    the last twelve months and the last eight weeks."""
    out = [Period.parse("all"), Period.parse(str(today.year)), Period.parse(str(today.year - 1))]
    out += [Period.parse(f"{today.year}Q{q}") for q in range(1, (today.month - 1) // 3 + 2)]
    y, m = today.year, today.month
    for _i in range(12):
        out.append(Period.parse(f"{y}-{m:02d}"))
        y, m = (y - 1, 12) if m == 1 else (y, m - 1)
    day = today
    for _i in range(8):
        p = Period.containing(day, "week")
        if p not in out:
            out.append(p)
        day -= datetime.timedelta(days=7)
    return out


# --- Briefings, templates, subscriptions: what the actor may see ------------------------------


def briefing_list(*, actor: Any, org: Organization | None = None) -> QuerySet[Briefing]:
    qs = Briefing.objects.filter(scope_q(actor, "org__path", Cap.VIEW)).select_related("org")
    if org is not None:
        qs = qs.filter(org__path__startswith=org.path)
    return qs.order_by("-created_at", "-id")


def template_list(*, actor: Any, org: Organization | None = None) -> QuerySet[BriefingTemplate]:
    """Templates of the actor's subtrees and of the ancestors of ``org`` (an office's template
    serves every unit below it)."""
    q = scope_q(actor, "org__path", Cap.VIEW)
    if org is not None:
        q |= Q(org__path__in=org.ancestor_paths())
    return BriefingTemplate.objects.filter(q).select_related("org").order_by("name", "id")


def subscription_list(*, actor: Any) -> QuerySet[BriefingSubscription]:
    return (
        BriefingSubscription.objects.filter(scope_q(actor, "org__path", Cap.VIEW))
        .select_related("org", "template")
        .order_by("org__path")
    )
