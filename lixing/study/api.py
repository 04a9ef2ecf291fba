"""Study over JSON: sessions, attendance and check-ins, through the same selectors and services
as the pages. Points are available only as the caller's own (``/me/points``)."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema
from ninja.pagination import paginate
from pydantic import StrictBool, StrictInt

from lixing.common.pagination import BoundedPagination
from lixing.figures.periods import Period
from lixing.orgs.access import Cap, access_member, access_org, home_org

from . import selectors, services
from .models import CheckIn, SessionKind, StudySession

router = Router(tags=["study"])


class KindOut(Schema):
    code: str
    name: str
    is_lecture: bool


class SessionOut(Schema):
    id: int
    unit_id: int
    date: datetime.date
    topic: str
    place: str
    online_link: str
    online_viewers: int
    kinds: list[str]
    speaker_member_id: int | None
    speaker_name: str
    speaker_role: str
    speaker_cadre_level: str
    campaign_id: int | None
    open_to_all: bool
    expected_count: int
    attended_count: int

    @staticmethod
    def resolve_kinds(obj: StudySession) -> list[str]:
        return [k.code for k in obj.kinds.all()]


class SessionIn(Schema):
    unit_id: StrictInt
    kinds: list[str] = Field(min_length=1)
    date: datetime.date
    topic: str = Field(min_length=1, max_length=200)
    place: str = ""
    online_link: str = ""
    online_viewers: StrictInt = Field(0, ge=0)
    speaker_member_id: StrictInt | None = None
    speaker_name: str = ""
    speaker_role: str = ""
    campaign_id: StrictInt | None = None
    open_to_all: StrictBool = False
    expect_unit_members: StrictBool = True
    summary: str = ""


class AttendanceRow(Schema):
    member_id: int
    name: str
    org_id: int
    expected: bool
    attended: bool
    method: str
    absence_reason: str
    made_up_at: datetime.date | None


class TickIn(Schema):
    member_ids: list[StrictInt] = Field(min_length=1)


class TickOut(Schema):
    counted: int
    attended_count: int


class SignInIn(Schema):
    code: str


class SignInOut(Schema):
    counted: bool
    attended_count: int


class CheckInIn(Schema):
    material: str = Field(min_length=1, max_length=200)
    note: str = Field("", max_length=500)


class CheckInOut(Schema):
    id: int
    day: datetime.date
    material: str
    note: str


class PointsOut(Schema):
    total: int


def _kinds(codes: list[str]) -> list[SessionKind]:
    kinds = list(SessionKind.objects.filter(code__in=codes, is_active=True))
    if len(kinds) != len(set(codes)):
        raise ValidationError({"kinds": ["unknown kind"]})
    return kinds


@router.get("/kinds", response=list[KindOut])
def kinds(request: HttpRequest) -> QuerySet[SessionKind]:
    return selectors.active_kinds()


@router.get("/sessions", response=list[SessionOut])
@paginate(BoundedPagination)
def sessions(
    request: HttpRequest, org: int | None = None, period: str = "all", kind: str = ""
) -> QuerySet[StudySession]:
    """Sessions organised in the organisation's subtree (default: the caller's home)."""
    unit = access_org(request.user, org or getattr(home_org(request.user), "pk", None))
    try:
        p = Period.parse(period)
    except ValueError as exc:
        raise ValidationError({"period": [str(exc)]}) from None
    return selectors.session_list(actor=request.user, org=unit, period=p, kind=kind)


def _campaign_in_scope(request: HttpRequest, campaign_id: int) -> None:
    """A campaign id in a body is checked like one in a URL: 404 unless the caller sees it."""
    from lixing.campaigns.selectors import campaign_list  # a line of work's selector, as the form does

    if not campaign_list(actor=request.user).filter(pk=campaign_id).exists():
        raise Http404("No such campaign.")


@router.post("/sessions", response={201: SessionOut})
def create_session(request: HttpRequest, payload: SessionIn) -> tuple[int, StudySession]:
    unit = access_org(request.user, payload.unit_id, Cap.RECORDS)
    speaker = access_member(request.user, payload.speaker_member_id) if payload.speaker_member_id else None
    if payload.campaign_id is not None:
        _campaign_in_scope(request, payload.campaign_id)
    session = services.session_create(
        actor=request.user, unit=unit, kinds=_kinds(payload.kinds), date=payload.date, topic=payload.topic,
        place=payload.place, online_link=payload.online_link, online_viewers=payload.online_viewers,
        speaker_member=speaker, speaker_name=payload.speaker_name, speaker_role=payload.speaker_role,
        campaign_id=payload.campaign_id, open_to_all=payload.open_to_all, summary=payload.summary,
        expected_members=None if payload.expect_unit_members else [],
    )  # fmt: skip
    return 201, selectors.session_get(actor=request.user, session_id=session.pk)


@router.get("/sessions/{session_id}", response=SessionOut)
def session(request: HttpRequest, session_id: int) -> StudySession:
    return selectors.session_get(actor=request.user, session_id=session_id)


@router.get("/sessions/{session_id}/attendance", response=list[AttendanceRow])
def attendance(request: HttpRequest, session_id: int) -> list[AttendanceRow]:
    s = selectors.session_get(actor=request.user, session_id=session_id)
    return [
        AttendanceRow(member_id=r.member.pk, name=r.member.name, org_id=r.member.org_id, expected=r.expected,
                      attended=r.attended, method=r.method, absence_reason=r.absence_reason, made_up_at=r.made_up_at)
        for r in selectors.attendance_sheet(actor=request.user, session=s)
    ]  # fmt: skip


@router.post("/sessions/{session_id}/attendance", response=TickOut)
def tick(request: HttpRequest, session_id: int, payload: TickIn) -> TickOut:
    """Mark members present (the secretary's ticks). Members already counted are not counted again."""
    s = selectors.session_get(actor=request.user, session_id=session_id, cap=Cap.RECORDS)
    members = [access_member(request.user, pk, Cap.RECORDS) for pk in payload.member_ids]
    n = services.attendance_tick(actor=request.user, session=s, members=members, method="api")
    return TickOut(counted=n, attended_count=s.attended_count)


@router.post("/sessions/{session_id}/signin", response=SignInOut)
def sign_in(request: HttpRequest, session_id: int, payload: SignInIn) -> SignInOut:
    """Sign the caller in with the code from the session's QR code."""
    s = selectors.session_for_sign_in(session_id=session_id)
    counted = services.attendance_sign_in(actor=request.user, session=s, code=payload.code)
    s.refresh_from_db(fields=["attended_count"])
    return SignInOut(counted=counted, attended_count=s.attended_count)


@router.get("/me/checkins", response=list[CheckInOut])
def my_checkins(request: HttpRequest) -> QuerySet[CheckIn]:
    return selectors.my_checkins(actor=request.user, limit=100)


@router.post("/me/checkins", response={201: CheckInOut})
def create_checkin(request: HttpRequest, payload: CheckInIn) -> tuple[int, CheckIn]:
    return 201, services.checkin_create(actor=request.user, material=payload.material, note=payload.note)


@router.get("/me/points", response=PointsOut)
def my_points(request: HttpRequest) -> PointsOut:
    """The caller's own points total. There is no endpoint for anyone else's points."""
    return PointsOut(total=selectors.my_points(actor=request.user, limit=0).total)
