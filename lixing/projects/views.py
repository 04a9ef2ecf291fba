"""Key-project pages: the list with figures and standing, a project with its milestones,
weekly reports and problems (sent to the ticket system in one step), the monthly
supervision list. Thin: selectors and services only."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lixing.orgs.access import Cap, access_org, can, home_org, visible_orgs

from . import selectors, services
from .figures import headline
from .forms import MilestoneForm, ProblemForm, ProjectForm, ReportForm


def _org_year(request: HttpRequest, cap: Cap = Cap.VIEW) -> tuple[Any, int]:
    org = access_org(request.user, request.GET.get("org") or getattr(home_org(request.user), "pk", None), cap)
    try:
        year = int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        year = timezone.localdate().year
    return org, year


@login_required
def index(request: HttpRequest) -> HttpResponse:
    org, year = _org_year(request)
    today = timezone.localdate()
    rows = selectors.project_list(actor=request.user, org=org, year=year, today=today)
    summary = selectors.summary(actor=request.user, org=org, year=year, today=today)
    return render(request, "projects/index.html", {
        "org": org, "year": year, "rows": rows, "summary": summary, "headline": headline(summary),
        "can_structure": can(request.user, org, Cap.STRUCTURE),
    })  # fmt: skip


@login_required
def supervision(request: HttpRequest) -> HttpResponse:
    org, year = _org_year(request)
    rows = selectors.supervision_list(actor=request.user, org=org, year=year, today=timezone.localdate())
    return render(request, "projects/supervision.html", {"org": org, "year": year, "rows": rows})


@login_required
def project_new(request: HttpRequest) -> HttpResponse:
    org, year = _org_year(request, Cap.STRUCTURE)
    units = (
        visible_orgs(request.user, Cap.VIEW)
        .filter(path__startswith=org.path, depth__lte=org.depth + 2)
        .order_by("path")
    )
    form = ProjectForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        try:
            project, _created = services.project_save(actor=request.user, office=org, year=year, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect("projects:project", project.pk)
    return render(request, "projects/project_form.html", {"org": org, "year": year, "form": form})


@login_required
def project_detail(request: HttpRequest, project_id: int) -> HttpResponse:
    project = selectors.project_get(actor=request.user, project_id=project_id)
    detail = selectors.project_detail(project=project)
    return render(request, "projects/project.html", {
        "project": project, **detail, "standing": selectors.project_standing(project, timezone.localdate()),
        "can_report": can(request.user, project.owner_unit, Cap.RECORDS),
        "can_send": can(request.user, project.office, Cap.RECORDS),
        "can_structure": can(request.user, project.office, Cap.STRUCTURE),
        "report_form": ReportForm(initial={"invested": project.invested}), "problem_form": ProblemForm(),
        "milestone_form": MilestoneForm(),
    })  # fmt: skip


@login_required
@require_POST
def report(request: HttpRequest, project_id: int) -> HttpResponse:
    project = selectors.project_get(actor=request.user, project_id=project_id)
    form = ReportForm(request.POST)
    if form.is_valid():
        try:
            services.report_submit(actor=request.user, project=project, invested=form.cleaned_data["invested"],
                                   progress=form.cleaned_data["progress"], problems=form.cleaned_data["problems"],
                                   state=form.cleaned_data["state"] or None)  # fmt: skip
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, _("Weekly report saved."))
    else:
        messages.error(request, _("Please correct the weekly report."))
    return redirect("projects:project", project.pk)


@login_required
@require_POST
def problem(request: HttpRequest, project_id: int) -> HttpResponse:
    project = selectors.project_get(actor=request.user, project_id=project_id)
    form = ProblemForm(request.POST)
    if form.is_valid():
        try:
            services.problem_send(actor=request.user, project=project, description=form.cleaned_data["description"])
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, _("Sent to the ticket system and assigned to the responsible unit."))
    return redirect("projects:project", project.pk)


@login_required
@require_POST
def milestone(request: HttpRequest, project_id: int) -> HttpResponse:
    project = selectors.project_get(actor=request.user, project_id=project_id)
    form = MilestoneForm(request.POST)
    if form.is_valid():
        services.milestone_add(actor=request.user, project=project, **form.cleaned_data)
    return redirect("projects:project", project.pk)
