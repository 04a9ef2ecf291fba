"""The roll-up counters of practical deeds, and the rebuild source that recomputes them.

One function per record type says which counter keys a record contributes to (and on which
day). Services bump the difference between a record's keys before and after a change; the
rebuild source feeds the same functions with the records aggregated in SQL, so incremental
counters and a rebuild cannot disagree by construction (a test checks it anyway).

Tickets are counted at their responsible unit (or, until assigned, at the office that
received them), on the day they were received: figures are cohorts ("of the problems
collected this year, so many solved"). Time to resolve is kept as a histogram of days
(``deeds.t.days.<bin>``) so that a median is one row read whatever the subtree's size.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from decimal import Decimal

from django.db.models import BooleanField, Count, ExpressionWrapper, F, Min, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from lixing.orgs.models import Organization
from lixing.orgs.rollups import Bump, moved_bumps, removed_bumps

from .models import (
    CommunityRegistration,
    MicroProject,
    Milestone,
    Outcome,
    RegistrationKind,
    ServiceActivity,
    ServiceTeam,
    Ticket,
    Visit,
    VolunteerRecord,
    Wish,
    WishState,
)

T = "deeds.t"
METRICS = ("collected", "solved", "partial", "rated", "satisfied", "late")
# Histogram bins of days to resolve: one per day up to 30, then coarser (upper bounds).
DAY_BINS = [*range(31), 45, 60, 90, 180, 365, 9999]


def day_bin(days: int) -> int:
    return next(b for b in DAY_BINS if days <= b)


def hist_key(bin_: int) -> str:
    return f"{T}.days.{bin_}"


def ticket_key(metric: str, dim: str = "") -> str:
    """``deeds.t.collected`` or, for a breakdown, ``deeds.t.src.public.collected``."""
    return f"{T}.{dim}.{metric}" if dim else f"{T}.{metric}"


def ticket_dims(source: str, group: str, category_id: int, visit_target: str | None) -> list[str]:
    dims = ["", f"src.{source}", f"grp.{group}", f"cat.{category_id}"]
    if visit_target:
        dims.append(f"vt.{visit_target}")
    return dims


def ticket_keys(
    *, source: str, group: str, category_id: int, visit_target: str | None, outcome: str,
    satisfied: bool | None, late: bool, resolve_days: int | None,
) -> list[str]:  # fmt: skip
    metrics = ["collected"]
    if outcome == Outcome.RESOLVED:
        metrics.append("solved")
    elif outcome == Outcome.PARTIAL:
        metrics.append("partial")
    if satisfied is not None:
        metrics.append("rated")
        if satisfied:
            metrics.append("satisfied")
    if late:
        metrics.append("late")
    keys = [ticket_key(m, d) for d in ticket_dims(source, group, category_id, visit_target) for m in metrics]
    if outcome == Outcome.RESOLVED and resolve_days is not None:
        keys.append(hist_key(day_bin(resolve_days)))
    return keys


def ticket_bumps(ticket: Ticket, sign: int) -> list[Bump]:
    """The ticket's contribution to the counters (``sign`` −1 to take it away).
    Needs ``category``, ``visit`` and the counted org (``unit`` or ``office``) loaded."""
    org = ticket.unit if ticket.unit is not None else ticket.office
    keys = ticket_keys(
        source=ticket.source, group=ticket.category.group, category_id=ticket.category_id,
        visit_target=ticket.visit.target_type if ticket.visit is not None else None, outcome=ticket.outcome,
        satisfied=ticket.satisfied, late=ticket.late_at is not None, resolve_days=ticket.resolve_days,
    )  # fmt: skip
    return [Bump(org.pk, org.path, k, ticket.received_on, sign) for k in keys]


def diff(before: Iterable[Bump], after: Iterable[Bump]) -> list[Bump]:
    """Bumps that turn ``before`` into ``after`` (unchanged keys cancel out in the upsert)."""
    return [*before, *after]


# --- Visits, projects, wishes, registrations, volunteering ---------------------------------

VISITS = "deeds.visits"


def visit_keys(target_type: str) -> list[str]:
    return [VISITS, f"{VISITS}.{target_type}"]


def visit_bumps(visit: Visit, sign: int) -> list[Bump]:
    return [Bump(visit.org_id, visit.org.path, k, visit.visited_on, sign) for k in visit_keys(visit.target_type)]


P_PROPOSED, P_SELECTED, P_COMPLETED, P_BUDGET, P_SPENT = (
    "deeds.p.proposed", "deeds.p.selected", "deeds.p.completed", "deeds.p.budget", "deeds.p.spent",
)  # fmt: skip


def project_bumps(project: MicroProject, sign: int) -> list[Bump]:
    org_id, path = project.org_id, project.org.path
    bumps = [Bump(org_id, path, P_PROPOSED, project.proposed_on, sign)]
    if project.selected_on:
        bumps.append(Bump(org_id, path, P_SELECTED, project.selected_on, sign))
        bumps.append(Bump(org_id, path, P_BUDGET, project.selected_on, sign * (project.budget or 0)))
    if project.accepted_on:
        bumps.append(Bump(org_id, path, P_COMPLETED, project.accepted_on, sign))
    return bumps


def milestone_bumps(milestone: Milestone, project: MicroProject, sign: int) -> list[Bump]:
    return [Bump(project.org_id, project.org.path, P_SPENT, milestone.reached_on, sign * milestone.spent)]


W_POSTED, W_CLAIMED, W_FULFILLED = "deeds.w.posted", "deeds.w.claimed", "deeds.w.fulfilled"


def wish_bumps(wish: Wish, sign: int) -> list[Bump]:
    org_id, path = wish.org_id, wish.org.path
    bumps = [Bump(org_id, path, W_POSTED, wish.posted_on, sign)]
    if wish.claimed_on:
        bumps.append(Bump(org_id, path, W_CLAIMED, wish.claimed_on, sign))
    if wish.state == WishState.CONFIRMED and wish.fulfilled_on:
        bumps.append(Bump(org_id, path, W_FULFILLED, wish.fulfilled_on, sign))
    return bumps


R_UNITS, R_MEMBERS = "deeds.r.units", "deeds.r.members"  # dated stocks (as at a period's end)
ACTIVITIES = "deeds.activities"
V_RECORDS, V_HOURS10, V_SERVED = "deeds.v.records", "deeds.v.hours10", "deeds.v.served"
TEAM_KEYS = {"station": "deeds.teams.station", "action_group": "deeds.teams.action_group"}
STOCKS = (R_UNITS, R_MEMBERS, *TEAM_KEYS.values())


def registration_bumps(reg: CommunityRegistration, sign: int) -> list[Bump]:
    """A member's registration, at the community, from the day it was made. (A unit's are
    counted once per unit: :func:`unit_registered_bumps`.)"""
    if reg.kind == RegistrationKind.UNIT:
        return []
    return [Bump(reg.community_id, reg.community.path, R_MEMBERS, reg.registered_on, sign)]


def unit_registered_bumps(unit: Organization, before: datetime.date | None, after: datetime.date | None) -> list[Bump]:
    """ "Units registered" counts distinct units, at the unit, from its first registration:
    ``before``/``after`` are the unit's first registration day before and after a change."""
    if before == after:
        return []
    bumps = [Bump(unit.pk, unit.path, R_UNITS, before, -1)] if before is not None else []
    if after is not None:
        bumps.append(Bump(unit.pk, unit.path, R_UNITS, after, +1))
    return bumps


def activity_bumps(activity: ServiceActivity, sign: int) -> list[Bump]:
    return [Bump(activity.community_id, activity.community.path, ACTIVITIES, activity.held_on, sign)]


def hours10(hours: Decimal | float | int) -> int:
    return round(Decimal(hours) * 10)


def volunteer_bumps(record: VolunteerRecord, sign: int) -> list[Bump]:
    """Confirmed service counts at the member's own organisation, on the activity's day."""
    if record.confirmed_at is None:
        return []
    org = record.member.org
    day = record.activity.held_on
    return [
        Bump(org.pk, org.path, V_RECORDS, day, sign),
        Bump(org.pk, org.path, V_HOURS10, day, sign * hours10(record.hours)),
        Bump(org.pk, org.path, V_SERVED, day, sign * record.people_served),
    ]


def deeds_member_moved(member_id: int, from_org: Organization, to_org: Organization) -> list[Bump]:
    """Confirmed service hours count at the member's organisation: they follow a transfer."""
    confirmed = (
        VolunteerRecord.objects.filter(member_id=member_id, confirmed_at__isnull=False)
        .values(day=F("activity__held_on"))
        .annotate(n=Count("id"), h=Sum("hours"), s=Sum("people_served"))
        .order_by()
    )
    rows: list[tuple[int, str, str, datetime.date | None, int]] = []
    for v in confirmed:
        rows += [
            (from_org.pk, from_org.path, V_RECORDS, v["day"], v["n"]),
            (from_org.pk, from_org.path, V_HOURS10, v["day"], hours10(v["h"] or 0)),
            (from_org.pk, from_org.path, V_SERVED, v["day"], v["s"] or 0),
        ]
    return moved_bumps(rows, to_org)


def deeds_member_removed(member_id: int, org: Organization) -> list[Bump]:
    """Before a member is deleted: their confirmed service and their registration go."""
    rows: list[tuple[int, str, str, datetime.date | None, int]] = []
    confirmed = (
        VolunteerRecord.objects.filter(member_id=member_id, confirmed_at__isnull=False)
        .values(day=F("activity__held_on"))
        .annotate(n=Count("id"), h=Sum("hours"), s=Sum("people_served"))
        .order_by()
    )
    for v in confirmed:
        rows += [
            (org.pk, org.path, V_RECORDS, v["day"], v["n"]),
            (org.pk, org.path, V_HOURS10, v["day"], hours10(v["h"] or 0)),
            (org.pk, org.path, V_SERVED, v["day"], v["s"] or 0),
        ]
    regs = CommunityRegistration.objects.filter(member_id=member_id, kind=RegistrationKind.MEMBER)
    for community_id, path, day in regs.values_list("community_id", "community__path", "registered_on"):
        rows.append((community_id, path, R_MEMBERS, day, 1))
    return removed_bumps(rows)


def team_bumps(team: ServiceTeam, sign: int) -> list[Bump]:
    """A team counts from the day it was set up."""
    return [Bump(team.org_id, team.org.path, TEAM_KEYS[team.kind], timezone.localdate(team.created_at), sign)]


# --- Rebuild ---------------------------------------------------------------------------------

Row = tuple[int, str, datetime.date | None, int]


def rollup_rows() -> Iterator[Row]:
    """Every counter of this app from the records, aggregated in SQL."""
    tickets = (
        Ticket.objects.annotate(
            counted=Coalesce("unit_id", "office_id"),
            late_flag=ExpressionWrapper(Q(late_at__isnull=False), output_field=BooleanField()),
        )
        .values("counted", "received_on", "source", "category_id", "category__group", "visit__target_type",
                "outcome", "satisfied", "late_flag", "resolve_days")
        .annotate(n=Count("id"))
        .order_by()
    )  # fmt: skip
    for t in tickets.iterator(chunk_size=5000):
        for key in ticket_keys(
            source=t["source"], group=t["category__group"], category_id=t["category_id"],
            visit_target=t["visit__target_type"], outcome=t["outcome"], satisfied=t["satisfied"],
            late=bool(t["late_flag"]), resolve_days=t["resolve_days"],
        ):  # fmt: skip
            yield t["counted"], key, t["received_on"], t["n"]
    for v in Visit.objects.values("org_id", "target_type", "visited_on").annotate(n=Count("id")).order_by():
        for key in visit_keys(v["target_type"]):
            yield v["org_id"], key, v["visited_on"], v["n"]
    projects = MicroProject.objects.values_list("org_id", "proposed_on", "selected_on", "budget", "accepted_on")
    for org_id, proposed_on, selected_on, budget, accepted_on in projects.iterator(chunk_size=5000):
        yield org_id, P_PROPOSED, proposed_on, 1
        if selected_on:
            yield org_id, P_SELECTED, selected_on, 1
            yield org_id, P_BUDGET, selected_on, budget or 0
        if accepted_on:
            yield org_id, P_COMPLETED, accepted_on, 1
    spent = Milestone.objects.values("project__org_id", "reached_on").annotate(s=Sum("spent")).order_by()
    for m in spent:
        yield m["project__org_id"], P_SPENT, m["reached_on"], m["s"] or 0
    for w in Wish.objects.values_list("org_id", "posted_on", "claimed_on", "state", "fulfilled_on").iterator():
        org_id, posted_on, claimed_on, state, fulfilled_on = w
        yield org_id, W_POSTED, posted_on, 1
        if claimed_on:
            yield org_id, W_CLAIMED, claimed_on, 1
        if state == WishState.CONFIRMED and fulfilled_on:
            yield org_id, W_FULFILLED, fulfilled_on, 1
    members = CommunityRegistration.objects.filter(kind=RegistrationKind.MEMBER)
    for r in members.values("community_id", "registered_on").annotate(n=Count("id")).order_by():
        yield r["community_id"], R_MEMBERS, r["registered_on"], r["n"]
    units = CommunityRegistration.objects.filter(kind=RegistrationKind.UNIT)
    for r in units.values("unit_id").annotate(first=Min("registered_on")).order_by():
        yield r["unit_id"], R_UNITS, r["first"], 1
    for a in ServiceActivity.objects.values("community_id", "held_on").annotate(n=Count("id")).order_by():
        yield a["community_id"], ACTIVITIES, a["held_on"], a["n"]
    confirmed = (
        VolunteerRecord.objects.filter(confirmed_at__isnull=False)
        .values(org=F("member__org_id"), day=F("activity__held_on"))
        .annotate(n=Count("id"), h=Sum("hours"), s=Sum("people_served"))
        .order_by()
    )
    for v in confirmed:
        yield v["org"], V_RECORDS, v["day"], v["n"]
        yield v["org"], V_HOURS10, v["day"], hours10(v["h"] or 0)
        yield v["org"], V_SERVED, v["day"], v["s"] or 0
    for org_id, kind, created_at in ServiceTeam.objects.values_list("org_id", "kind", "created_at").iterator():
        yield org_id, TEAM_KEYS[kind], timezone.localdate(created_at), 1
