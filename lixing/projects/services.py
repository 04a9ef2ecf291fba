"""Every write of key projects: the list, milestones, weekly reports, and problems sent to
the ticket system. Keyword-only, actor first, one transaction, ``full_clean``, audit row.

* the list (create, import, milestones) — STRUCTURE over the office that keeps it;
* the weekly report, starting and completing — RECORDS over the project's responsible unit;
* sending a problem to the ticket system — RECORDS over the office (it receives the ticket
  and gives it to the responsible unit), through ``deeds.services.ticket_raise`` (one call).
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lixing.accounts.audit import audit, snapshot
from lixing.deeds.services import ticket_raise
from lixing.orgs.access import Cap, require
from lixing.orgs.models import Organization

from .models import Milestone, Project, ProjectProblem, ProjectState, WeeklyReport

FIELDS = ["name", "owner_unit_id", "lead_cadre", "category", "total_investment", "annual_plan", "planned_start",
          "planned_end"]  # fmt: skip


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def _today() -> datetime.date:
    return timezone.localdate()


@transaction.atomic
def project_save(
    *, actor: Any, office: Organization, year: int, name: str, owner_unit: Organization, annual_plan: Decimal,
    total_investment: Decimal, lead_cadre: str = "", category: str = "industry",
    planned_start: datetime.date | None = None, planned_end: datetime.date | None = None,
) -> tuple[Project, bool]:  # fmt: skip
    """Put a project on the office's list for ``year`` (or update the one of that name).
    Returns (project, created)."""
    require(actor, office, Cap.STRUCTURE)
    if not owner_unit.path.startswith(office.path):
        raise ValidationError({"owner_unit": _("The responsible unit must be inside the office's organisation.")})
    project = Project.objects.select_for_update().filter(office=office, year=year, name=name.strip()).first()
    created = project is None
    before = snapshot(project, FIELDS) if project else None
    project = project or Project(office=office, year=year)
    project.name, project.owner_unit, project.lead_cadre = name.strip(), owner_unit, lead_cadre.strip()
    project.category, project.total_investment, project.annual_plan = category, total_investment, annual_plan
    project.planned_start, project.planned_end = planned_start, planned_end
    if annual_plan > total_investment:
        raise ValidationError({"annual_plan": _("This year's plan cannot exceed the total investment.")})
    project.full_clean(validate_unique=created)
    project.save()
    audit(actor=actor, action="projects.project_save", obj=project, org_path=office.path, before=before,
          after=snapshot(project, FIELDS))  # fmt: skip
    return project, created


@transaction.atomic
def milestone_add(*, actor: Any, project: Project, title: str, due_on: datetime.date) -> Milestone:
    require(actor, project.office, Cap.STRUCTURE)
    m = Milestone(project=project, title=title.strip(), due_on=due_on)
    m.full_clean()
    m.save()
    audit(actor=actor, action="projects.milestone_add", obj=m, org_path=project.owner_unit.path,
          after=snapshot(m, ["project_id", "title", "due_on"]))  # fmt: skip
    return m


@transaction.atomic
def milestone_done(*, actor: Any, milestone: Milestone, on: datetime.date | None = None) -> Milestone:
    require(actor, milestone.project.owner_unit, Cap.RECORDS)
    if milestone.done_on is None:
        milestone.done_on = on or _today()
        milestone.save(update_fields=["done_on", "updated_at"])
        audit(actor=actor, action="projects.milestone_done", obj=milestone, org_path=milestone.project.owner_unit.path,
              after=snapshot(milestone, ["done_on"]))  # fmt: skip
    return milestone


def week_of(day: datetime.date) -> str:
    y, w, _d = day.isocalendar()
    return f"{y}W{w:02d}"


@transaction.atomic
def report_submit(
    *, actor: Any, project: Project, invested: Decimal, progress: str, problems: str = "",
    on: datetime.date | None = None, state: str | None = None,
) -> WeeklyReport:  # fmt: skip
    """一周一报: this week's report (a second one in the same week replaces it). ``invested`` is
    this year's investment so far; ``state`` may mark the project started or completed."""
    require(actor, project.owner_unit, Cap.RECORDS)
    on = on or _today()
    if invested < 0:
        raise ValidationError({"invested": _("Investment cannot be negative.")})
    project = Project.objects.select_for_update().get(pk=project.pk)
    week = week_of(on)
    report = WeeklyReport.objects.filter(project=project, week=week).first()
    before = snapshot(report, ["invested", "progress", "problems"]) if report else None
    report = report or WeeklyReport(project=project, week=week)
    report.reported_on, report.invested, report.progress, report.problems = (
        on,
        invested,
        progress.strip(),
        problems.strip(),
    )
    report.reported_by = _user(actor)
    report.full_clean(validate_unique=False)
    report.save()
    fields = []
    if project.last_reported_on is None or on >= project.last_reported_on:
        project.invested, project.last_reported_on = invested, on
        fields += ["invested", "last_reported_on"]
    if state == ProjectState.STARTED and project.state == ProjectState.PLANNED:
        project.state, project.started_on = ProjectState.STARTED, on
        fields += ["state", "started_on"]
    elif state == ProjectState.COMPLETED and project.state != ProjectState.COMPLETED:
        project.state, project.completed_on = ProjectState.COMPLETED, on
        project.started_on = project.started_on or on
        fields += ["state", "completed_on", "started_on"]
    if fields:
        project.save(update_fields=[*fields, "updated_at"])
    audit(actor=actor, action="projects.report_submit", obj=report, org_path=project.owner_unit.path, before=before,
          after={**snapshot(report, ["week", "invested", "progress", "problems"]), "state": project.state})  # fmt: skip
    return report


@transaction.atomic
def problem_send(
    *,
    actor: Any,
    project: Project,
    description: str,
    report: WeeklyReport | None = None,
    on: datetime.date | None = None,
) -> ProjectProblem:
    """Send a problem of the project to the ticket system in one step: the office receives
    it and the project's responsible unit is assigned at once; its resolution shows on the
    project (the ticket's state)."""
    require(actor, project.office, Cap.RECORDS)
    text = description.strip()
    if not text:
        raise ValidationError({"description": _("Describe the problem.")})
    ticket = ticket_raise(actor=actor, office=project.office, title=f"{project.name}：{text}"[:100], description=text,
                          enterprise_name=project.name, unit=project.owner_unit,
                          received_on=on or (report.reported_on if report else None))  # fmt: skip
    problem = ProjectProblem(project=project, report=report, description=text[:300], ticket=ticket)
    problem.full_clean()
    problem.save()
    audit(actor=actor, action="projects.problem_send", obj=problem, org_path=project.owner_unit.path,
          after={"project": project.pk, "ticket": ticket.pk, "description": problem.description})  # fmt: skip
    return problem
