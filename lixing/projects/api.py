"""Key projects over JSON: the list (scoped), one project, and the weekly report through the
same service as the page. Errors: 400 ``{"detail": {field: [messages]}}``; 403 without the
right; 404 for what the caller cannot see."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema

from lixing.orgs.access import access_org, home_org

from . import selectors, services
from .models import Project

router = Router(tags=["projects"])


class ProjectOut(Schema):
    id: int
    name: str
    year: int
    office_id: int
    owner_unit_id: int
    lead_cadre: str
    category: str
    state: str
    total_investment: Decimal
    annual_plan: Decimal
    invested: Decimal
    last_reported_on: datetime.date | None
    behind_plan: bool
    report_late: bool
    reasons: list[str]


class ReportIn(Schema):
    invested: Decimal = Field(ge=0, max_digits=14, decimal_places=2)
    progress: str = Field(min_length=1, max_length=2000)
    problems: str = Field("", max_length=2000)
    state: str | None = Field(None, pattern="^(started|completed)$")


class ReportOut(Schema):
    project_id: int
    week: str
    reported_on: datetime.date
    invested: Decimal


def _out(p: Project, today: datetime.date) -> ProjectOut:
    s = selectors.project_standing(p, today)
    return ProjectOut(id=p.pk, name=p.name, year=p.year, office_id=p.office_id, owner_unit_id=p.owner_unit_id,
                      lead_cadre=p.lead_cadre, category=p.category, state=p.state,
                      total_investment=p.total_investment, annual_plan=p.annual_plan, invested=p.invested,
                      last_reported_on=p.last_reported_on, behind_plan=s.behind, report_late=s.report_late,
                      reasons=list(s.reasons))  # fmt: skip


@router.get("/", response=list[ProjectOut])
def project_list(request: HttpRequest, org: int | None = None, year: int | None = None) -> list[ProjectOut]:
    """The year's projects (default: this year) in the organisation's subtree."""
    unit = access_org(request.user, org or getattr(home_org(request.user), "pk", None))
    today = timezone.localdate()
    rows = selectors.project_list(actor=request.user, org=unit, year=year or today.year, today=today)
    return [_out(r.project, today) for r in rows]


@router.get("/{project_id}", response=ProjectOut)
def project_get(request: HttpRequest, project_id: int) -> ProjectOut:
    return _out(selectors.project_get(actor=request.user, project_id=project_id), timezone.localdate())


@router.post("/{project_id}/reports", response={201: ReportOut})
def report_submit(request: HttpRequest, project_id: int, payload: ReportIn) -> tuple[int, ReportOut]:
    """一周一报 from the owner's own system (RECORDS over the responsible unit)."""
    project = selectors.project_get(actor=request.user, project_id=project_id)
    r = services.report_submit(actor=request.user, project=project, invested=payload.invested,
                               progress=payload.progress, problems=payload.problems, state=payload.state)  # fmt: skip
    return 201, ReportOut(project_id=project.pk, week=r.week, reported_on=r.reported_on, invested=r.invested)
