"""Practical deeds over JSON: the same selectors and services as the pages.

The ``/public/…`` operations take no account (``auth=None``) and return nothing personal:
residents file a problem and follow it by its tracking code, read the project board and
wish wall, and vote with a verified phone.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate
from pydantic import StrictBool, StrictInt

from lixing.common.pagination import BoundedPagination
from lixing.figures.periods import Period
from lixing.orgs.access import Cap, access_member, access_org, can, home_org
from lixing.orgs.models import Organization
from lixing.orgs.validators import mask_phone

from . import ratelimit, selectors, services
from .models import (
    Category,
    MicroProject,
    ServiceActivity,
    ServiceTeam,
    SubmitterType,
    Ticket,
    TicketSource,
    Visit,
    VolunteerRecord,
    Wish,
)

router = Router(tags=["deeds"])


def _period(raw: str) -> Period:
    try:
        return Period.parse(raw)
    except ValueError as exc:
        raise HttpError(400, str(exc)) from None


def _org(request: HttpRequest, org_id: int | None, cap: Cap = Cap.VIEW) -> Organization:
    return access_org(request.user, org_id or getattr(home_org(request.user), "pk", None), cap)


def _category(category_id: int) -> Category:
    try:
        return Category.objects.get(pk=category_id)
    except Category.DoesNotExist:
        raise ValidationError({"category_id": "unknown category"}) from None


# --- Schemas -----------------------------------------------------------------------------------


class CategoryOut(Schema):
    id: int
    name: str
    group: str
    expected_days: int


class PublicTicketIn(Schema):
    submitter_type: str = Field(SubmitterType.RESIDENT, pattern="^(resident|enterprise)$")
    category_id: StrictInt
    title: str = Field(min_length=1, max_length=120)
    description: str = Field(min_length=1, max_length=5000)
    location: str = ""
    submitter_name: str = ""
    submitter_phone: str = Field(min_length=5, max_length=20)
    enterprise_name: str = ""
    office_id: StrictInt | None = None


class CodeOut(Schema):
    code: str


class StepOut(Schema):
    at: datetime.datetime
    kind: str
    label: str
    state_label: str
    unit: str


class PublicTicketOut(Schema):
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
    steps: list[StepOut]


class ConfirmIn(Schema):
    satisfied: StrictBool
    note: str = ""


class TicketOut(Schema):
    id: int
    code: str
    kind: str
    source: str
    category_id: int
    title: str
    description: str
    state: str
    outcome: str
    office_id: int
    unit_id: int | None
    lead_id: int | None
    received_on: datetime.date
    due_on: datetime.date
    answered_on: datetime.date | None
    resolve_days: int | None
    satisfied: bool | None
    late: bool
    submitter_type: str
    submitter_phone: str

    @staticmethod
    def resolve_late(obj: Ticket) -> bool:
        return obj.late_at is not None

    @staticmethod
    def resolve_submitter_phone(obj: Ticket) -> str:
        return mask_phone(obj.submitter_phone)


class TicketIn(Schema):
    org_id: StrictInt
    source: str = Field(pattern="^(visit|hotline|letter|meeting)$")
    kind: str = "problem"
    category_id: StrictInt
    title: str = Field(min_length=1, max_length=120)
    description: str = Field(min_length=1)
    submitter_type: str = SubmitterType.RESIDENT
    submitter_name: str = ""
    submitter_phone: str = ""
    enterprise_name: str = ""
    received_on: datetime.date | None = None


class AssignIn(Schema):
    unit_id: StrictInt
    lead_id: StrictInt | None = None
    note: str = ""


class AnswerIn(Schema):
    outcome: str = Field(pattern="^(resolved|partial|cannot)$")
    reply: str = ""
    reason: str = ""


class RateOut(Schema):
    value: float | None
    display: str
    numerator: int | None
    denominator: int | None


class FiguresOut(Schema):
    collected: int
    solved: int
    partial: int
    late: int
    resolution_rate: RateOut
    satisfaction: RateOut
    median_days: int | None


class BreakdownRowOut(Schema):
    label: str
    filter: str
    figures: FiguresOut


class UnitRowOut(Schema):
    org_id: int
    name: str
    figures: FiguresOut


class BreakdownOut(Schema):
    org_id: int
    period: str
    total: FiguresOut
    by_source: list[BreakdownRowOut]
    by_group: list[BreakdownRowOut]
    by_category: list[BreakdownRowOut]
    by_visit_target: list[BreakdownRowOut]
    by_unit: list[UnitRowOut]


def _figs(f: selectors.TicketFigures) -> FiguresOut:
    return FiguresOut(
        collected=f.collected, solved=f.solved, partial=f.partial, late=f.late, median_days=f.median_days,
        resolution_rate=RateOut(**{k: v for k, v in f.rate.as_dict().items() if k != "is_rate"}),
        satisfaction=RateOut(**{k: v for k, v in f.satisfaction.as_dict().items() if k != "is_rate"}),
    )  # fmt: skip


class VisitIn(Schema):
    org_id: StrictInt
    target_type: str = Field(pattern="^(enterprise|community|village)$")
    target_name: str = Field(min_length=1, max_length=200)
    visited_on: datetime.date
    topic: str = Field(min_length=1, max_length=200)
    member_ids: list[StrictInt] = []
    notes: str = ""
    problems: list[str] = []
    category_id: StrictInt | None = None


class VisitOut(Schema):
    id: int
    org_id: int
    target_type: str
    target_name: str
    visited_on: datetime.date
    topic: str
    problems: int = 0


class ProjectOut(Schema):
    id: int
    org_id: int
    community: str
    title: str
    description: str
    phase: str
    proposed_on: datetime.date
    votes: int
    voting_open: bool
    estimated_cost: int | None
    budget: int | None
    spent: int
    progress: int
    accepted_on: datetime.date | None

    @staticmethod
    def resolve_community(obj: MicroProject) -> str:
        return obj.org.display_name


class ProposalIn(Schema):
    org_id: StrictInt
    title: str = Field(min_length=1, max_length=120)
    description: str = Field(min_length=1)
    proposer_kind: str = "unit"
    proposer_name: str = ""


class PublicProposalIn(Schema):
    org_id: StrictInt
    title: str = Field(min_length=1, max_length=120)
    description: str = Field(min_length=1, max_length=5000)
    proposer_name: str = ""
    proposer_phone: str = ""


class ReviewIn(Schema):
    feasible: StrictBool
    feasibility: str
    estimated_cost: StrictInt | None = None
    open_vote: StrictBool = False


class SelectIn(Schema):
    method: str = Field(pattern="^(council|vote|both)$")
    budget: StrictInt
    council_decision: str = ""


class MilestoneIn(Schema):
    title: str
    reached_on: datetime.date
    progress: StrictInt = Field(ge=0, le=100)
    spent: StrictInt = Field(0, ge=0)
    note: str = ""


class AcceptIn(Schema):
    note: str


class PhoneIn(Schema):
    phone: str


class VoteIn(Schema):
    phone: str
    code: str


class VoteOut(Schema):
    project_id: int
    votes: int


class PublicWishOut(Schema):
    id: int
    title: str
    initials: str
    community: str
    state: str
    posted_on: datetime.date

    @staticmethod
    def resolve_community(obj: Wish) -> str:
        return obj.org.display_name


class WishOut(PublicWishOut):
    beneficiary_name: str
    claimed_by_id: int | None
    claimed_on: datetime.date | None
    fulfilled_on: datetime.date | None


class WishIn(Schema):
    org_id: StrictInt
    beneficiary_name: str
    title: str
    description: str = ""


class FulfilIn(Schema):
    note: str


class UnitRegistrationIn(Schema):
    community_id: StrictInt
    unit_id: StrictInt


class MemberRegistrationIn(Schema):
    community_id: StrictInt
    member_id: StrictInt | None = None


class RegistrationOut(Schema):
    id: int
    community_id: int
    kind: str
    unit_id: int | None
    member_id: int | None
    registered_on: datetime.date


class ActivityIn(Schema):
    community_id: StrictInt
    title: str
    held_on: datetime.date
    place: str = ""
    description: str = ""
    capacity: StrictInt | None = None


class ActivityOut(Schema):
    id: int
    community_id: int
    title: str
    held_on: datetime.date
    place: str
    capacity: int | None


class RecordOut(Schema):
    id: int
    activity_id: int
    member_id: int
    hours: Decimal
    people_served: int
    confirmed: bool

    @staticmethod
    def resolve_confirmed(obj: VolunteerRecord) -> bool:
        return obj.confirmed_at is not None


class LogIn(Schema):
    hours: Decimal = Field(ge=0, max_digits=5, decimal_places=1)
    people_served: StrictInt = Field(ge=0)


class TeamIn(Schema):
    org_id: StrictInt
    kind: str = Field(pattern="^(station|action_group)$")
    name: str
    focus: str = ""
    address: str = ""


class TeamOut(Schema):
    id: int
    org_id: int
    kind: str
    name: str
    focus: str
    member_ids: list[int] = []


class MembersIn(Schema):
    member_ids: list[StrictInt]


# --- Public operations (no account) ------------------------------------------------------------


@router.get("/public/categories", response=list[CategoryOut], auth=None)
def public_categories(request: HttpRequest) -> QuerySet[Category]:
    return Category.objects.filter(is_active=True).order_by("group", "order", "name")


@router.post("/public/tickets", response={201: CodeOut, 429: dict}, auth=None)
def public_ticket_submit(request: HttpRequest, payload: PublicTicketIn) -> tuple[int, Any]:
    """File a problem without an account; returns the tracking code (rate-limited per IP)."""
    if not ratelimit.allow_submission(request):
        return 429, {"detail": "too many submissions; try again later"}
    office_qs = Organization.objects.filter(depth=1, dissolved_at__isnull=True).order_by("path")
    office = (Organization.objects.filter(pk=payload.office_id, dissolved_at__isnull=True).first()
              if payload.office_id else office_qs.first())  # fmt: skip
    if office is None:
        raise HttpError(404, "no such office")
    category = _category(payload.category_id)
    if not category.is_active:
        raise ValidationError({"category_id": "category not offered"})
    data = payload.dict(exclude={"office_id", "category_id"})
    ticket = services.ticket_create(actor=None, office=office, source=TicketSource.PUBLIC, category=category, **data)
    return 201, {"code": ticket.code}


@router.get("/public/tickets/{code}", response=PublicTicketOut, auth=None)
def public_ticket(request: HttpRequest, code: str) -> selectors.PublicTicket:
    """A ticket's state and public timeline by its tracking code: nothing personal."""
    return selectors.ticket_public(selectors.ticket_by_code(code))


@router.post("/public/tickets/{code}/confirm", response=PublicTicketOut, auth=None)
def public_ticket_confirm(request: HttpRequest, code: str, payload: ConfirmIn) -> selectors.PublicTicket:
    t = services.ticket_confirm(actor=None, ticket=selectors.ticket_by_code(code), by_code=True, **payload.dict())
    return selectors.ticket_public(t)


@router.get("/public/projects", response=list[ProjectOut], auth=None)
def public_projects(request: HttpRequest, phase: str = "") -> QuerySet[MicroProject]:
    return selectors.public_projects(phase)


@router.post("/public/projects", response={201: ProjectOut, 429: dict}, auth=None)
def public_propose(request: HttpRequest, payload: PublicProposalIn) -> tuple[int, Any]:
    if not ratelimit.allow_submission(request):
        return 429, {"detail": "too many submissions; try again later"}
    org = selectors.communities().filter(pk=payload.org_id).first()
    if org is None:
        raise HttpError(404, "no such community")
    p = services.project_propose(actor=None, org=org, proposer_kind="resident", **payload.dict(exclude={"org_id"}))
    return 201, p


@router.post("/public/phone-codes", response={202: dict, 429: dict}, auth=None)
def public_phone_code(request: HttpRequest, payload: PhoneIn) -> tuple[int, Any]:
    """Send a one-time code to a phone (through the configured sender)."""
    if not ratelimit.allow_code(request, payload.phone):
        return 429, {"detail": "too many codes; try again later"}
    services.phone_code_send(phone=payload.phone)
    return 202, {"detail": "sent"}


@router.post("/public/projects/{project_id}/votes", response={201: VoteOut}, auth=None)
def public_vote(request: HttpRequest, project_id: int, payload: VoteIn) -> tuple[int, VoteOut]:
    """Verify the phone with its code and cast one approval vote (a second one is refused)."""
    project = selectors.public_project(project_id)
    phone_h = services.phone_code_verify(phone=payload.phone, code=payload.code)
    services.vote_cast(project=project, phone_h=phone_h)
    project.refresh_from_db(fields=["votes"])
    return 201, VoteOut(project_id=project.pk, votes=project.votes)


@router.get("/public/wishes", response=list[PublicWishOut], auth=None)
def public_wishes(request: HttpRequest) -> QuerySet[Wish]:
    return selectors.open_wishes()


# --- Tickets (staff) ---------------------------------------------------------------------------


@router.get("/tickets", response=list[TicketOut])
@paginate(BoundedPagination)
def tickets(
    request: HttpRequest, org_id: int | None = None, period: str = "all", state: str = "", source: str = "",
    late: bool = False,
) -> QuerySet[Ticket]:  # fmt: skip
    org = _org(request, org_id)
    f = selectors.TicketFilter(state=state, source=source, late=late)
    return selectors.ticket_list(actor=request.user, org=org, period=_period(period), f=f)


@router.get("/tickets/figures", response=BreakdownOut)
def ticket_figures(request: HttpRequest, org_id: int | None = None, period: str = "all") -> BreakdownOut:
    org, p = _org(request, org_id), _period(period)
    b = selectors.ticket_breakdown(actor=request.user, org=org, period=p)

    def rows(items: list[selectors.BreakdownRow]) -> list[BreakdownRowOut]:
        return [BreakdownRowOut(label=r.label, filter=r.params, figures=_figs(r.figures)) for r in items]

    return BreakdownOut(
        org_id=org.pk, period=p.bucket, total=_figs(b.total), by_source=rows(b.by_source), by_group=rows(b.by_group),
        by_category=rows(b.by_category), by_visit_target=rows(b.by_visit_target),
        by_unit=[UnitRowOut(org_id=u.pk, name=u.display_name, figures=_figs(f)) for u, f in b.by_unit],
    )  # fmt: skip


@router.get("/tickets/{ticket_id}", response=TicketOut)
def ticket(request: HttpRequest, ticket_id: int) -> Ticket:
    return selectors.ticket_get(actor=request.user, ticket_id=ticket_id)


@router.post("/tickets", response={201: TicketOut})
def ticket_create(request: HttpRequest, payload: TicketIn) -> tuple[int, Ticket]:
    org = _org(request, payload.org_id, Cap.RECORDS)
    data = payload.dict(exclude={"org_id", "category_id"})
    return 201, services.ticket_create(actor=request.user, office=org, category=_category(payload.category_id), **data)


@router.post("/tickets/{ticket_id}/assign", response=TicketOut)
def ticket_assign(request: HttpRequest, ticket_id: int, payload: AssignIn) -> Ticket:
    t = selectors.ticket_get(actor=request.user, ticket_id=ticket_id)
    unit = access_org(request.user, payload.unit_id)
    lead = access_member(request.user, payload.lead_id) if payload.lead_id else None
    return services.ticket_assign(actor=request.user, ticket=t, unit=unit, lead=lead, note=payload.note)


@router.post("/tickets/{ticket_id}/start", response=TicketOut)
def ticket_start(request: HttpRequest, ticket_id: int) -> Ticket:
    return services.ticket_start(
        actor=request.user, ticket=selectors.ticket_get(actor=request.user, ticket_id=ticket_id)
    )


@router.post("/tickets/{ticket_id}/answer", response=TicketOut)
def ticket_answer(request: HttpRequest, ticket_id: int, payload: AnswerIn) -> Ticket:
    t = selectors.ticket_get(actor=request.user, ticket_id=ticket_id)
    return services.ticket_answer(actor=request.user, ticket=t, **payload.dict())


@router.post("/tickets/{ticket_id}/confirm", response=TicketOut)
def ticket_confirm(request: HttpRequest, ticket_id: int, payload: ConfirmIn) -> Ticket:
    """Record the submitter's answer given to staff (e.g. by phone)."""
    t = selectors.ticket_get(actor=request.user, ticket_id=ticket_id)
    return services.ticket_confirm(actor=request.user, ticket=t, **payload.dict())


# --- Visits ------------------------------------------------------------------------------------


def _visit_out(v: Visit, problems: int = 0) -> VisitOut:
    return VisitOut(id=v.pk, org_id=v.org_id, target_type=v.target_type, target_name=v.target_name,
                    visited_on=v.visited_on, topic=v.topic, problems=problems)  # fmt: skip


@router.get("/visits", response=list[VisitOut])
@paginate(BoundedPagination)
def visits(request: HttpRequest, org_id: int | None = None, period: str = "all") -> QuerySet[Visit]:
    return selectors.visit_list(actor=request.user, org=_org(request, org_id), period=_period(period))


@router.post("/visits", response={201: VisitOut})
def visit_create(request: HttpRequest, payload: VisitIn) -> tuple[int, VisitOut]:
    org = _org(request, payload.org_id, Cap.RECORDS)
    members = [access_member(request.user, m, Cap.RECORDS) for m in payload.member_ids]
    problems = []
    if payload.problems:
        if payload.category_id is None:
            raise ValidationError({"category_id": "a category is needed for the problems"})
        category = _category(payload.category_id)
        problems = [services.ProblemIn(title=p[:120], description=p, category=category) for p in payload.problems]
    v = services.visit_create(
        actor=request.user, org=org, target_type=payload.target_type, target_name=payload.target_name,
        visited_on=payload.visited_on, topic=payload.topic, members=members, notes=payload.notes, problems=problems,
    )  # fmt: skip
    return 201, _visit_out(v, len(problems))


# --- Projects ----------------------------------------------------------------------------------


@router.get("/projects", response=list[ProjectOut])
@paginate(BoundedPagination)
def projects(request: HttpRequest, org_id: int | None = None, phase: str = "") -> QuerySet[MicroProject]:
    return selectors.project_list(actor=request.user, org=_org(request, org_id), phase=phase)


@router.post("/projects", response={201: ProjectOut})
def project_propose(request: HttpRequest, payload: ProposalIn) -> tuple[int, MicroProject]:
    org = _org(request, payload.org_id, Cap.RECORDS)
    return 201, services.project_propose(actor=request.user, org=org, **payload.dict(exclude={"org_id"}))


def _project(request: HttpRequest, project_id: int) -> MicroProject:
    return selectors.project_get(actor=request.user, project_id=project_id)


@router.post("/projects/{project_id}/review", response=ProjectOut)
def project_review(request: HttpRequest, project_id: int, payload: ReviewIn) -> MicroProject:
    return services.project_review(actor=request.user, project=_project(request, project_id), **payload.dict())


@router.post("/projects/{project_id}/select", response=ProjectOut)
def project_select(request: HttpRequest, project_id: int, payload: SelectIn) -> MicroProject:
    return services.project_select(actor=request.user, project=_project(request, project_id), **payload.dict())


@router.post("/projects/{project_id}/milestones", response={201: ProjectOut})
def project_milestone(request: HttpRequest, project_id: int, payload: MilestoneIn) -> tuple[int, MicroProject]:
    p = _project(request, project_id)
    services.milestone_add(actor=request.user, project=p, **payload.dict())
    return 201, _project(request, project_id)


@router.post("/projects/{project_id}/accept", response=ProjectOut)
def project_accept(request: HttpRequest, project_id: int, payload: AcceptIn) -> MicroProject:
    return services.project_accept(actor=request.user, project=_project(request, project_id), note=payload.note)


# --- Wishes ------------------------------------------------------------------------------------


@router.get("/wishes", response=list[WishOut])
@paginate(BoundedPagination)
def wishes(request: HttpRequest, org_id: int | None = None, state: str = "") -> QuerySet[Wish]:
    return selectors.wish_list(actor=request.user, org=_org(request, org_id), state=state)


@router.post("/wishes", response={201: WishOut})
def wish_post(request: HttpRequest, payload: WishIn) -> tuple[int, Wish]:
    org = _org(request, payload.org_id, Cap.RECORDS)
    return 201, services.wish_post(actor=request.user, org=org, **payload.dict(exclude={"org_id"}))


@router.post("/wishes/{wish_id}/claim", response=PublicWishOut)
def wish_claim(request: HttpRequest, wish_id: int) -> Wish:
    return services.wish_claim(actor=request.user, wish=selectors.wish_get(actor=request.user, wish_id=wish_id))


@router.post("/wishes/{wish_id}/fulfil", response=PublicWishOut)
def wish_fulfil(request: HttpRequest, wish_id: int, payload: FulfilIn) -> Wish:
    w = selectors.wish_get(actor=request.user, wish_id=wish_id)
    return services.wish_fulfil(actor=request.user, wish=w, note=payload.note)


@router.post("/wishes/{wish_id}/confirm", response=WishOut)
def wish_confirm(request: HttpRequest, wish_id: int) -> Wish:
    return services.wish_confirm(actor=request.user, wish=selectors.wish_get(actor=request.user, wish_id=wish_id))


# --- Registration, activities, volunteering, teams ---------------------------------------------


def _community(community_id: int) -> Organization:
    org = Organization.objects.filter(pk=community_id, dissolved_at__isnull=True).first()
    if org is None:
        raise HttpError(404, "no such community")
    return org


@router.post("/registrations/units", response={201: RegistrationOut})
def register_unit(request: HttpRequest, payload: UnitRegistrationIn) -> tuple[int, Any]:
    unit = access_org(request.user, payload.unit_id)
    return 201, services.register_unit(actor=request.user, community=_community(payload.community_id), unit=unit)


@router.post("/registrations/members", response={201: RegistrationOut})
def register_member(request: HttpRequest, payload: MemberRegistrationIn) -> tuple[int, Any]:
    from lixing.orgs.access import member_of

    member = access_member(request.user, payload.member_id) if payload.member_id else member_of(request.user)
    if member is None:
        raise HttpError(400, "no member")
    return 201, services.register_member(actor=request.user, community=_community(payload.community_id), member=member)


@router.get("/activities", response=list[ActivityOut])
@paginate(BoundedPagination)
def activities(request: HttpRequest, org_id: int | None = None) -> QuerySet[ServiceActivity]:
    return selectors.activity_list(actor=request.user, org=_org(request, org_id))


@router.post("/activities", response={201: ActivityOut})
def activity_publish(request: HttpRequest, payload: ActivityIn) -> tuple[int, ServiceActivity]:
    community = access_org(request.user, payload.community_id, Cap.RECORDS)
    return 201, services.activity_publish(actor=request.user, community=community,
                                          **payload.dict(exclude={"community_id"}))  # fmt: skip


@router.post("/activities/{activity_id}/sign-up", response={201: RecordOut})
def activity_sign_up(request: HttpRequest, activity_id: int) -> tuple[int, VolunteerRecord]:
    a = selectors.activity_get(actor=request.user, activity_id=activity_id)
    return 201, services.activity_sign_up(actor=request.user, activity=a)


def _record(request: HttpRequest, record_id: int) -> VolunteerRecord:
    r = VolunteerRecord.objects.select_related("activity__community", "member").filter(pk=record_id).first()
    if r is None or not can(request.user, r.activity.community, Cap.VIEW):
        raise HttpError(404, "no such record")
    return r


@router.post("/records/{record_id}/log", response=RecordOut)
def record_log(request: HttpRequest, record_id: int, payload: LogIn) -> VolunteerRecord:
    return services.volunteer_log(actor=request.user, record=_record(request, record_id), **payload.dict())


@router.post("/records/{record_id}/confirm", response=RecordOut)
def record_confirm(request: HttpRequest, record_id: int) -> VolunteerRecord:
    return services.volunteer_confirm(actor=request.user, record=_record(request, record_id))


def _team_out(t: ServiceTeam) -> TeamOut:
    return TeamOut(id=t.pk, org_id=t.org_id, kind=t.kind, name=t.name, focus=t.focus,
                   member_ids=sorted(t.members.values_list("id", flat=True)))  # fmt: skip


@router.get("/teams", response=list[TeamOut])
def teams(request: HttpRequest, org_id: int | None = None, kind: str = "") -> list[TeamOut]:
    rows = selectors.team_list(actor=request.user, org=_org(request, org_id), kind=kind).prefetch_related("members")
    return [TeamOut(id=t.pk, org_id=t.org_id, kind=t.kind, name=t.name, focus=t.focus,
                    member_ids=sorted(m.pk for m in t.members.all())) for t in rows[:500]]  # fmt: skip


@router.post("/teams", response={201: TeamOut})
def team_create(request: HttpRequest, payload: TeamIn) -> tuple[int, TeamOut]:
    org = _org(request, payload.org_id, Cap.RECORDS)
    return 201, _team_out(services.team_create(actor=request.user, org=org, **payload.dict(exclude={"org_id"})))


@router.post("/teams/{team_id}/members", response=TeamOut)
def team_members(request: HttpRequest, team_id: int, payload: MembersIn) -> TeamOut:
    t = selectors.team_get(actor=request.user, team_id=team_id)
    # Each id in the body is checked like the URL's: only members the caller may act for.
    members = [access_member(request.user, m, Cap.RECORDS) for m in payload.member_ids]
    return _team_out(services.team_add_members(actor=request.user, team=t, members=members))
