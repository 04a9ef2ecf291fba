"""Reads of the study line of work. Each takes the actor and returns only what they may see.

Points are read only through :func:`my_points`, which returns the actor's own ledger: no
selector lists or orders members by points, check-ins or minutes (national rules).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Prefetch, QuerySet, Sum
from django.http import Http404
from django.utils.translation import gettext as _

from lixing.figures.periods import Period
from lixing.orgs.access import Cap, can, member_of, scope_q
from lixing.orgs.models import Member, Organization
from lixing.orgs.rollups import ALL, read_totals
from lixing.orgs.services import MEMBERS

from .counters import READINGS_DELIVERED, READINGS_ORDERED, reading_key
from .models import (
    Attendance,
    CheckIn,
    ExpectedAttendee,
    PointEntry,
    ReadingDistribution,
    RequiredReading,
    SessionKind,
    StudySession,
)


def active_kinds() -> QuerySet[SessionKind]:
    return SessionKind.objects.filter(is_active=True).order_by("order", "id")


def _sessions() -> QuerySet[StudySession]:
    return StudySession.objects.select_related("unit", "speaker_member").prefetch_related(
        Prefetch("kinds", queryset=SessionKind.objects.order_by("order", "id"))
    )


def session_list(
    *, actor: Any, org: Organization, period: Period | None = None, kind: str = ""
) -> QuerySet[StudySession]:
    """Sessions organised in ``org``'s subtree (and the actor's scope), newest first."""
    qs = _sessions().filter(scope_q(actor, "unit__path"), unit__path__startswith=org.path)
    if period is not None and period.start is not None:
        qs = qs.filter(date__gte=period.start, date__lte=period.end)
    if kind:
        qs = qs.filter(kinds__code=kind)
    return qs.order_by("-date", "-id")


def session_get(*, actor: Any, session_id: int | str, cap: Cap = Cap.VIEW) -> StudySession:
    """404 when missing or outside the actor's scope; 403 when the capability is missing."""
    try:
        session = _sessions().get(pk=int(session_id))
    except (StudySession.DoesNotExist, TypeError, ValueError):
        raise Http404(_("No such study session.")) from None
    if not can(actor, session.unit, Cap.VIEW):
        raise Http404(_("No such study session."))
    if not can(actor, session.unit, cap):
        raise PermissionDenied(_("You do not have permission to do this here."))
    return session


def session_for_sign_in(*, session_id: int | str) -> StudySession:
    """The session a sign-in link names. Anyone signed in may load it: the signed code in the
    link, checked by the service, is what grants the sign-in."""
    try:
        return StudySession.objects.select_related("unit").get(pk=int(session_id))
    except (StudySession.DoesNotExist, TypeError, ValueError):
        raise Http404(_("No such study session.")) from None


@dataclass(frozen=True)
class SheetRow:
    member: Member
    expected: bool
    attended: bool
    method: str
    absence_reason: str
    made_up_at: Any


def attendance_sheet(*, actor: Any, session: StudySession) -> list[SheetRow]:
    """Expected members and everyone who attended, with their status (two queries)."""
    if not can(actor, session.unit, Cap.VIEW):
        raise Http404(_("No such study session."))
    attended = {
        a.member_id: a for a in Attendance.objects.filter(session=session).select_related("member", "member__org")
    }
    rows: list[SheetRow] = []
    for e in ExpectedAttendee.objects.filter(session=session).select_related("member", "member__org"):
        a = attended.pop(e.member_id, None)
        rows.append(SheetRow(e.member, True, a is not None, a.method if a else "", e.absence_reason, e.made_up_at))
    for a in attended.values():
        rows.append(SheetRow(a.member, False, True, a.method, "", None))
    rows.sort(key=lambda r: (r.attended, r.member.org.path, r.member.name))
    return rows


# --- The member's own pages --------------------------------------------------------------------


def _me(actor: Any) -> Member:
    member = member_of(actor)
    if member is None:
        raise Http404(_("Your account is not linked to a member of the roster."))
    return member


def my_sessions(*, actor: Any, limit: int = 30) -> list[tuple[StudySession, bool]]:
    """Sessions the member was expected at or attended, newest first, with "attended"."""
    member = _me(actor)
    attended = Attendance.objects.filter(session=OuterRef("pk"), member=member)
    expected = ExpectedAttendee.objects.filter(session=OuterRef("pk"), member=member)
    qs = (
        _sessions()
        .annotate(did_attend=Exists(attended))
        .filter(Exists(attended) | Exists(expected))
        .order_by("-date", "-id")[:limit]
    )
    return [(s, bool(s.did_attend)) for s in qs]


def my_absences(*, actor: Any) -> QuerySet[ExpectedAttendee]:
    """Sessions the member missed and has not made up yet."""
    member = _me(actor)
    attended = Attendance.objects.filter(session=OuterRef("session"), member=member)
    return (
        ExpectedAttendee.objects.filter(member=member, made_up_at__isnull=True)
        .exclude(Exists(attended))
        .select_related("session", "session__unit")
        .order_by("-session__date", "-session_id")
    )


def my_checkins(*, actor: Any, limit: int = 30) -> QuerySet[CheckIn]:
    return CheckIn.objects.filter(member=_me(actor)).order_by("-day", "-id")[:limit]


@dataclass(frozen=True)
class MyPoints:
    total: int
    entries: list[PointEntry]


def my_points(*, actor: Any, limit: int = 20) -> MyPoints:
    """The actor's own points (shown to them only; never to anyone else, never ranked)."""
    member = _me(actor)
    total = PointEntry.objects.filter(member=member).aggregate(s=Sum("points"))["s"] or 0
    return MyPoints(int(total), list(PointEntry.objects.filter(member=member).order_by("-at", "-id")[:limit]))


# --- Required readings ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ReadingCoverage:
    reading: RequiredReading
    delivered: int
    members: int

    @property
    def rate(self) -> float | None:
        return self.delivered / self.members if self.members else None

    @property
    def display(self) -> str:
        return "—" if self.rate is None else f"{self.rate * 100:.1f}%"


def readings_for(*, actor: Any, org: Organization) -> list[ReadingCoverage]:
    """Readings set for ``org`` (by it or an ancestor), with sets delivered in its subtree ÷ its
    members, which may exceed 100% (two queries)."""
    readings = list(
        RequiredReading.objects.filter(owner__path__in=org.ancestor_paths())
        .select_related("owner")
        .order_by("order", "id")
    )
    keys = [MEMBERS, READINGS_ORDERED, READINGS_DELIVERED, *(reading_key(r.pk) for r in readings)]
    totals = read_totals([org.pk], keys, [ALL])
    members = totals.get((org.pk, MEMBERS, ALL), 0)
    return [ReadingCoverage(r, totals.get((org.pk, reading_key(r.pk), ALL), 0), members) for r in readings]


def distributions(*, actor: Any, org: Organization, reading: RequiredReading) -> QuerySet[ReadingDistribution]:
    return (
        ReadingDistribution.objects.filter(
            scope_q(actor, "unit__path"), unit__path__startswith=org.path, reading=reading
        )
        .select_related("unit")
        .order_by("unit__path")
    )


def reading_get(*, actor: Any, reading_id: int | str) -> RequiredReading:
    try:
        reading = RequiredReading.objects.select_related("owner").get(pk=int(reading_id))
    except (RequiredReading.DoesNotExist, TypeError, ValueError):
        raise Http404(_("No such reading.")) from None
    # Visible to anyone who can see the owner, or a unit below it.
    if not (can(actor, reading.owner, Cap.VIEW) or Organization.objects.filter(
        scope_q(actor, "path"), path__startswith=reading.owner.path).exists()):  # fmt: skip
        raise Http404(_("No such reading."))
    return reading
