"""Counter keys of the study line of work, how a session turns into bumps, and the
per-member attendance tally that makes "members who attended at least N sessions" a counter.

See docs/decisions/study-coverage-counters.md.
"""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django.db.models import Count, F, Sum

from lixing.figures.periods import Period
from lixing.orgs.models import CadreLevel, Organization
from lixing.orgs.rollups import ALL, Bump, buckets_for, register_distinct, removed_bumps

from .models import (
    HOLDER_ORG_KINDS,
    Attendance,
    AttendanceTally,
    CheckIn,
    ExpectedAttendee,
    ReadingDistribution,
    SessionKind,
    SpeakerRole,
    StudySession,
)

SESSIONS = "study.sessions"
LECTURES = "study.lectures"
LECTURES_BY_SECRETARY = "study.lectures.branch_secretary"
ONLINE_SESSIONS = "study.online_sessions"
ONLINE_VIEWERS = "study.online_viewers"
ATTENDANCES = "study.attendances"
EXPECTED = "study.expected"
CHECKINS = "study.checkins"
READINGS_ORDERED = "study.readings.ordered"
READINGS_DELIVERED = "study.readings.delivered"
PERIOD_KINDS = ("all", "year", "quarter", "month", "week")
# The figure provider of the kinds (lixing.figures.registry.register_provider).
KINDS_PROVIDER = "study.kinds"


def kind_key(code: str) -> str:
    """Sessions of one kind, at the organising unit."""
    return f"study.kind.{code}"


def branch_kind_key(code: str) -> str:
    """Sessions of one kind organised by an organisation that holds that kind — a branch, or
    for a kind held by committees (central-group study) a committee or leading group; the
    name is historical. Its distinct count is ``held_key``.

    Declaring the distinct count here (idempotent) covers kinds added after start-up."""
    key = f"study.branch_kind.{code}"
    register_distinct(key, held_key(code))
    return key


def held_key(code: str) -> str:
    """Holders (branches, or committees for a committee kind) that held at least one
    session of the kind (a distinct count)."""
    return f"study.held.{code}"


def lecture_level_key(level: str) -> str:
    return f"study.lectures.level.{level}"


def attended_key(period_kind: str) -> str:
    """Members whose tally in a bucket of ``period_kind`` reached N. Read only at buckets
    of that kind (the bump's day is the bucket's first day; see the decision record)."""
    return f"study.attended_n.{period_kind}"


def reading_key(reading_id: int) -> str:
    return f"study.readings.delivered.r{reading_id}"


def min_sessions() -> int:
    """N in "members who attended at least N sessions" (setting; rebuild after changing it)."""
    return int(getattr(settings, "LIXING_STUDY_MIN_SESSIONS", 1))


def is_online(session: StudySession) -> bool:
    return bool(session.online_viewers or session.online_link)


def session_bumps(session: StudySession, unit: Organization, kinds: Sequence[SessionKind], sign: int) -> list[Bump]:
    """Every counter one session adds to (``sign`` +1) or takes from (−1)."""
    day = session.date
    out = [Bump(unit.pk, unit.path, SESSIONS, day, sign)]
    for kind in kinds:
        out.append(Bump(unit.pk, unit.path, kind_key(kind.code), day, sign))
        if unit.kind in HOLDER_ORG_KINDS[kind.held_by]:
            out.append(Bump(unit.pk, unit.path, branch_kind_key(kind.code), day, sign))
    if any(k.is_lecture for k in kinds):
        out.append(Bump(unit.pk, unit.path, LECTURES, day, sign))
        if session.speaker_cadre_level:
            out.append(Bump(unit.pk, unit.path, lecture_level_key(session.speaker_cadre_level), day, sign))
        if session.speaker_role == SpeakerRole.BRANCH_SECRETARY:
            out.append(Bump(unit.pk, unit.path, LECTURES_BY_SECRETARY, day, sign))
    if is_online(session):
        out.append(Bump(unit.pk, unit.path, ONLINE_SESSIONS, day, sign))
        out.append(Bump(unit.pk, unit.path, ONLINE_VIEWERS, day, sign * session.online_viewers))
    if session.expected_count:
        out.append(Bump(unit.pk, unit.path, EXPECTED, day, sign * session.expected_count))
    if session.attended_count:
        out.append(Bump(unit.pk, unit.path, ATTENDANCES, day, sign * session.attended_count))
    return out


def bucket_day(bucket: str) -> tuple[str, datetime.date | None]:
    """(period kind, first day) of a bucket; "all" → ("all", None)."""
    period = Period.parse(bucket)
    return period.kind, period.start


# --- The attendance tally ------------------------------------------------------------------


@dataclass(frozen=True)
class TallyChange:
    member_id: int
    org_id: int
    org_path: str
    day: datetime.date
    delta: int


def tally_apply(changes: Iterable[TallyChange]) -> list[Bump]:
    """Add the changes to the per-member tallies; return the counter bumps for members whose
    tally crossed N in some bucket. A fixed handful of queries for any number of changes."""
    changes = [c for c in changes if c.delta]
    if not changes:
        return []
    n = min_sessions()
    member_ids = {c.member_id for c in changes}
    buckets = {b for c in changes for b in buckets_for(c.day)}
    tallies = {
        (t.member_id, t.bucket): t
        for t in AttendanceTally.objects.filter(member_id__in=member_ids, bucket__in=buckets).only(
            "id", "member_id", "org_id", "bucket", "sessions"
        )
    }
    paths = {c.org_id: c.org_path for c in changes}
    missing = {t.org_id for t in tallies.values()} - set(paths)
    if missing:
        paths.update(Organization.objects.filter(pk__in=missing).values_list("id", "path"))
    created: dict[tuple[int, str], AttendanceTally] = {}
    dirty: dict[int, AttendanceTally] = {}
    bumps: list[Bump] = []
    for c in changes:
        for bucket in buckets_for(c.day):
            tally = tallies.get((c.member_id, bucket))
            if tally is None:
                tally = AttendanceTally(member_id=c.member_id, org_id=c.org_id, bucket=bucket, sessions=0)
                tallies[(c.member_id, bucket)] = tally
                created[(c.member_id, bucket)] = tally
            elif tally.pk is not None:
                dirty[tally.pk] = tally
            before = tally.sessions
            tally.sessions = max(before + c.delta, 0)
            kind, first_day = bucket_day(bucket)
            if before < n <= tally.sessions:
                bumps.append(Bump(tally.org_id, paths[tally.org_id], attended_key(kind), first_day, +1))
            elif tally.sessions < n <= before:
                bumps.append(Bump(tally.org_id, paths[tally.org_id], attended_key(kind), first_day, -1))
    if created:
        AttendanceTally.objects.bulk_create(created.values(), batch_size=2000)
    if dirty:
        AttendanceTally.objects.bulk_update(dirty.values(), ["sessions"], batch_size=2000)
    return bumps


def tally_counts() -> dict[tuple[int, str], list[int]]:
    """Every tally from the attendance records, without writing: (member, bucket) →
    [organisation, sessions]. A tally is kept at the member's organisation: a transfer moves
    it (:func:`study_member_moved`), so attendance at a former branch still counts the
    member where they are counted now."""
    counts: dict[tuple[int, str], list[int]] = {}
    rows = (
        Attendance.objects.order_by("id")
        .values_list("member_id", "member__org_id", "session__date")
        .iterator(chunk_size=20000)
    )
    bucket_cache: dict[datetime.date, list[str]] = {}
    for member_id, org_id, day in rows:
        buckets = bucket_cache.get(day)
        if buckets is None:
            buckets = bucket_cache[day] = buckets_for(day)
        for bucket in buckets:
            acc = counts.get((member_id, bucket))
            if acc is None:
                counts[(member_id, bucket)] = [org_id, 1]
            else:
                acc[1] += 1
    return counts


def tally_rebuild() -> int:
    """Recompute every tally from the attendance records. Returns the number of tallies."""
    counts = tally_counts()
    AttendanceTally.objects.all().delete()
    # Plain tuples, not model instances: a province rebuild writes millions of tallies.
    table = AttendanceTally._meta.db_table
    sql = f"INSERT INTO {table} (member_id, org_id, bucket, sessions) VALUES (%s, %s, %s, %s)"  # noqa: S608 - our table name
    items = iter(counts.items())
    with connection.cursor() as cursor:
        while chunk := [(m, o, b, n) for (m, b), (o, n) in itertools.islice(items, 20000)]:
            cursor.executemany(sql, chunk)
    return len(counts)


def study_member_moved(member_id: int, from_org: Organization, to_org: Organization) -> list[Bump]:
    """A transferred member's tallies move to their new organisation, and with them the
    "attended at least N" counts they reached (two statements)."""
    tallies = AttendanceTally.objects.filter(member_id=member_id)
    bumps: list[Bump] = []
    reached = tallies.filter(sessions__gte=min_sessions()).exclude(org=to_org)
    for org_id, path, bucket in reached.values_list("org_id", "org__path", "bucket"):
        kind, first_day = bucket_day(bucket)
        bumps.append(Bump(org_id, path, attended_key(kind), first_day, -1))
        bumps.append(Bump(to_org.pk, to_org.path, attended_key(kind), first_day, +1))
    tallies.exclude(org=to_org).update(org=to_org)
    return bumps


def study_member_removed(member_id: int, org: Organization) -> list[Bump]:
    """Before a member is deleted (their attendance, expected places, check-ins and tallies
    go with them): take them off the counters and off their sessions' counts."""
    rows: list[tuple[int, str, str, datetime.date | None, int]] = []
    attended = list(
        Attendance.objects.filter(member_id=member_id).values_list(
            "session_id", "session__unit_id", "session__unit__path", "session__date"
        )
    )
    rows += [(unit_id, path, ATTENDANCES, day, 1) for _s, unit_id, path, day in attended]
    expected = list(
        ExpectedAttendee.objects.filter(member_id=member_id).values_list(
            "session_id", "session__unit_id", "session__unit__path", "session__date"
        )
    )
    rows += [(unit_id, path, EXPECTED, day, 1) for _s, unit_id, path, day in expected]
    reached = AttendanceTally.objects.filter(member_id=member_id, sessions__gte=min_sessions())
    for org_id, path, bucket in reached.values_list("org_id", "org__path", "bucket"):
        kind, first_day = bucket_day(bucket)
        rows.append((org_id, path, attended_key(kind), first_day, 1))
    checkins = CheckIn.objects.filter(member_id=member_id).values_list("org_id", "org__path", "day")
    for org_id, path, day, n in checkins.annotate(n=Count("id")).values_list("org_id", "org__path", "day", "n"):
        rows.append((org_id, path, CHECKINS, day, n))
    if attended:
        StudySession.objects.filter(pk__in=[a[0] for a in attended]).update(attended_count=F("attended_count") - 1)
    if expected:
        StudySession.objects.filter(pk__in=[e[0] for e in expected]).update(expected_count=F("expected_count") - 1)
    return removed_bumps(rows)


# --- Rebuild source --------------------------------------------------------------------------


Row = tuple[int, str, datetime.date | None, int]


def study_rollup_rows() -> Iterator[Row]:
    """Every study counter, recomputed from the records (aggregated in SQL); rewrites the
    per-member tallies on the way."""
    yield from _record_rows()
    tally_rebuild()
    reached = AttendanceTally.objects.filter(sessions__gte=min_sessions())
    for org_id, bucket, n in (
        reached.values_list("org_id", "bucket").annotate(n=Count("id")).values_list("org_id", "bucket", "n")
    ):
        kind, first_day = bucket_day(bucket)
        yield org_id, attended_key(kind), first_day, n


def study_expected_rows() -> Iterator[Row]:
    """The same rows as :func:`study_rollup_rows`, writing nothing (for ``verify_rollups``)."""
    yield from _record_rows()
    n = min_sessions()
    reached: dict[tuple[int, str], int] = {}
    for (_member, bucket), (org_id, sessions) in tally_counts().items():
        if sessions >= n:
            reached[(org_id, bucket)] = reached.get((org_id, bucket), 0) + 1
    for (org_id, bucket), count in reached.items():
        kind, first_day = bucket_day(bucket)
        yield org_id, attended_key(kind), first_day, count


def _record_rows() -> Iterator[Row]:
    sessions = StudySession.objects.all()
    for unit_id, day, n in (
        sessions.values_list("unit_id", "date").annotate(n=Count("id")).values_list("unit_id", "date", "n")
    ):
        yield unit_id, SESSIONS, day, n
    through = StudySession.kinds.through.objects.values_list(
        "studysession__unit_id",
        "studysession__date",
        "sessionkind__code",
        "sessionkind__held_by",
        "studysession__unit__kind",
    ).annotate(n=Count("id"))
    for unit_id, day, code, held_by, unit_kind, n in through:
        yield unit_id, kind_key(code), day, n
        if unit_kind in HOLDER_ORG_KINDS[held_by]:
            yield unit_id, branch_kind_key(code), day, n
    lectures = (
        StudySession.objects.filter(kinds__is_lecture=True)
        .distinct()
        .values_list("id", "unit_id", "date", "speaker_cadre_level", "speaker_role")
    )
    for _sid, unit_id, day, level, role in lectures:
        yield unit_id, LECTURES, day, 1
        if level and level in CadreLevel.values:
            yield unit_id, lecture_level_key(level), day, 1
        if role == SpeakerRole.BRANCH_SECRETARY:
            yield unit_id, LECTURES_BY_SECRETARY, day, 1
    online = sessions.exclude(online_viewers=0, online_link="")
    for unit_id, day, n, viewers in (
        online.values_list("unit_id", "date")
        .annotate(n=Count("id"), v=Sum("online_viewers"))
        .values_list("unit_id", "date", "n", "v")
    ):
        yield unit_id, ONLINE_SESSIONS, day, n
        yield unit_id, ONLINE_VIEWERS, day, int(viewers or 0)
    for unit_id, day, n in (
        ExpectedAttendee.objects.values_list("session__unit_id", "session__date")
        .annotate(n=Count("id"))
        .values_list("session__unit_id", "session__date", "n")
    ):
        yield unit_id, EXPECTED, day, n
    for unit_id, day, n in (
        Attendance.objects.values_list("session__unit_id", "session__date")
        .annotate(n=Count("id"))
        .values_list("session__unit_id", "session__date", "n")
    ):
        yield unit_id, ATTENDANCES, day, n
    for org_id, day, n in (
        CheckIn.objects.values_list("org_id", "day").annotate(n=Count("id")).values_list("org_id", "day", "n")
    ):
        yield org_id, CHECKINS, day, n
    for unit_id, reading_id, ordered, delivered in ReadingDistribution.objects.values_list(
        "unit_id", "reading_id", "ordered", "delivered"
    ):
        if ordered:
            yield unit_id, READINGS_ORDERED, None, ordered
        if delivered:
            yield unit_id, READINGS_DELIVERED, None, delivered
            yield unit_id, reading_key(reading_id), None, delivered


__all__ = ["ALL", "PERIOD_KINDS"]
