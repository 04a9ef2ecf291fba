"""Campaigns, the plan tree, tasks and progress reports over JSON: the same selectors and
services as the pages (and the same access rules)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status
from pydantic import StrictInt

from lixing.common.pagination import BoundedPagination
from lixing.orgs.access import Cap, access_org

from . import selectors, services
from .access import access_assignment, access_campaign
from .models import Assignment, Campaign, Measure, ProgressReport, Task, Theme

router = Router(tags=["campaigns"])


class CampaignOut(Schema):
    id: int
    org_id: int
    title: str
    motto: str
    starts_on: datetime.date
    ends_on: datetime.date
    progress: float


class CampaignIn(Schema):
    org_id: StrictInt
    title: str = Field(min_length=1, max_length=200)
    motto: str = ""
    starts_on: datetime.date
    ends_on: datetime.date
    task_lead_days: StrictInt = Field(7, ge=0, le=365)
    measure_lead_days: StrictInt = Field(7, ge=0, le=365)
    theme_lead_days: StrictInt = Field(0, ge=0, le=365)


class AssignmentOut(Schema):
    id: int
    task_id: int
    task_title: str = Field(..., alias="task.title")
    unit_id: int
    unit_name: str = Field(..., alias="unit.display_name")
    status: str
    percent: int
    due_on: datetime.date | None = Field(None, alias="task.due_on")
    is_late: bool
    return_reason: str


class ShareOut(Schema):
    """One unit's share of a task, inside the plan tree."""

    id: int
    unit_id: int
    unit_name: str
    status: str
    percent: int
    is_late: bool


class TaskOut(Schema):
    id: int
    number: int
    title: str
    lead_unit_id: int
    due_on: datetime.date | None
    due_fixed: bool
    weight: Decimal | None
    progress: float
    done_definition: str
    assignments: list[ShareOut]


class MeasureOut(Schema):
    id: int
    number: int
    title: str
    due_on: datetime.date | None
    weight: Decimal | None
    progress: float
    tasks: list[TaskOut]


class ThemeOut(Schema):
    id: int
    number: int
    title: str
    due_on: datetime.date | None
    weight: Decimal | None
    progress: float
    measures: list[MeasureOut]


class NodeIn(Schema):
    title: str = Field(min_length=1, max_length=300)
    due_on: datetime.date | None = None
    weight: Decimal | None = Field(None, gt=0)


class TaskIn(NodeIn):
    lead_unit_id: StrictInt
    responsible_unit_ids: list[StrictInt] = Field(min_length=1)
    done_definition: str = ""
    starts_on: datetime.date | None = None


class ReportIn(Schema):
    percent: StrictInt = Field(ge=0, le=100)
    text: str = ""
    link_url: str = ""
    link_ref: str = ""


class ReportOut(Schema):
    id: int
    kind: str
    day: datetime.date
    text: str
    percent: int
    link_url: str
    link_ref: str
    author_name: str


class NoteIn(Schema):
    text: str = ""


class ReturnIn(Schema):
    reason: str = Field(min_length=1)


@router.get("/", response=list[CampaignOut])
def campaign_list(request: HttpRequest) -> QuerySet[Campaign]:
    return selectors.campaign_list(actor=request.user)


@router.post("/", response={201: CampaignOut})
def campaign_create(request: HttpRequest, payload: CampaignIn) -> Status[Campaign]:
    org = access_org(request.user, payload.org_id, Cap.STRUCTURE)
    data = payload.dict(exclude={"org_id"})
    return Status(201, services.campaign_create(actor=request.user, org=org, **data))


@router.get("/{campaign_id}", response=CampaignOut)
def campaign_get(request: HttpRequest, campaign_id: int) -> Campaign:
    return access_campaign(request.user, campaign_id)


@router.get("/{campaign_id}/plan", response=list[ThemeOut])
def plan(request: HttpRequest, campaign_id: int) -> list[dict[str, Any]]:
    """The plan tree: themes → measures → tasks, each task with its units' shares."""
    campaign = access_campaign(request.user, campaign_id)

    def node(n: Theme | Measure | Task) -> dict[str, Any]:
        return {"id": n.pk, "number": n.number, "title": n.title, "due_on": n.due_on, "weight": n.weight,
                "progress": n.progress}  # fmt: skip

    def share(a: Assignment) -> dict[str, Any]:
        return {"id": a.pk, "unit_id": a.unit_id, "unit_name": a.unit.display_name, "status": a.status,
                "percent": a.percent, "is_late": a.is_late}  # fmt: skip

    return [
        {**node(th.theme), "measures": [
            {**node(pm.measure), "tasks": [
                {**node(pt.task), "lead_unit_id": pt.task.lead_unit_id, "due_fixed": pt.task.due_fixed,
                 "done_definition": pt.task.done_definition, "assignments": [share(a) for a in pt.assignments]}
                for pt in pm.tasks]}
            for pm in th.measures]}
        for th in selectors.plan_tree(actor=request.user, campaign=campaign)
    ]  # fmt: skip


@router.post("/{campaign_id}/themes", response={201: dict})
def theme_create(request: HttpRequest, campaign_id: int, payload: NodeIn) -> Status[dict[str, int]]:
    campaign = access_campaign(request.user, campaign_id, Cap.STRUCTURE)
    theme = services.theme_create(actor=request.user, campaign=campaign, **payload.dict())
    return Status(201, {"id": theme.pk})


@router.post("/{campaign_id}/themes/{theme_id}/measures", response={201: dict})
def measure_create(request: HttpRequest, campaign_id: int, theme_id: int, payload: NodeIn) -> Status[dict[str, int]]:
    campaign = access_campaign(request.user, campaign_id, Cap.STRUCTURE)
    theme = get_object_or_404(Theme.objects.select_related("campaign__org"), campaign=campaign, pk=theme_id)
    measure = services.measure_create(actor=request.user, theme=theme, **payload.dict())
    return Status(201, {"id": measure.pk})


@router.post("/{campaign_id}/measures/{measure_id}/tasks", response={201: dict})
def task_create(request: HttpRequest, campaign_id: int, measure_id: int, payload: TaskIn) -> Status[dict[str, int]]:
    campaign = access_campaign(request.user, campaign_id, Cap.STRUCTURE)
    measure = get_object_or_404(Measure.objects.select_related("campaign__org"), campaign=campaign, pk=measure_id)
    lead = access_org(request.user, payload.lead_unit_id)
    units = [access_org(request.user, pk) for pk in payload.responsible_unit_ids]
    data = payload.dict(exclude={"lead_unit_id", "responsible_unit_ids"})
    task = services.task_create(actor=request.user, measure=measure, lead_unit=lead, responsible_units=units, **data)
    return Status(201, {"id": task.pk})


@router.get("/{campaign_id}/tasks", response=list[AssignmentOut])
@paginate(BoundedPagination)
def tasks(request: HttpRequest, campaign_id: int, status: str = "", unit_id: int | None = None,
          theme_id: int | None = None) -> QuerySet[Assignment]:  # fmt: skip
    """The units' shares of tasks the caller sees (a unit: only its own)."""
    campaign = access_campaign(request.user, campaign_id)
    return selectors.assignment_list(actor=request.user, campaign=campaign, status=status or None, unit_id=unit_id,
                                     theme_id=theme_id)  # fmt: skip


@router.get("/assignments/{assignment_id}", response=AssignmentOut)
def assignment_get(request: HttpRequest, assignment_id: int) -> Assignment:
    return access_assignment(request.user, assignment_id)


@router.get("/assignments/{assignment_id}/reports", response=list[ReportOut])
def reports(request: HttpRequest, assignment_id: int) -> QuerySet[ProgressReport]:
    a = access_assignment(request.user, assignment_id)
    return selectors.assignment_timeline(actor=request.user, assignment=a)


@router.post("/assignments/{assignment_id}/reports", response={201: ReportOut})
def report_create(request: HttpRequest, assignment_id: int, payload: ReportIn) -> Status[ProgressReport]:
    a = access_assignment(request.user, assignment_id)
    return Status(201, services.report_create(actor=request.user, assignment=a, **payload.dict()))


@router.post("/assignments/{assignment_id}/submit", response=AssignmentOut)
def submit(request: HttpRequest, assignment_id: int, payload: NoteIn) -> Assignment:
    a = access_assignment(request.user, assignment_id)
    return services.assignment_submit(actor=request.user, assignment=a, text=payload.text)


@router.post("/assignments/{assignment_id}/verify", response=AssignmentOut)
def verify(request: HttpRequest, assignment_id: int, payload: NoteIn) -> Assignment:
    a = access_assignment(request.user, assignment_id)
    return services.assignment_verify(actor=request.user, assignment=a, text=payload.text)


@router.post("/assignments/{assignment_id}/return", response=AssignmentOut)
def return_(request: HttpRequest, assignment_id: int, payload: ReturnIn) -> Assignment:
    a = access_assignment(request.user, assignment_id)
    return services.assignment_return(actor=request.user, assignment=a, reason=payload.reason)
