"""Reads of practical deeds. Staff reads take the actor and are scoped; the public reads
(tracking page, project and wish boards) return only what may be shown to anyone."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import F, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from lixing.figures.periods import Period
from lixing.figures.registry import FigureValue, min_sample
from lixing.orgs.access import Cap, can, scope_q, visible_orgs
from lixing.orgs.models import RESIDENTIAL_UNITS, Member, Organization
from lixing.orgs.rollups import read_totals

from . import counters as c
from .models import (
    CODE_LENGTH,
    Category,
    CategoryGroup,
    CommunityRegistration,
    EventKind,
    MicroProject,
    ProjectPhase,
    ServiceActivity,
    ServiceTeam,
    Ticket,
    TicketEvent,
    TicketSource,
    Visit,
    VisitTarget,
    VolunteerRecord,
    Wish,
    WishState,
)

# --- Tickets -----------------------------------------------------------------------------------


def ticket_scope(actor: Any, cap: Cap = Cap.VIEW) -> Q:
    """Tickets the actor may see: assigned to a unit in their scope, or received by an office in it."""
    return scope_q(actor, "unit__path", cap) | scope_q(actor, "office__path", cap)


def in_subtree(org: Organization) -> Q:
    """Tickets counted in ``org``'s subtree: by responsible unit, or by office while unassigned."""
    return Q(unit__path__startswith=org.path) | Q(unit__isnull=True, office__path__startswith=org.path)


@dataclass(frozen=True)
class TicketFilter:
    state: str = ""
    source: str = ""
    group: str = ""
    category: int | None = None
    visit_target: str = ""
    late: bool = False
    solved: bool = False
    query: str = ""


def ticket_list(*, actor: Any, org: Organization, period: Period, f: TicketFilter | None = None) -> QuerySet[Ticket]:
    f = f or TicketFilter()
    qs = Ticket.objects.filter(ticket_scope(actor), in_subtree(org)).select_related("category", "unit", "office")
    if period.start and period.end:
        qs = qs.filter(received_on__range=(period.start, period.end))
    if f.state:
        qs = qs.filter(state=f.state)
    if f.source:
        qs = qs.filter(source=f.source)
    if f.group:
        qs = qs.filter(category__group=f.group)
    if f.category:
        qs = qs.filter(category_id=f.category)
    if f.visit_target:
        qs = qs.filter(visit__target_type=f.visit_target)
    if f.late:
        qs = qs.filter(late_at__isnull=False)
    if f.solved:
        qs = qs.filter(outcome="resolved")
    if f.query:
        qs = qs.filter(Q(title__contains=f.query) | Q(code=f.query.upper()))
    return qs.order_by("-received_on", "-id")


def ticket_get(*, actor: Any, ticket_id: int | str) -> Ticket:
    try:
        return (
            Ticket.objects.select_related("category", "unit", "office", "lead", "visit")
            .filter(ticket_scope(actor))
            .get(pk=int(ticket_id))
        )
    except (Ticket.DoesNotExist, ValueError, TypeError):
        raise Http404(_("No such ticket.")) from None


def ticket_events(*, ticket: Ticket) -> QuerySet[TicketEvent]:
    return ticket.events.select_related("unit").order_by("at", "id")


@dataclass(frozen=True)
class PublicStep:
    at: datetime.datetime
    kind: str
    label: str
    state_label: str
    unit: str


@dataclass(frozen=True)
class PublicTicket:
    """What the tracking page shows: no name, phone, address, description or internal note."""

    code: str
    category: str
    kind: str
    source: str
    state: str
    state_label: str
    received_on: datetime.date
    due_on: datetime.date
    unit: str
    reply: str
    can_confirm: bool
    steps: list[PublicStep]


# Internal escalation steps stay internal: the public sees the work, not the supervision.
PUBLIC_STEPS = {EventKind.RECEIVED, EventKind.ASSIGNED, EventKind.STARTED, EventKind.ANSWERED, EventKind.CONFIRMED,
                EventKind.REOPENED}  # fmt: skip


def ticket_by_code(code: str) -> Ticket:
    """The ticket with this tracking code (for its submitter, who has no account)."""
    code = (code or "").strip().upper().replace("-", "").replace(" ", "")
    if len(code) != CODE_LENGTH:
        raise Http404(_("No ticket has this tracking code."))
    try:
        return Ticket.objects.select_related("category", "unit").get(code=code)
    except Ticket.DoesNotExist:
        raise Http404(_("No ticket has this tracking code.")) from None


def ticket_public(ticket: Ticket) -> PublicTicket:
    from .models import ANSWERED_STATES

    events = (
        TicketEvent.objects.filter(ticket=ticket, kind__in=PUBLIC_STEPS).select_related("unit").order_by("at", "id")
    )
    return PublicTicket(
        code=ticket.code, category=ticket.category.name, kind=ticket.get_kind_display(),
        source=ticket.get_source_display(), state=ticket.state, state_label=ticket.get_state_display(),
        received_on=ticket.received_on, due_on=ticket.due_on,
        unit=ticket.unit.display_name if ticket.unit else "", reply=ticket.reply,
        can_confirm=ticket.state in ANSWERED_STATES,
        steps=[PublicStep(e.at, e.kind, e.get_kind_display(), e.get_state_display(),
                          e.unit.display_name if e.unit else "") for e in events],
    )  # fmt: skip


# --- Ticket figures ----------------------------------------------------------------------------


@dataclass(frozen=True)
class TicketFigures:
    collected: int
    solved: int
    partial: int
    late: int
    rate: FigureValue
    satisfaction: FigureValue
    median_days: int | None


def _rate(num: int, den: int) -> FigureValue:
    return FigureValue(num / den if den and den >= min_sample() else None, numerator=num, denominator=den, is_rate=True)


def median_from_histogram(hist: dict[int, int]) -> int | None:
    """Median days to resolve from the histogram (upper bound of the median's bin)."""
    n = sum(hist.values())
    if n == 0:
        return None
    seen, half = 0, (n + 1) / 2
    for bin_ in c.DAY_BINS:
        seen += hist.get(bin_, 0)
        if seen >= half:
            return bin_
    return None


def _figures_from(totals: dict[str, int], hist: dict[int, int] | None = None) -> TicketFigures:
    collected, solved = totals.get("collected", 0), totals.get("solved", 0)
    return TicketFigures(
        collected=collected, solved=solved, partial=totals.get("partial", 0), late=totals.get("late", 0),
        rate=_rate(solved, collected), satisfaction=_rate(totals.get("satisfied", 0), totals.get("rated", 0)),
        median_days=median_from_histogram(hist) if hist is not None else None,
    )  # fmt: skip


@dataclass(frozen=True)
class BreakdownRow:
    label: str
    params: str  # query string for the ticket list (the drill-down)
    figures: TicketFigures


@dataclass(frozen=True)
class TicketBreakdown:
    total: TicketFigures
    by_source: list[BreakdownRow]
    by_group: list[BreakdownRow]
    by_category: list[BreakdownRow]
    by_visit_target: list[BreakdownRow]
    by_unit: list[tuple[Organization, TicketFigures]]


def ticket_figures(*, org: Organization, period: Period) -> TicketFigures:
    """Headline figures for ``org``'s subtree: one query (counters and the day histogram)."""
    keys = [c.ticket_key(m) for m in c.METRICS] + [c.hist_key(b) for b in c.DAY_BINS]
    totals = read_totals([org.pk], keys, [period.bucket])
    return _figures_from(
        {m: totals.get((org.pk, c.ticket_key(m), period.bucket), 0) for m in c.METRICS},
        {b: totals.get((org.pk, c.hist_key(b), period.bucket), 0) for b in c.DAY_BINS},
    )


def ticket_breakdown(*, actor: Any, org: Organization, period: Period) -> TicketBreakdown:
    """Figures by source, category group, category, visit target and sub-unit: four queries
    whatever the subtree's size (categories, children, their counters, this org's counters)."""
    categories = list(Category.objects.order_by("group", "order", "name"))
    dims: list[tuple[str, str, str, str]] = []  # (section, dim, label, params)
    dims += [("source", f"src.{v}", str(label), f"source={v}") for v, label in TicketSource.choices]
    dims += [("group", f"grp.{v}", str(label), f"group={v}") for v, label in CategoryGroup.choices]
    dims += [("category", f"cat.{cat.pk}", cat.name, f"category={cat.pk}") for cat in categories]
    dims += [("visit", f"vt.{v}", str(label), f"visit_target={v}") for v, label in VisitTarget.choices]
    keys = [c.ticket_key(m, d) for _s, d, _l, _p in dims for m in c.METRICS]
    keys += [c.ticket_key(m) for m in c.METRICS] + [c.hist_key(b) for b in c.DAY_BINS]
    children = list(visible_orgs(actor).filter(parent=org).order_by("path"))
    totals = read_totals([org.pk, *(ch.pk for ch in children)], keys, [period.bucket])

    def fig(org_id: int, dim: str = "", hist: bool = False) -> TicketFigures:
        t = {m: totals.get((org_id, c.ticket_key(m, dim), period.bucket), 0) for m in c.METRICS}
        h = {b: totals.get((org_id, c.hist_key(b), period.bucket), 0) for b in c.DAY_BINS} if hist else None
        return _figures_from(t, h)

    rows: dict[str, list[BreakdownRow]] = {"source": [], "group": [], "category": [], "visit": []}
    for section, dim, label, params in dims:
        figures = fig(org.pk, dim)
        if section in {"category", "visit"} and figures.collected == 0:
            continue
        rows[section].append(BreakdownRow(label, params, figures))
    return TicketBreakdown(
        total=fig(org.pk, hist=True), by_source=rows["source"], by_group=rows["group"],
        by_category=rows["category"], by_visit_target=rows["visit"],
        by_unit=[(ch, fig(ch.pk, hist=True)) for ch in children],
    )  # fmt: skip


# --- Visits ------------------------------------------------------------------------------------


def visit_list(*, actor: Any, org: Organization, period: Period, target_type: str = "") -> QuerySet[Visit]:
    qs = Visit.objects.filter(scope_q(actor, "org__path"), org__path__startswith=org.path).select_related("org")
    if period.start and period.end:
        qs = qs.filter(visited_on__range=(period.start, period.end))
    if target_type:
        qs = qs.filter(target_type=target_type)
    return qs.order_by("-visited_on", "-id")


def visit_get(*, actor: Any, visit_id: int) -> Visit:
    try:
        return Visit.objects.select_related("org").filter(scope_q(actor, "org__path")).get(pk=visit_id)
    except Visit.DoesNotExist:
        raise Http404(_("No such visit.")) from None


def members_for_choice(*, actor: Any, org: Organization) -> QuerySet[Member]:
    """Members a form may offer (pages show them for a branch or a small unit; validation uses all)."""
    return (
        Member.objects.filter(scope_q(actor, "org__path"), org__path__startswith=org.path)
        .select_related("org")
        .order_by("org__path", "name")
    )


def units_for_choice(*, actor: Any, org: Organization, max_depth: int = 3) -> QuerySet[Organization]:
    """Units a form may offer: the organisation and up to ``max_depth`` levels below it."""
    return (
        visible_orgs(actor, Cap.VIEW)
        .filter(path__startswith=org.path, depth__lte=org.depth + max_depth)
        .order_by("path")
    )


def communities() -> QuerySet[Organization]:
    """Communities and villages: for each residents' or villagers' committee, the top party
    organisation in it (by the unit type, not by name: 社区卫生服务中心 is no community) —
    the one units and members register with (双报到), and that posts wishes and activities.
    Not scoped: a member registers where they live, wherever that is in the tree."""
    return (
        Organization.objects.filter(unit_type__in=RESIDENTIAL_UNITS, dissolved_at__isnull=True)
        .exclude(parent__unit_type=F("unit_type"), parent__unit_name=F("unit_name"))
        .order_by("path")
    )


# --- Projects ----------------------------------------------------------------------------------


def project_list(*, actor: Any, org: Organization, phase: str = "") -> QuerySet[MicroProject]:
    qs = MicroProject.objects.filter(scope_q(actor, "org__path"), org__path__startswith=org.path).select_related("org")
    if phase:
        qs = qs.filter(phase=phase)
    return qs.order_by("-proposed_on", "-id")


def project_get(*, actor: Any, project_id: int) -> MicroProject:
    try:
        return MicroProject.objects.select_related("org").filter(scope_q(actor, "org__path")).get(pk=project_id)
    except MicroProject.DoesNotExist:
        raise Http404(_("No such project.")) from None


PUBLIC_PHASES = [ProjectPhase.PROPOSED, ProjectPhase.REVIEWED, ProjectPhase.SELECTED, ProjectPhase.IMPLEMENTING,
                 ProjectPhase.ACCEPTED]  # fmt: skip


def public_projects(phase: str = "", limit: int = 200) -> QuerySet[MicroProject]:
    """Every project for the public board (no proposer name or phone is ever read out)."""
    qs = MicroProject.objects.exclude(phase=ProjectPhase.REJECTED).select_related("org")
    if phase:
        qs = qs.filter(phase=phase)
    return qs.order_by("-proposed_on", "-id")[:limit]


def public_project(project_id: int) -> MicroProject:
    try:
        return MicroProject.objects.select_related("org").exclude(phase=ProjectPhase.REJECTED).get(pk=project_id)
    except MicroProject.DoesNotExist:
        raise Http404(_("No such project.")) from None


# --- Wishes ------------------------------------------------------------------------------------


def wish_list(*, actor: Any, org: Organization, state: str = "") -> QuerySet[Wish]:
    qs = Wish.objects.filter(scope_q(actor, "org__path"), org__path__startswith=org.path).select_related(
        "org", "claimed_by"
    )
    if state:
        qs = qs.filter(state=state)
    return qs.order_by("-posted_on", "-id")


def open_wishes(limit: int = 200) -> QuerySet[Wish]:
    """The public wall: open and recent wishes (shown with initials only)."""
    return Wish.objects.select_related("org").order_by("state", "-posted_on", "-id")[:limit]


def wish_get(*, actor: Any, wish_id: int) -> Wish:
    """A wish for staff in scope, or for the member who claimed it, or any member while it is open."""
    try:
        wish = Wish.objects.select_related("org", "claimed_by").get(pk=wish_id)
    except Wish.DoesNotExist:
        raise Http404(_("No such wish.")) from None
    from lixing.orgs.access import member_of

    me = member_of(actor)
    if can(actor, wish.org, Cap.VIEW) or (
        me is not None and (wish.state == WishState.POSTED or wish.claimed_by_id == me.pk)
    ):
        return wish
    raise Http404(_("No such wish."))


# --- Registration and volunteering -------------------------------------------------------------


def registrations(*, actor: Any, community: Organization) -> QuerySet[CommunityRegistration]:
    return (
        CommunityRegistration.objects.filter(
            scope_q(actor, "community__path") | scope_q(actor, "unit__path") | scope_q(actor, "member__org__path"),
            community__path__startswith=community.path,
        )
        .select_related("community", "unit", "member__org")
        .order_by("-registered_on", "-id")
    )


def activity_list(
    *, actor: Any, org: Organization | None = None, upcoming_from: datetime.date | None = None
) -> QuerySet[ServiceActivity]:
    """Activities of ``org``'s subtree (staff), or every upcoming one (members signing up)."""
    qs = ServiceActivity.objects.select_related("community")
    if org is not None:
        qs = qs.filter(scope_q(actor, "community__path"), community__path__startswith=org.path)
    if upcoming_from is not None:
        qs = qs.filter(held_on__gte=upcoming_from)
    return qs.order_by("-held_on", "-id")


def activity_get(*, actor: Any, activity_id: int) -> ServiceActivity:
    try:
        return ServiceActivity.objects.select_related("community").get(pk=activity_id)
    except ServiceActivity.DoesNotExist:
        raise Http404(_("No such activity.")) from None


def activity_records(*, actor: Any, activity: ServiceActivity) -> QuerySet[VolunteerRecord]:
    from lixing.orgs.access import member_of

    qs = activity.records.select_related("member__org").order_by("id")
    if can(actor, activity.community, Cap.RECORDS):
        return qs
    me = member_of(actor)
    return qs.filter(member=me) if me is not None else qs.none()


def my_volunteering(*, member: Member) -> QuerySet[VolunteerRecord]:
    return member.volunteer_records.select_related("activity__community").order_by("-activity__held_on")


def team_list(*, actor: Any, org: Organization, kind: str = "") -> QuerySet[ServiceTeam]:
    from django.db.models import Count

    qs = ServiceTeam.objects.filter(scope_q(actor, "org__path"), org__path__startswith=org.path).select_related("org")
    if kind:
        qs = qs.filter(kind=kind)
    return qs.annotate(n_members=Count("members")).order_by("kind", "name")


def team_get(*, actor: Any, team_id: int) -> ServiceTeam:
    try:
        return ServiceTeam.objects.select_related("org").filter(scope_q(actor, "org__path")).get(pk=team_id)
    except ServiceTeam.DoesNotExist:
        raise Http404(_("No such team.")) from None


def totals_for(org: Organization, keys: Sequence[str], bucket: str) -> dict[str, int]:
    t = read_totals([org.pk], keys, [bucket])
    return {k: t.get((org.pk, k, bucket), 0) for k in keys}
