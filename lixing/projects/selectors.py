"""Every read of key projects users see: takes the actor, scopes with ``orgs.access``.
A project belongs to its responsible unit's subtree (and is seen by the office too)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from lixing.deeds.models import TicketState
from lixing.orgs.access import Cap, scope_q
from lixing.orgs.models import Organization

from .models import Milestone, Project, ProjectProblem, ProjectState, WeeklyReport
from .standing import Standing, standing

SOLVED = (TicketState.RESOLVED, TicketState.CONFIRMED)


def _visible(actor: Any) -> Q:
    return scope_q(actor, "owner_unit__path") | scope_q(actor, "office__path")


def in_subtree(org: Organization) -> Q:
    """Projects whose responsible unit is in ``org``'s subtree, or kept by ``org`` itself."""
    return Q(owner_unit__path__startswith=org.path) | Q(office=org)


def _with_overdue(qs: QuerySet[Project], today: datetime.date) -> QuerySet[Project]:
    return qs.annotate(overdue=Count("milestones", filter=Q(milestones__due_on__lt=today,
                                                            milestones__done_on__isnull=True)))  # fmt: skip


def project_standing(p: Project, today: datetime.date) -> Standing:
    return standing(year=p.year, today=today, annual_plan=p.annual_plan, invested=p.invested,
                    completed=p.state == ProjectState.COMPLETED, overdue_milestones=getattr(p, "overdue", 0),
                    last_reported_on=p.last_reported_on)  # fmt: skip


@dataclass
class ProjectRow:
    project: Project
    standing: Standing


def project_list(
    *, actor: Any, org: Organization, year: int, today: datetime.date | None = None, only_behind: bool = False
) -> list[ProjectRow]:
    """The year's projects in ``org``'s subtree, with where each stands (one query)."""
    today = today or timezone.localdate()
    qs = _with_overdue(
        Project.objects.filter(_visible(actor), in_subtree(org), year=year).select_related("owner_unit", "office"),
        today,
    ).order_by("owner_unit__path", "id")
    rows = [ProjectRow(p, project_standing(p, today)) for p in qs]
    return [r for r in rows if r.standing.needs_supervision] if only_behind else rows


def project_get(*, actor: Any, project_id: int | str, cap: Cap = Cap.VIEW) -> Project:
    try:
        project = (
            _with_overdue(Project.objects.select_related("owner_unit", "office"), timezone.localdate())
            .filter(_visible(actor))
            .get(pk=int(project_id))
        )
    except (Project.DoesNotExist, TypeError, ValueError):
        raise Http404(_("No such project.")) from None
    return project


def project_detail(*, project: Project) -> dict[str, Any]:
    """Milestones, weekly reports and problems (with their tickets' states): three queries."""
    return {
        "milestones": list(project.milestones.all()),
        "reports": list(project.reports.select_related("reported_by")[:20]),
        "problems": list(project.problem_set.select_related("ticket", "ticket__unit")),
    }


@dataclass(frozen=True)
class Summary:
    listed: int
    started: int
    completed: int
    behind: int
    invested: Decimal
    annual_plan: Decimal
    problems: int
    solved: int

    @property
    def plan_share(self) -> float | None:
        return float(self.invested / self.annual_plan) if self.annual_plan > 0 else None


def summary(*, actor: Any, org: Organization, year: int, today: datetime.date) -> Summary:
    """The figures of the year's list in ``org``'s subtree: two queries."""
    rows = project_list(actor=actor, org=org, year=year, today=today)
    problems = ProjectProblem.objects.filter(
        Q(project__owner_unit__path__startswith=org.path) | Q(project__office=org),
        scope_q(actor, "project__owner_unit__path") | scope_q(actor, "project__office__path"), project__year=year,
    ).aggregate(n=Count("id"), solved=Count("id", filter=Q(ticket__state__in=SOLVED)))  # fmt: skip
    return Summary(
        listed=len(rows),
        started=sum(1 for r in rows if r.project.state != ProjectState.PLANNED),
        completed=sum(1 for r in rows if r.project.state == ProjectState.COMPLETED),
        behind=sum(1 for r in rows if r.standing.behind),
        invested=sum((r.project.invested for r in rows), Decimal(0)),
        annual_plan=sum((r.project.annual_plan for r in rows), Decimal(0)),
        problems=problems["n"] or 0,
        solved=problems["solved"] or 0,
    )


def supervision_list(*, actor: Any, org: Organization, year: int, today: datetime.date) -> list[ProjectRow]:
    """一月一督办: the projects behind plan or late with their weekly report."""
    return project_list(actor=actor, org=org, year=year, today=today, only_behind=True)


def reports_for(project: Project) -> QuerySet[WeeklyReport]:
    return project.reports.all()


def milestones_for(project: Project) -> QuerySet[Milestone]:
    return project.milestones.all()


def list_offices(*, year: int) -> QuerySet[Organization]:
    """The offices that keep a project list for ``year`` (for the monthly supervision run)."""
    return Organization.objects.filter(pk__in=Project.objects.filter(year=year).values("office_id")).order_by("path")
