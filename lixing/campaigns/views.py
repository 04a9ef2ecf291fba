"""Thin views: parse, call one selector or service, render."""

from __future__ import annotations

import datetime
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lixing.escalation.documents import notice_docx
from lixing.escalation.services import escalation_answer
from lixing.figures.periods import Period
from lixing.orgs.access import Cap, access_org, can, home_org, visible_orgs

from . import documents, selectors, services
from .access import access_assignment, access_campaign, access_supervision, is_office
from .forms import (
    AnswerForm,
    CampaignForm,
    GroupForm,
    NodeForm,
    NoteForm,
    PersonForm,
    ReportForm,
    ReturnForm,
    TaskForm,
)  # fmt: skip
from .models import Measure, Status, Task, Theme, WorkingGroup
from .scheduling import schedule_propose

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _errors(form: BaseForm, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errs in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errs)
    else:
        form.add_error(None, exc.messages)


def _int(raw: str | None) -> int | None:
    try:
        return int(raw) if raw else None
    except ValueError:
        return None


def _docx(body: bytes, name: str) -> HttpResponse:
    response = HttpResponse(body, content_type=DOCX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{name}"
    return response


@login_required
def index(request: HttpRequest) -> HttpResponse:
    campaigns = list(selectors.campaign_list(actor=request.user))
    todo = list(selectors.my_assignments(actor=request.user)[:50])
    home = home_org(request.user)
    can_create = home is not None and can(request.user, home, Cap.STRUCTURE)
    return render(request, "campaigns/index.html", {"campaigns": campaigns, "todo": todo, "home": home,
                                                     "can_create": can_create})  # fmt: skip


@login_required
def create(request: HttpRequest) -> HttpResponse:
    org = access_org(request.user, request.GET.get("org") or getattr(home_org(request.user), "pk", None), Cap.STRUCTURE)
    form = CampaignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            campaign = services.campaign_create(actor=request.user, org=org, **form.cleaned_data)
        except ValidationError as exc:
            _errors(form, exc)
        else:
            return redirect("campaigns:detail", campaign.pk)
    return render(request, "campaigns/form.html", {"form": form, "org": org})


@login_required
def detail(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign = access_campaign(request.user, campaign_id)
    office = is_office(request.user, campaign)
    mine = list(selectors.assignment_list(actor=request.user, campaign=campaign, mine_only=True)[:200])
    ctx: dict[str, Any] = {
        "campaign": campaign, "office": office, "mine": mine,
        "can_plan": can(request.user, campaign.org, Cap.STRUCTURE),
        "groups": selectors.campaign_groups(actor=request.user, campaign=campaign) if office else [],
        "counts": selectors.plan_counts(campaign=campaign) if office else {},
        "group_form": GroupForm(), "person_form": PersonForm(),
    }  # fmt: skip
    return render(request, "campaigns/detail.html", ctx)


@login_required
@require_POST
def group_add(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign = access_campaign(request.user, campaign_id, Cap.STRUCTURE)
    form = GroupForm(request.POST)
    if form.is_valid():
        services.group_create(actor=request.user, campaign=campaign, **form.cleaned_data)
    else:
        messages.error(request, _("Give the group a name."))
    return redirect("campaigns:detail", campaign.pk)


@login_required
@require_POST
def person_add(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign = access_campaign(request.user, campaign_id, Cap.STRUCTURE)
    form = PersonForm(request.POST)
    if form.is_valid():
        group = WorkingGroup.objects.filter(campaign=campaign, pk=form.cleaned_data.pop("group")).first()
        if group is None:
            raise Http404
        services.group_person_add(actor=request.user, group=group, **form.cleaned_data)
    else:
        messages.error(request, _("Give the person's name and role."))
    return redirect("campaigns:detail", campaign.pk)


@login_required
def plan(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign = access_campaign(request.user, campaign_id)
    tree = selectors.plan_tree(actor=request.user, campaign=campaign)
    import_url = reverse("imports:upload", args=["campaign_plan"]) + "?" + urlencode(
        {"org": campaign.org_id, "opt_campaign": campaign.pk})  # fmt: skip
    return render(request, "campaigns/plan.html", {
        "campaign": campaign, "tree": tree, "can_plan": can(request.user, campaign.org, Cap.STRUCTURE),
        "node_form": NodeForm(), "import_url": import_url,
    })  # fmt: skip


@login_required
@require_POST
def node_add(request: HttpRequest, campaign_id: int, level: str) -> HttpResponse:
    """Add a theme or a measure from the plan page (tasks have their own form)."""
    campaign = access_campaign(request.user, campaign_id, Cap.STRUCTURE)
    form = NodeForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
        return redirect("campaigns:plan", campaign.pk)
    data = form.cleaned_data
    try:
        if level == "theme":
            services.theme_create(actor=request.user, campaign=campaign, title=data["title"], due_on=data["due_on"],
                                  weight=data["weight"])  # fmt: skip
        elif level == "measure":
            theme = Theme.objects.filter(campaign=campaign, pk=data["parent"]).first()
            if theme is None:
                raise Http404
            services.measure_create(actor=request.user, theme=theme, title=data["title"], due_on=data["due_on"],
                                    weight=data["weight"])  # fmt: skip
        else:
            raise Http404
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("campaigns:plan", campaign.pk)


@login_required
def node_edit(request: HttpRequest, campaign_id: int, level: str, node_id: int) -> HttpResponse:
    """Edit a theme or a key measure: title, date fixed by hand, weight."""
    campaign = access_campaign(request.user, campaign_id, Cap.STRUCTURE)
    node: Theme | Measure | None
    if level == "theme":
        node = Theme.objects.filter(campaign=campaign, pk=node_id).first()
    elif level == "measure":
        node = Measure.objects.filter(campaign=campaign, pk=node_id).first()
    else:
        node = None
    if node is None:
        raise Http404
    initial = {"title": node.title, "due_on": node.due_on if node.due_fixed else None, "weight": node.weight}
    form = NodeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.node_update(actor=request.user, node=node, title=data["title"], due_on=data["due_on"],
                                 weight=data["weight"])  # fmt: skip
        except ValidationError as exc:
            _errors(form, exc)
        else:
            return redirect("campaigns:plan", campaign.pk)
    return render(request, "campaigns/node_form.html", {"campaign": campaign, "node": node, "form": form})


def _units(campaign: Any, user: Any) -> Any:
    return visible_orgs(user).filter(path__startswith=campaign.org.path).order_by("path")


@login_required
def task_form(request: HttpRequest, campaign_id: int, measure_id: int | None = None,
              task_id: int | None = None) -> HttpResponse:  # fmt: skip
    campaign = access_campaign(request.user, campaign_id, Cap.STRUCTURE)
    task = Task.objects.filter(campaign=campaign, pk=task_id).first() if task_id is not None else None
    measure = task.measure if task else Measure.objects.filter(campaign=campaign, pk=measure_id or 0).first()
    if measure is None or (task_id and task is None):
        raise Http404
    initial = {}
    if task is not None:
        initial = {"title": task.title, "lead_unit": task.lead_unit_id, "due_on": task.due_on if task.due_fixed else None,
                   "starts_on": task.starts_on, "weight": task.weight, "done_definition": task.done_definition,
                   "responsible_units": list(task.assignments.values_list("unit_id", flat=True))}  # fmt: skip
    form = TaskForm(request.POST or None, initial=initial, units=_units(campaign, request.user))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            if task is None:
                services.task_create(actor=request.user, measure=measure, **data)
            else:
                services.task_update(actor=request.user, task=task, **data)
        except ValidationError as exc:
            _errors(form, exc)
        else:
            return redirect("campaigns:plan", campaign.pk)
    return render(request, "campaigns/task_form.html", {"campaign": campaign, "measure": measure, "task": task,
                                                         "form": form})  # fmt: skip


@login_required
def schedule(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign = access_campaign(request.user, campaign_id, Cap.STRUCTURE)
    if request.method == "POST":
        n = services.schedule_apply(actor=request.user, campaign=campaign)
        messages.success(request, _("%(n)s due dates were set by the planner.") % {"n": n})
        return redirect("campaigns:schedule", campaign.pk)
    return render(request, "campaigns/schedule.html", {"campaign": campaign, "schedule": schedule_propose(campaign)})


@login_required
def tasks(request: HttpRequest, campaign_id: int) -> HttpResponse:
    """The units' tasks: each unit sees only its own (the office and lead units see theirs too)."""
    campaign = access_campaign(request.user, campaign_id)
    status = request.GET.get("status") or None
    if status not in {None, *Status.values}:
        status = None
    rows = selectors.assignment_list(actor=request.user, campaign=campaign, status=status,
                                     unit_id=_int(request.GET.get("unit")),
                                     theme_id=_int(request.GET.get("theme")))  # fmt: skip
    return render(
        request,
        "campaigns/tasks.html",
        {
            "campaign": campaign,
            "rows": rows[:500],
            "status": status,
            "office": is_office(request.user, campaign),
            "statuses": Status.choices,
            "today": timezone.localdate(),
        },
    )


@login_required
def assignment(request: HttpRequest, assignment_id: int) -> HttpResponse:
    a = access_assignment(request.user, assignment_id)
    report_form = ReportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and report_form.is_valid():
        try:
            services.report_create(actor=request.user, assignment=a, **report_form.cleaned_data)
        except ValidationError as exc:
            _errors(report_form, exc)
        else:
            messages.success(request, _("Progress recorded."))
            return redirect("campaigns:assignment", a.pk)
    return render(request, "campaigns/assignment.html", {
        "a": a, "task": a.task, "report_form": report_form, "note_form": NoteForm(), "return_form": ReturnForm(),
        "timeline": selectors.assignment_timeline(actor=request.user, assignment=a),
        "supervisions": selectors.assignment_supervisions(actor=request.user, assignment=a),
        "may_report": selectors.may_report(request.user, a), "may_verify": selectors.may_verify(request.user, a),
    })  # fmt: skip


@login_required
@require_POST
def assignment_action(request: HttpRequest, assignment_id: int, action: str) -> HttpResponse:
    a = access_assignment(request.user, assignment_id)
    try:
        if action == "submit":
            services.assignment_submit(actor=request.user, assignment=a, text=request.POST.get("text", ""))
            messages.success(request, _("Submitted to the lead unit for verification."))
        elif action == "verify":
            services.assignment_verify(actor=request.user, assignment=a, text=request.POST.get("text", ""))
            messages.success(request, _("Verified."))
        elif action == "return":
            services.assignment_return(actor=request.user, assignment=a, reason=request.POST.get("reason", ""))
            messages.success(request, _("Returned to the unit with your reason."))
        else:
            raise Http404
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("campaigns:assignment", a.pk)


@login_required
def chart(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign = access_campaign(request.user, campaign_id)
    unit_id, theme_id = _int(request.GET.get("unit")), _int(request.GET.get("theme"))
    data = selectors.wall_chart(actor=request.user, campaign=campaign, today=timezone.localdate(), unit_id=unit_id,
                                theme_id=theme_id)  # fmt: skip
    themes = Theme.objects.filter(campaign=campaign).order_by("number")
    units = sorted({(b.assignment.unit_id, b.assignment.unit.display_name) for b in data.bars}, key=lambda u: u[1])
    return render(
        request,
        "campaigns/chart.html",
        {
            "campaign": campaign,
            "chart": data,
            "themes": themes,
            "office": is_office(request.user, campaign),
            "units": units,
            "unit_id": unit_id,
            "theme_id": theme_id,
        },
    )


def _period(raw: str | None, kind: str) -> Period:
    try:
        period = Period.parse(raw) if raw else Period.containing(timezone.localdate(), kind)
    except ValueError:
        raise Http404(raw) from None
    if period.kind != kind:
        raise Http404(raw)
    return period


def _shift(period: Period, kind: str, days: int) -> str:
    assert period.start is not None
    return Period.containing(period.start + datetime.timedelta(days=days), kind).bucket


@login_required
def weekly(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign = access_campaign(request.user, campaign_id)
    period = _period(request.GET.get("week"), "week")
    report = selectors.weekly_report(actor=request.user, campaign=campaign, period=period)
    if request.GET.get("format") == "docx":
        return _docx(documents.weekly_docx(report), f"weekly-{period.bucket}.docx")
    return render(request, "campaigns/weekly.html", {"r": report, "prev": _shift(period, "week", -7),
                                                      "next": _shift(period, "week", 7)})  # fmt: skip


@login_required
def monthly(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign = access_campaign(request.user, campaign_id)
    period = _period(request.GET.get("month"), "month")
    report = selectors.monthly_report(actor=request.user, campaign=campaign, period=period)
    return render(request, "campaigns/monthly.html", {"r": report, "prev": _shift(period, "month", -1),
                                                       "next": _shift(period, "month", 32)})  # fmt: skip


@login_required
def notices(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign = access_campaign(request.user, campaign_id)
    rows = selectors.supervision_list(actor=request.user, campaign=campaign)
    return render(
        request,
        "campaigns/notices.html",
        {"campaign": campaign, "rows": rows, "office": is_office(request.user, campaign)},
    )


@login_required
def notice(request: HttpRequest, supervision_id: int) -> HttpResponse:
    s = access_supervision(request.user, supervision_id)
    if s.step != "notice":
        raise Http404
    if request.GET.get("format") == "docx":
        return _docx(notice_docx(s), f"notice-{s.year}-{s.number}.docx")
    form = AnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            escalation_answer(actor=request.user, escalation=s, text=form.cleaned_data["text"])
        except ValidationError as exc:
            _errors(form, exc)
        except PermissionDenied:
            raise
        else:
            messages.success(request, _("Your answer has been sent."))
            return redirect("campaigns:notice", s.pk)
    may_answer = s.replied_on is None and can(request.user, s.owner, Cap.RECORDS)
    return render(request, "campaigns/notice.html", {"s": s, "form": form, "may_answer": may_answer})
