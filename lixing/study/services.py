"""Every write of the study line of work. Pages, the API, the demo and commands call these.

Each function checks access (:mod:`lixing.orgs.access`), validates, writes, keeps the roll-up
counters true (:mod:`lixing.study.counters`) and writes the audit row, in one transaction.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.signing import BadSignature, SignatureExpired, TimestampSigner
from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from lixing.accounts.audit import audit, snapshot
from lixing.common.uploads import DOCUMENT_TYPES, IMAGE_TYPES, validate_upload
from lixing.figures.registry import figures_changed
from lixing.orgs.access import Cap, can, member_of, require
from lixing.orgs.models import CadreLevel, Member, Organization, OrgKind
from lixing.orgs.rollups import Bump, rollup_bump_many

from .counters import (
    ATTENDANCES,
    CHECKINS,
    KINDS_PROVIDER,
    READINGS_DELIVERED,
    READINGS_ORDERED,
    TallyChange,
    reading_key,
    session_bumps,
    tally_apply,
)
from .models import (
    Attendance,
    AttendanceMethod,
    CheckIn,
    ExpectedAttendee,
    FileKind,
    KindHolder,
    PointAction,
    PointEntry,
    PointRule,
    ReadingDistribution,
    RequiredReading,
    SessionFile,
    SessionKind,
    SpeakerRole,
    StudySession,
)

SESSION_FIELDS = [
    "unit_id", "date", "topic", "place", "online_link", "online_viewers", "speaker_member_id", "speaker_name",
    "speaker_role", "speaker_cadre_level", "campaign_id", "open_to_all", "summary",
]  # fmt: skip
EDITABLE = {
    "date", "topic", "place", "online_link", "online_viewers", "speaker_member", "speaker_name", "speaker_role",
    "campaign_id", "open_to_all", "summary",
}  # fmt: skip
# Units whose whole subtree is expected at their sessions; above them only direct members are.
SUBTREE_EXPECTED_KINDS = {OrgKind.BRANCH, OrgKind.GENERAL_BRANCH, OrgKind.CELL}
PHOTO_MAX_MB = 10
MATERIAL_MAX_MB = 20


# --- Sessions ---------------------------------------------------------------------------------


def unit_members(unit: Organization) -> Any:
    """The members a session of ``unit`` expects by default (its members, and for a branch the
    members of its cells)."""
    if unit.kind in SUBTREE_EXPECTED_KINDS:
        return Member.objects.filter(org__path__startswith=unit.path)
    return Member.objects.filter(org=unit)


def _default_role(member: Member) -> str:
    if Organization.objects.filter(secretary=member, kind=OrgKind.BRANCH, dissolved_at__isnull=True).exists():
        return SpeakerRole.BRANCH_SECRETARY
    if member.cadre_level in {CadreLevel.DIVISION, CadreLevel.BUREAU}:
        return SpeakerRole.LEADER
    return SpeakerRole.MEMBER


def _apply_speaker(session: StudySession, member: Member | None, name: str, role: str) -> None:
    session.speaker_member = member
    if member is not None:
        session.speaker_name = member.name
        session.speaker_cadre_level = member.cadre_level
        session.speaker_role = role or _default_role(member)
    else:
        session.speaker_name = name.strip()
        session.speaker_cadre_level = CadreLevel.NONE
        session.speaker_role = (role or SpeakerRole.OTHER) if session.speaker_name else SpeakerRole.NONE


def _check_kinds(kinds: Sequence[SessionKind]) -> list[SessionKind]:
    kinds = list({k.pk: k for k in kinds}.values())
    if not kinds:
        raise ValidationError({"kinds": _("Choose at least one kind of session.")})
    return kinds


@transaction.atomic
def session_create(
    *,
    actor: Any,
    unit: Organization,
    kinds: Sequence[SessionKind],
    date: datetime.date,
    topic: str,
    place: str = "",
    online_link: str = "",
    online_viewers: int = 0,
    speaker_member: Member | None = None,
    speaker_name: str = "",
    speaker_role: str = "",
    campaign_id: int | None = None,
    open_to_all: bool = False,
    summary: str = "",
    expected_members: Iterable[Member] | None = None,
) -> StudySession:
    """Record a study session. Expected attendees default to the unit's members (a snapshot)."""
    require(actor, unit, Cap.RECORDS)
    if not unit.is_active:
        raise ValidationError(_("This organisation has been dissolved."))
    kinds = _check_kinds(kinds)
    session = StudySession(
        unit=unit, date=date, topic=topic.strip(), place=place.strip(), online_link=online_link.strip(),
        online_viewers=online_viewers or 0, campaign_id=campaign_id, open_to_all=open_to_all, summary=summary,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )  # fmt: skip
    _apply_speaker(session, speaker_member, speaker_name, speaker_role)
    if not session.place and not session.online_link:
        raise ValidationError({"place": _("Give the place, or the online link for an online session.")})
    session.full_clean()
    session.save()
    session.kinds.set(kinds)
    members = list(expected_members) if expected_members is not None else list(unit_members(unit).only("id"))
    ExpectedAttendee.objects.bulk_create(
        [ExpectedAttendee(session=session, member_id=m.pk) for m in members], batch_size=2000
    )
    session.expected_count = len({m.pk for m in members})
    session.save(update_fields=["expected_count"])
    rollup_bump_many(session_bumps(session, unit, kinds, +1))
    audit(actor=actor, action="study.session_create", obj=session, org_path=unit.path,
          after={**snapshot(session, SESSION_FIELDS), "kinds": [k.code for k in kinds]})  # fmt: skip
    return session


@transaction.atomic
def session_update(
    *, actor: Any, session: StudySession, kinds: Sequence[SessionKind] | None = None, **changes: Any
) -> StudySession:
    """Edit a session; its counters (and its attendees' tallies, if the date moves) follow."""
    unit = session.unit
    require(actor, unit, Cap.RECORDS)
    unknown = set(changes) - EDITABLE
    if unknown:
        raise ValueError(f"not editable here: {sorted(unknown)}")
    old_kinds = list(session.kinds.all())
    new_kinds = _check_kinds(kinds) if kinds is not None else old_kinds
    before = {**snapshot(session, SESSION_FIELDS), "kinds": [k.code for k in old_kinds]}
    old_bumps = session_bumps(session, unit, old_kinds, -1)
    old_date = session.date
    speaker_fields = {"speaker_member", "speaker_name", "speaker_role"}
    if speaker_fields & set(changes):
        _apply_speaker(
            session,
            changes.pop("speaker_member", session.speaker_member),
            changes.pop("speaker_name", session.speaker_name),
            changes.pop("speaker_role", ""),
        )
    for name, value in changes.items():
        setattr(session, name, value)
    if not session.place and not session.online_link:
        raise ValidationError({"place": _("Give the place, or the online link for an online session.")})
    session.full_clean()
    session.save(update_fields=[
        "date", "topic", "place", "online_link", "online_viewers", "speaker_member", "speaker_name", "speaker_role",
        "speaker_cadre_level", "campaign_id", "open_to_all", "summary", "updated_at",
    ])  # fmt: skip
    if kinds is not None:
        session.kinds.set(new_kinds)
    bumps = [*old_bumps, *session_bumps(session, unit, new_kinds, +1)]
    if session.date != old_date:
        # A tally lives at the member's organisation now (it follows transfers).
        rows = list(session.attendances.values_list("member_id", "member__org_id", "member__org__path"))
        changes_ = [TallyChange(m, o, p, old_date, -1) for m, o, p in rows]
        changes_ += [TallyChange(m, o, p, session.date, +1) for m, o, p in rows]
        bumps += tally_apply(changes_)
    rollup_bump_many(bumps)
    after = {**snapshot(session, SESSION_FIELDS), "kinds": [k.code for k in new_kinds]}
    audit(actor=actor, action="study.session_update", obj=session, org_path=unit.path,
          before={k: v for k, v in before.items() if after[k] != v},
          after={k: v for k, v in after.items() if before[k] != v})  # fmt: skip
    return session


@transaction.atomic
def session_delete(*, actor: Any, session: StudySession) -> None:
    unit = session.unit
    require(actor, unit, Cap.RECORDS)
    kinds = list(session.kinds.all())
    rows = list(session.attendances.values_list("member_id", "member__org_id", "member__org__path"))
    bumps = session_bumps(session, unit, kinds, -1)
    bumps += tally_apply([TallyChange(m, o, p, session.date, -1) for m, o, p in rows])
    rollup_bump_many(bumps)
    audit(actor=actor, action="study.session_delete", obj=session, org_path=unit.path,
          before={**snapshot(session, SESSION_FIELDS), "kinds": [k.code for k in kinds]})  # fmt: skip
    session.delete()


@transaction.atomic
def session_attach(*, actor: Any, session: StudySession, kind: str, upload: UploadedFile) -> SessionFile:
    """Attach a material (documents, up to 20 MB) or a photo (images, up to 10 MB)."""
    require(actor, session.unit, Cap.RECORDS)
    if kind == FileKind.PHOTO:
        validate_upload(upload, allowed=IMAGE_TYPES, max_mb=PHOTO_MAX_MB)
    elif kind == FileKind.MATERIAL:
        validate_upload(upload, allowed=DOCUMENT_TYPES | IMAGE_TYPES, max_mb=MATERIAL_MAX_MB)
    else:
        raise ValidationError(_("Unknown kind of file."))
    item = SessionFile(session=session, kind=kind, file=upload, name=(upload.name or "")[:200], size=upload.size or 0)
    item.save()
    audit(actor=actor, action="study.file_attach", obj=item, org_path=session.unit.path,
          after={"session_id": session.pk, "kind": kind, "name": item.name, "size": item.size})  # fmt: skip
    return item


# --- Sign-in codes ------------------------------------------------------------------------------

_SIGNER_SALT = "lixing.study.signin"


def code_ttl() -> int:
    """Seconds a QR sign-in code stays valid (the projector page refreshes well before)."""
    return int(getattr(settings, "LIXING_STUDY_QR_TTL_SECONDS", 300))


def signin_code(session: StudySession) -> str:
    """A signed, time-stamped code bound to this session."""
    return TimestampSigner(salt=_SIGNER_SALT).sign(str(session.pk))


def check_code(session: StudySession, code: str) -> None:
    """Raise ValidationError with a clear message unless ``code`` is a live code for ``session``."""
    try:
        value = TimestampSigner(salt=_SIGNER_SALT).unsign((code or "").strip(), max_age=code_ttl())
    except SignatureExpired:
        raise ValidationError(
            _("This sign-in code has expired. Please scan the QR code on the screen again."), code="expired"
        ) from None
    except BadSignature:
        raise ValidationError(
            _("This sign-in code is not valid. Please scan the QR code on the screen again."), code="invalid"
        ) from None
    if value != str(session.pk):
        raise ValidationError(
            _("This sign-in code belongs to another study session. Please scan the code of this session."),
            code="foreign",
        )


def may_sign_in(session: StudySession, member: Member) -> bool:
    """Open sessions take any member; closed ones only the expected and the unit's members."""
    if session.open_to_all:
        return True
    if member.org.path.startswith(session.unit.path):
        return True
    return ExpectedAttendee.objects.filter(session=session, member=member).exists()


def _record_attendance(
    *, actor: Any, session: StudySession, members: Sequence[Member], method: str
) -> list[Attendance]:
    """Insert the attendances that do not exist yet; counters, tallies and points follow.
    Returns the new rows (a second sign-in adds nothing: the database refuses duplicates)."""
    already = set(
        Attendance.objects.filter(session=session, member__in=[m.pk for m in members]).values_list(
            "member_id", flat=True
        )
    )
    fresh = [m for m in {m.pk: m for m in members}.values() if m.pk not in already]
    if not fresh:
        return []
    rows = [Attendance(session=session, member=m, member_org_id=m.org_id, method=method) for m in fresh]
    try:
        with transaction.atomic():
            Attendance.objects.bulk_create(rows)
    except IntegrityError:
        # A concurrent sign-in of the same member won the race: it counted; this one does not.
        return []
    StudySession.objects.filter(pk=session.pk).update(attended_count=F("attended_count") + len(rows))
    session.attended_count += len(rows)
    unit = session.unit
    bumps = [Bump(unit.pk, unit.path, ATTENDANCES, session.date, len(rows))]
    bumps += tally_apply(TallyChange(m.pk, m.org_id, m.org.path, session.date, +1) for m in fresh)
    rollup_bump_many(bumps)
    for m in fresh:
        _award(member=m, action=PointAction.ATTENDANCE, note=session.topic[:200])
    return rows


@transaction.atomic
def attendance_sign_in(*, actor: Any, session: StudySession, code: str) -> bool:
    """The signed-in member scans the session's code. True if counted now, False if they had
    already signed in (counted once)."""
    member = member_of(actor)
    if member is None:
        raise PermissionDenied(_("Only party members with an account on the roster can sign in."))
    check_code(session, code)
    session = StudySession.objects.select_for_update(of=("self",)).select_related("unit").get(pk=session.pk)
    member = Member.objects.select_related("org").get(pk=member.pk)
    if not may_sign_in(session, member):
        raise ValidationError(
            _("This session is only for members of %(unit)s; you cannot sign in to it.")
            % {"unit": session.unit.display_name},
            code="closed",
        )
    rows = _record_attendance(actor=actor, session=session, members=[member], method=AttendanceMethod.QR)
    if rows:
        audit(actor=actor, action="study.sign_in", obj=rows[0], org_path=session.unit.path,
              after={"session_id": session.pk, "member_id": member.pk, "method": "qr"})  # fmt: skip
    return bool(rows)


@transaction.atomic
def attendance_tick(
    *, actor: Any, session: StudySession, members: Sequence[Member], method: str = AttendanceMethod.TICKED
) -> int:
    """The secretary ticks members as present. Returns how many were newly counted."""
    require(actor, session.unit, Cap.RECORDS)
    members = list(Member.objects.filter(pk__in=[m.pk for m in members]).select_related("org"))
    for m in members:
        if not (may_sign_in(session, m) or (session.open_to_all and can(actor, m.org, Cap.VIEW))):
            raise ValidationError(
                _("%(name)s is not a member of %(unit)s; this session is closed.")
                % {"name": m.name, "unit": session.unit.display_name}
            )
    rows = _record_attendance(actor=actor, session=session, members=members, method=method)
    if rows:
        audit(actor=actor, action="study.tick", obj=session, org_path=session.unit.path,
              after={"member_ids": [r.member_id for r in rows]})  # fmt: skip
    return len(rows)


@transaction.atomic
def attendance_remove(*, actor: Any, session: StudySession, member: Member) -> bool:
    """Undo a wrong tick."""
    require(actor, session.unit, Cap.RECORDS)
    row = Attendance.objects.filter(session=session, member=member).first()
    if row is None:
        return False
    StudySession.objects.filter(pk=session.pk).update(attended_count=F("attended_count") - 1)
    session.attended_count -= 1
    unit = session.unit
    bumps = [Bump(unit.pk, unit.path, ATTENDANCES, session.date, -1)]
    bumps += tally_apply([TallyChange(member.pk, member.org_id, member.org.path, session.date, -1)])
    row.delete()
    rollup_bump_many(bumps)
    audit(actor=actor, action="study.untick", obj=session, org_path=unit.path, before={"member_id": member.pk})
    return True


# --- Absences and make-up --------------------------------------------------------------------------


def _absence(session: StudySession, member: Member) -> ExpectedAttendee:
    row = ExpectedAttendee.objects.filter(session=session, member=member).first()
    if row is None:
        raise ValidationError(_("This member was not expected at the session."))
    if Attendance.objects.filter(session=session, member=member).exists():
        raise ValidationError(_("This member attended the session."))
    return row


@transaction.atomic
def absence_set_reason(*, actor: Any, session: StudySession, member: Member, reason: str) -> ExpectedAttendee:
    require(actor, session.unit, Cap.RECORDS)
    row = _absence(session, member)
    before = {"absence_reason": row.absence_reason}
    row.absence_reason = reason.strip()[:200]
    row.save(update_fields=["absence_reason"])
    audit(actor=actor, action="study.absence_reason", obj=session, org_path=session.unit.path,
          before={**before, "member_id": member.pk}, after={"absence_reason": row.absence_reason})  # fmt: skip
    return row


@transaction.atomic
def absence_make_up(
    *, actor: Any, session: StudySession, member: Member, day: datetime.date | None = None, note: str = ""
) -> ExpectedAttendee:
    """Mark a missed session as made up (补学): by the member themself or by the secretary."""
    own = member_of(actor)
    if own is None or own.pk != member.pk:
        require(actor, session.unit, Cap.RECORDS)
    row = _absence(session, member)
    if row.made_up_at is not None:
        return row
    row.made_up_at = day or timezone.localdate()
    row.made_up_note = note.strip()[:200]
    row.save(update_fields=["made_up_at", "made_up_note"])
    _award(member=member, action=PointAction.MAKEUP, note=session.topic[:200])
    audit(actor=actor, action="study.make_up", obj=session, org_path=session.unit.path,
          after={"member_id": member.pk, "made_up_at": row.made_up_at, "note": row.made_up_note})  # fmt: skip
    return row


# --- Personal study and points ------------------------------------------------------------------


def _award(*, member: Member, action: str, note: str = "", day: datetime.date | None = None) -> int:
    """Credit points for ``action`` within the rule's daily cap. Returns the points credited."""
    rule = PointRule.objects.filter(action=action, is_active=True).first()
    if rule is None or rule.points == 0:
        return 0
    day = day or timezone.localdate()
    so_far = PointEntry.objects.filter(member=member, day=day, action=action).aggregate(s=Sum("points"))["s"] or 0
    points = min(rule.points, max(rule.daily_cap - so_far, 0))
    if points:
        PointEntry.objects.create(member=member, day=day, action=action, points=points, note=note)
    return points


@transaction.atomic
def checkin_create(*, actor: Any, material: str, note: str = "") -> CheckIn:
    """The signed-in member records what they studied today."""
    member = member_of(actor)
    if member is None:
        raise PermissionDenied(_("Only party members with an account on the roster can check in."))
    material = material.strip()
    if not material:
        raise ValidationError({"material": _("Say what you studied.")})
    member = Member.objects.select_related("org").get(pk=member.pk)
    item = CheckIn(member=member, org=member.org, day=timezone.localdate(), material=material, note=note.strip())
    item.full_clean()
    item.save()
    rollup_bump_many([Bump(member.org_id, member.org.path, CHECKINS, item.day, 1)])
    _award(member=member, action=PointAction.CHECKIN, note=material[:200], day=item.day)
    audit(actor=actor, action="study.check_in", obj=item, org_path=member.org.path,
          after={"material": material, "day": item.day})  # fmt: skip
    return item


def may_configure(actor: Any) -> bool:
    """Kinds and points rules are shared by the whole tree: district administrators (the
    structure right over a top-level organisation) change them."""
    return any(can(actor, r, Cap.STRUCTURE) for r in Organization.objects.filter(depth=1))


@transaction.atomic
def point_rule_set(*, actor: Any, action: str, points: int, daily_cap: int, is_active: bool = True) -> PointRule:
    """Change a points rule (district administrators: the structure right at a top organisation)."""
    if not may_configure(actor):
        raise PermissionDenied(_("Only district administrators can change the points rules."))
    rule, _created = PointRule.objects.get_or_create(action=action, defaults={"points": points, "daily_cap": daily_cap})
    before = snapshot(rule, ["points", "daily_cap", "is_active"])
    rule.points, rule.daily_cap, rule.is_active = points, daily_cap, is_active
    rule.full_clean()
    rule.save()
    audit(actor=actor, action="study.point_rule", obj=rule, before=before,
          after=snapshot(rule, ["points", "daily_cap", "is_active"]))  # fmt: skip
    return rule


KIND_FIELDS = ["code", "name", "is_lecture", "order", "is_active", "held_by"]


@transaction.atomic
def session_kind_create(
    *, actor: Any, code: str, name: str, is_lecture: bool = False, order: int = 200,
    held_by: str = KindHolder.BRANCH,
) -> SessionKind:  # fmt: skip
    """Add a kind of session to the configurable list (district administrators). Its figures
    appear in every process at its next read (``figures_changed``), without a restart."""
    if not may_configure(actor):
        raise PermissionDenied(_("Only district administrators can change the kinds of session."))
    kind = SessionKind(code=code, name=name.strip(), is_lecture=is_lecture, order=order, held_by=held_by)
    kind.full_clean()
    kind.save()
    figures_changed(KINDS_PROVIDER)
    audit(actor=actor, action="study.kind_create", obj=kind, after=snapshot(kind, KIND_FIELDS))
    return kind


@transaction.atomic
def session_kind_update(
    *, actor: Any, kind: SessionKind, name: str | None = None, order: int | None = None,
    is_active: bool | None = None,
) -> SessionKind:  # fmt: skip
    """Rename, reorder or retire (``is_active=False``) a kind; every process follows at once.

    Its code, lecture flag and holders stay: the counters are keyed by them (a retired kind's
    sessions still count; its figures leave the dashboard and briefings)."""
    if not may_configure(actor):
        raise PermissionDenied(_("Only district administrators can change the kinds of session."))
    kind = SessionKind.objects.select_for_update().get(pk=kind.pk)
    before = snapshot(kind, KIND_FIELDS)
    changes = {k: v for k, v in {"name": name.strip() if name is not None else None, "order": order,
                                 "is_active": is_active}.items() if v is not None}  # fmt: skip
    for field, value in changes.items():
        setattr(kind, field, value)
    kind.full_clean()
    kind.save(update_fields=[*changes, "updated_at"])
    figures_changed(KINDS_PROVIDER)
    audit(actor=actor, action="study.kind_update", obj=kind, before=before, after=snapshot(kind, KIND_FIELDS))
    return kind


# --- Required readings ------------------------------------------------------------------------------


@transaction.atomic
def reading_create(
    *, actor: Any, owner: Organization, title: str, publisher: str = "", campaign_id: int | None = None
) -> RequiredReading:
    require(actor, owner, Cap.STRUCTURE)
    reading = RequiredReading(owner=owner, title=title.strip(), publisher=publisher.strip(), campaign_id=campaign_id)
    reading.full_clean()
    reading.save()
    audit(actor=actor, action="study.reading_create", obj=reading, org_path=owner.path,
          after=snapshot(reading, ["title", "publisher", "campaign_id"]))  # fmt: skip
    return reading


@transaction.atomic
def distribution_set(
    *,
    actor: Any,
    reading: RequiredReading,
    unit: Organization,
    ordered: int,
    delivered: int,
    delivered_on: datetime.date | None = None,
) -> ReadingDistribution:
    """Record the sets of ``reading`` ordered and delivered to ``unit`` (replaces the numbers)."""
    require(actor, unit, Cap.RECORDS)
    if not unit.path.startswith(reading.owner.path):
        raise ValidationError(_("This reading was not set for this organisation."))
    if ordered < 0 or delivered < 0:
        raise ValidationError(_("Numbers of sets cannot be negative."))
    row, _created = ReadingDistribution.objects.get_or_create(reading=reading, unit=unit)
    before = snapshot(row, ["ordered", "delivered", "delivered_on"])
    d_ordered, d_delivered = ordered - row.ordered, delivered - row.delivered
    row.ordered, row.delivered = ordered, delivered
    row.delivered_on = delivered_on or (
        timezone.localdate() if delivered and not row.delivered_on else row.delivered_on
    )
    row.full_clean()
    row.save()
    rollup_bump_many([
        Bump(unit.pk, unit.path, READINGS_ORDERED, None, d_ordered),
        Bump(unit.pk, unit.path, READINGS_DELIVERED, None, d_delivered),
        Bump(unit.pk, unit.path, reading_key(reading.pk), None, d_delivered),
    ])  # fmt: skip
    audit(actor=actor, action="study.distribution_set", obj=row, org_path=unit.path, before=before,
          after=snapshot(row, ["ordered", "delivered", "delivered_on"]))  # fmt: skip
    return row
