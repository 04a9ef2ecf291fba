"""Reads of the campaign app. Each takes the actor and returns only what they may see;
each list is a fixed number of queries whatever the size of the plan."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, QuerySet
from django.utils.translation import gettext as _

from lixing.escalation.models import Escalation, Step
from lixing.escalation.selectors import escalations_q, monthly_listing
from lixing.figures.periods import Period
from lixing.orgs.access import SYSTEM, Cap, can
from lixing.orgs.models import Organization

from .access import assignments_q, campaigns_q, is_office
from .models import (
    OPEN_STATUSES,
    Assignment,
    Campaign,
    GroupPerson,
    Measure,
    ProgressReport,
    ReportKind,
    Status,
    Task,
    Theme,
    WorkingGroup,
)  # fmt: skip
from .supervision import SOURCE, attach_assignments, series_of


def campaign_list(*, actor: Any) -> QuerySet[Campaign]:
    return Campaign.objects.filter(campaigns_q(actor)).select_related("org").order_by("-starts_on", "-id")


def campaign_groups(*, actor: Any, campaign: Campaign) -> list[WorkingGroup]:
    people = GroupPerson.objects.select_related("member").order_by("role", "id")
    return list(WorkingGroup.objects.filter(campaign=campaign).prefetch_related(Prefetch("people", queryset=people)))


@dataclass
class PlanTask:
    task: Task
    assignments: list[Assignment]


@dataclass
class PlanMeasure:
    measure: Measure
    tasks: list[PlanTask] = field(default_factory=list)


@dataclass
class PlanTheme:
    theme: Theme
    measures: list[PlanMeasure] = field(default_factory=list)


def plan_tree(*, actor: Any, campaign: Campaign) -> list[PlanTheme]:
    """The whole plan, for the office (4 queries)."""
    if not is_office(actor, campaign):
        raise PermissionDenied(_("Only the office running the campaign sees the whole plan."))
    themes = [PlanTheme(t) for t in Theme.objects.filter(campaign=campaign).order_by("number", "id")]
    measures = {m.pk: PlanMeasure(m) for m in Measure.objects.filter(campaign=campaign).order_by("number", "id")}
    by_task: dict[int, list[Assignment]] = defaultdict(list)
    for a in Assignment.objects.filter(campaign=campaign).select_related("unit").order_by("unit__path"):
        by_task[a.task_id].append(a)
    for t in Task.objects.filter(campaign=campaign).select_related("lead_unit").order_by("number", "id"):
        if t.measure_id in measures:
            measures[t.measure_id].tasks.append(PlanTask(t, by_task.get(t.pk, [])))
    by_theme = {t.theme.pk: t for t in themes}
    for pm in measures.values():
        if pm.measure.theme_id in by_theme:
            by_theme[pm.measure.theme_id].measures.append(pm)
    return themes


def plan_counts(*, campaign: Campaign) -> dict[str, int]:
    return {
        "themes": Theme.objects.filter(campaign=campaign).count(),
        "measures": Measure.objects.filter(campaign=campaign).count(),
        "tasks": Task.objects.filter(campaign=campaign).count(),
    }


def assignment_list(
    *, actor: Any, campaign: Campaign, unit_id: int | None = None, theme_id: int | None = None,
    status: str | None = None, mine_only: bool = False,
) -> QuerySet[Assignment]:  # fmt: skip
    """The units' shares of tasks the actor may see. ``mine_only``: only their own units'
    (not those they see as lead unit or office)."""
    from lixing.orgs.access import scope_q

    q = scope_q(actor, "unit__path") if mine_only else assignments_q(actor)
    qs = Assignment.objects.filter(q, campaign=campaign).select_related(
        "task__measure__theme", "task__lead_unit", "unit"
    )
    if unit_id:
        qs = qs.filter(unit_id=unit_id)
    if theme_id:
        qs = qs.filter(task__measure__theme_id=theme_id)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("task__due_on", "task__measure__theme__number", "task__measure__number", "task__number",
                       "unit__path")  # fmt: skip


def my_assignments(*, actor: Any) -> QuerySet[Assignment]:
    """Every open share of a task in the actor's units, across campaigns (their to-do list)."""
    from lixing.orgs.access import scope_q

    return (
        Assignment.objects.filter(scope_q(actor, "unit__path"))
        .exclude(status=Status.VERIFIED)
        .select_related("task__campaign", "task__lead_unit", "unit")
        .order_by("task__due_on", "id")
    )


def assignment_timeline(*, actor: Any, assignment: Assignment) -> QuerySet[ProgressReport]:
    return ProgressReport.objects.filter(assignment=assignment).prefetch_related("attachments").order_by("-day", "-id")


def assignment_supervisions(*, actor: Any, assignment: Assignment) -> QuerySet[Escalation]:
    return Escalation.objects.filter(source=SOURCE, subject_id=assignment.pk).order_by("issued_on", "id")


def may_report(actor: Any, assignment: Assignment) -> bool:
    return can(actor, assignment.unit, Cap.RECORDS) and assignment.status in OPEN_STATUSES


def may_verify(actor: Any, assignment: Assignment) -> bool:
    return can(actor, assignment.task.lead_unit, Cap.RECORDS) and assignment.status == Status.SUBMITTED


# --- The wall chart (挂图作战) ---------------------------------------------------------------


@dataclass
class Bar:
    assignment: Assignment
    start: datetime.date
    end: datetime.date
    left: float  # percent of the chart's width
    width: float
    late: bool


@dataclass
class Chart:
    start: datetime.date
    end: datetime.date
    today: datetime.date
    today_left: float | None
    months: list[tuple[str, float]]
    bars: list[Bar]


def wall_chart(
    *, actor: Any, campaign: Campaign, today: datetime.date, unit_id: int | None = None, theme_id: int | None = None
) -> Chart:
    """Tasks (one bar per unit's share) against the campaign's calendar (1 query)."""
    rows = list(assignment_list(actor=actor, campaign=campaign, unit_id=unit_id, theme_id=theme_id))
    start, end = campaign.starts_on, campaign.ends_on
    span = max((end - start).days, 1)

    def pos(day: datetime.date) -> float:
        return round(100 * min(max((day - start).days, 0), span) / span, 2)

    bars = []
    for a in rows:
        due = a.task.due_on or end
        begin = a.task.starts_on or start
        late = a.is_late or (a.status in OPEN_STATUSES and due < today)
        left = pos(begin)
        bars.append(Bar(a, begin, due, left, max(pos(due) - left, 1.0), late))
    months = []
    d = start.replace(day=1)
    while d <= end:
        if d >= start or (d.replace(day=28) - start).days > 14:  # no label squeezed in by a part month
            months.append((f"{d.month}", pos(max(d, start))))
        d = (d.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    today_left = pos(today) if start <= today <= end else None
    return Chart(start, end, today, today_left, months, bars)


# --- Weekly and monthly reports ---------------------------------------------------------


@dataclass(frozen=True)
class Share:
    """A unit's share of a task as the weekly report shows it (plain values: thousands of rows
    at province scale, read without building model instances)."""

    pk: int
    task_title: str
    due_on: datetime.date | None
    unit_name: str
    unit_path: str
    percent: int


@dataclass
class Entry:
    share: Share
    day: datetime.date
    text: str
    before: int
    after: int


@dataclass
class WeeklyReport:
    campaign: Campaign
    period: Period
    moved: list[Entry]
    submitted: list[Entry]
    finished: list[Entry]
    returned: list[Entry]
    late: list[Share]
    counts: dict[str, int]
    # (unit under the campaign's organisation, moved, finished, late): the week by 党委.
    by_unit: list[tuple[str, int, int, int]] = field(default_factory=list)


def _require_office(actor: Any, campaign: Campaign) -> None:
    if not is_office(actor, campaign):
        raise PermissionDenied(_("Only the office running the campaign sees its reports."))


_SHARE = ("task__title", "task__due_on", "unit__short_name", "unit__name", "unit__path", "percent")


def _share(pk: int, title: str, due: datetime.date | None, short: str, name: str, path: str, pct: int) -> Share:
    return Share(pk, title, due, short or name, path, pct)


def weekly_report(*, actor: Any, campaign: Campaign, period: Period) -> WeeklyReport:
    """一周一报: compiled from the units' updates in the week, never re-typed (5 queries)."""
    _require_office(actor, campaign)
    assert period.start is not None and period.end is not None
    rows = (
        ProgressReport.objects.filter(assignment__campaign=campaign, day__gte=period.start, day__lte=period.end)
        .order_by("day", "id")
        .values_list("kind", "day", "text", "percent_before", "percent", "assignment_id",
                     *(f"assignment__{f}" for f in _SHARE))
    )  # fmt: skip
    moved: dict[int, Entry] = {}
    shares: dict[int, Share] = {}
    submitted: list[Entry] = []
    finished: list[Entry] = []
    returned: list[Entry] = []
    for kind, day, text, before, after, aid, *share in rows:
        s = shares.get(aid) or shares.setdefault(aid, _share(aid, *share))
        if kind == ReportKind.PROGRESS:
            m = moved.get(aid)
            if m is None:
                moved[aid] = Entry(s, day, text, before, after)
            else:
                m.after, m.text, m.day = after, text or m.text, day
        else:
            {ReportKind.SUBMITTED: submitted, ReportKind.VERIFIED: finished, ReportKind.RETURNED: returned}[
                kind
            ].append(Entry(s, day, text, before, after))
    late = [
        _share(*row)
        for row in Assignment.objects.filter(campaign=campaign, status__in=OPEN_STATUSES, task__due_on__lte=period.end)
        .order_by("task__due_on", "unit__path")
        .values_list("id", *_SHARE)
    ]
    counts = dict.fromkeys(("assignments", "verified"), 0)
    for status, n in Assignment.objects.filter(campaign=campaign).values_list("status").annotate(n=Count("id")):
        counts["assignments"] += n
        if status == Status.VERIFIED:
            counts["verified"] = n
    report = WeeklyReport(campaign, period, list(moved.values()), submitted, finished, returned, late, counts)
    report.by_unit = _by_unit(campaign, report)
    return report


def _by_unit(campaign: Campaign, r: WeeklyReport) -> list[tuple[str, int, int, int]]:
    """Moved / finished / late counted per organisation directly under the campaign's (1 query)."""
    cut = len(campaign.org.path) + Organization.steplen
    names = dict(Organization.objects.filter(parent=campaign.org).values_list("path", "name"))
    tally: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    rows: list[tuple[int, Share]] = [(0, m.share) for m in r.moved]
    rows += [(1, e.share) for e in r.finished] + [(2, a) for a in r.late]
    for i, s in rows:
        tally[s.unit_path[:cut]][i] += 1
    out = [(names.get(p, campaign.org.name), v[0], v[1], v[2]) for p, v in tally.items()]
    return sorted(out, key=lambda t: (-t[3], t[0]))


@dataclass
class MonthlyReport:
    campaign: Campaign
    period: Period
    reminders: int
    notices: list[Escalation]
    answered: list[Escalation]
    listed: list[Escalation]


def monthly_report(*, actor: Any, campaign: Campaign, period: Period) -> MonthlyReport:
    """一月一督办: notices issued and answered in the month, and the late tasks listed by name."""
    _require_office(actor, campaign)
    m = monthly_listing(actor=SYSTEM, period=period, series=series_of(campaign.pk), sources=[SOURCE])
    attach_assignments(m.notices + m.answered + m.listed)
    return MonthlyReport(campaign, period, reminders=m.reminders, notices=m.notices, answered=m.answered,
                         listed=m.listed)  # fmt: skip


def supervision_list(*, actor: Any, campaign: Campaign) -> list[Escalation]:
    """The campaign's notices the actor sees (their units', or all of them for the office)."""
    qs = Escalation.objects.filter(escalations_q(actor), source=SOURCE, series=series_of(campaign.pk),
                                   step=Step.NOTICE)  # fmt: skip
    return attach_assignments(qs.select_related("owner").order_by("-issued_on", "-number")[:500])
