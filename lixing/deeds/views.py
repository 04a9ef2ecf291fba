"""Pages of practical deeds: thin — parse with a form, call one service or selector, render.

Staff pages need a sign-in; the public pages (problem form, tracking, project board and
voting, wish wall) work without an account and show nothing personal.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lixing.common.identifiers import normalize_identifier
from lixing.figures import registry
from lixing.figures.periods import Period
from lixing.figures.registry import Group
from lixing.figures.selectors import figure_values
from lixing.orgs.access import Cap, access_org, can, home_org, member_of
from lixing.orgs.models import Organization
from lixing.orgs.validators import mask_phone
from lixing.orgs.views import picker_options

from . import forms, ratelimit, selectors, services
from .models import (
    Category,
    OutboxMessage,
    ProjectPhase,
    RegistryKind,
    TicketSource,
    TicketState,
    VolunteerRecord,
    WishState,
)
from .sms import outbox_visible


def _org(request: HttpRequest, cap: Cap = Cap.VIEW) -> Organization:
    return access_org(request.user, request.GET.get("org") or getattr(home_org(request.user), "pk", None), cap)


def _period(request: HttpRequest) -> Period:
    try:
        return Period.parse(request.GET.get("period"))
    except ValueError:
        raise Http404(request.GET.get("period")) from None


def _errors_to_form(form: Any, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errs in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errs)
    else:
        form.add_error(None, exc.messages)


def _fail(request: HttpRequest, exc: ValidationError) -> None:
    for m in exc.messages:
        messages.error(request, m)


# --- Dashboard ---------------------------------------------------------------------------------


@login_required
def index(request: HttpRequest) -> HttpResponse:
    org, period = _org(request), _period(request)
    figures = registry.all_figures(Group.DEEDS)
    values = figure_values(actor=request.user, orgs=[org], period=period, figures=figures)[org.pk]
    return render(request, "deeds/index.html", {
        "org": org, "period": period, "tiles": [(f, values[f.key]) for f in figures],
        "can_records": can(request.user, org, Cap.RECORDS), "member": member_of(request.user),
        "can_configure": org.depth == 1 and can(request.user, org, Cap.STRUCTURE),
    })  # fmt: skip


# --- Tickets -----------------------------------------------------------------------------------


def _ticket_filter(request: HttpRequest) -> selectors.TicketFilter:
    g = request.GET
    category = g.get("category", "")
    return selectors.TicketFilter(
        state=g.get("state", ""), source=g.get("source", ""), group=g.get("group", ""),
        category=int(category) if category.isdigit() else None, visit_target=g.get("visit_target", ""),
        late=g.get("late") == "1", solved=g.get("solved") == "1", query=g.get("q", "").strip(),
    )  # fmt: skip


@login_required
def tickets(request: HttpRequest) -> HttpResponse:
    org, period = _org(request), _period(request)
    qs = selectors.ticket_list(actor=request.user, org=org, period=period, f=_ticket_filter(request))
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(request, "deeds/tickets.html", {
        "org": org, "period": period, "page": page, "states": TicketState.choices, "sources": TicketSource.choices,
        "f": _ticket_filter(request), "can_records": can(request.user, org, Cap.RECORDS),
    })  # fmt: skip


@login_required
def ticket_figures(request: HttpRequest) -> HttpResponse:
    org, period = _org(request), _period(request)
    breakdown = selectors.ticket_breakdown(actor=request.user, org=org, period=period)
    return render(request, "deeds/ticket_figures.html", {"org": org, "period": period, "b": breakdown})


@login_required
def ticket_new(request: HttpRequest) -> HttpResponse:
    org = _org(request, Cap.RECORDS)
    form = forms.StaffTicketForm(request.POST or None, initial={"received_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            ticket = services.ticket_create(actor=request.user, office=org, **form.cleaned_data)
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, _("Ticket %(code)s recorded.") % {"code": ticket.code})
            return redirect("deeds:ticket", ticket.pk)
    return render(request, "deeds/form.html", {"form": form, "title": _("Record a problem"), "org": org})


@login_required
def ticket(request: HttpRequest, ticket_id: int) -> HttpResponse:
    t = selectors.ticket_get(actor=request.user, ticket_id=ticket_id)
    can_assign = can(request.user, t.office, Cap.STRUCTURE) and t.is_open
    can_work = t.unit is not None and can(request.user, t.unit, Cap.RECORDS)
    can_note = can_work or can(request.user, t.office, Cap.RECORDS)
    assign_form = None
    if can_assign:
        assign_form = _assign_form(request, t, initial={"unit": t.unit_id, "lead": t.lead_id})
    return render(request, "deeds/ticket.html", {
        "t": t, "events": selectors.ticket_events(ticket=t), "photos": list(t.photos.all()),
        "phone": mask_phone(t.submitter_phone), "assign_form": assign_form,
        "can_start": can_work and t.state == TicketState.ASSIGNED,
        "answer_form": forms.AnswerForm() if can_work and t.state in (TicketState.ASSIGNED, TicketState.IN_PROGRESS) else None,
        "confirm_form": forms.ConfirmForm() if can_note and t.state in (TicketState.RESOLVED, TicketState.PARTIAL, TicketState.CANNOT) else None,
        "note_form": forms.NoteForm() if can_note else None,
    })  # fmt: skip


def _ticket_action(request: HttpRequest, ticket_id: int) -> Any:
    return selectors.ticket_get(actor=request.user, ticket_id=ticket_id)


def _assign_form(request: HttpRequest, t: Any, **kwargs: Any) -> forms.AssignForm:
    """Units of the office (three levels down) and its members as lead cadres — in one go,
    searched by name when there are many; the service checks that the lead is in the unit."""
    return forms.AssignForm(
        units=selectors.units_for_choice(actor=request.user, org=t.office),
        leads=selectors.members_for_choice(actor=request.user, org=t.office), ticket_id=t.pk, **kwargs,
    )  # fmt: skip


@login_required
def pick_assign(request: HttpRequest, ticket_id: int, field: str) -> HttpResponse:
    """Units or lead cadres matching ``q`` for the assignment form of this ticket."""
    t = _ticket_action(request, ticket_id)
    if field not in ("unit", "lead") or not can(request.user, t.office, Cap.STRUCTURE):
        raise Http404
    return picker_options(request, _assign_form(request, t).fields[field])


@login_required
@require_POST
def ticket_assign(request: HttpRequest, ticket_id: int) -> HttpResponse:
    t = _ticket_action(request, ticket_id)
    form = _assign_form(request, t, data=request.POST)
    if form.is_valid():
        try:
            services.ticket_assign(actor=request.user, ticket=t, **form.cleaned_data)
            messages.success(request, _("Assigned."))
        except ValidationError as exc:
            _fail(request, exc)
    else:
        messages.error(request, _("Choose a unit."))
    return redirect("deeds:ticket", t.pk)


@login_required
@require_POST
def ticket_start(request: HttpRequest, ticket_id: int) -> HttpResponse:
    t = _ticket_action(request, ticket_id)
    try:
        services.ticket_start(actor=request.user, ticket=t)
    except ValidationError as exc:
        _fail(request, exc)
    return redirect("deeds:ticket", t.pk)


@login_required
@require_POST
def ticket_answer(request: HttpRequest, ticket_id: int) -> HttpResponse:
    t = _ticket_action(request, ticket_id)
    form = forms.AnswerForm(request.POST)
    if form.is_valid():
        try:
            services.ticket_answer(actor=request.user, ticket=t, **form.cleaned_data)
            messages.success(request, _("Answer recorded; waiting for the submitter's confirmation."))
        except ValidationError as exc:
            _fail(request, exc)
    else:
        for errs in form.errors.values():
            for e in errs:
                messages.error(request, str(e))
    return redirect("deeds:ticket", t.pk)


@login_required
@require_POST
def ticket_confirm(request: HttpRequest, ticket_id: int) -> HttpResponse:
    t = _ticket_action(request, ticket_id)
    form = forms.ConfirmForm(request.POST)
    if form.is_valid():
        try:
            services.ticket_confirm(actor=request.user, ticket=t, **form.cleaned_data)
        except ValidationError as exc:
            _fail(request, exc)
    return redirect("deeds:ticket", t.pk)


@login_required
@require_POST
def ticket_note(request: HttpRequest, ticket_id: int) -> HttpResponse:
    t = _ticket_action(request, ticket_id)
    form = forms.NoteForm(request.POST)
    if form.is_valid():
        try:
            services.ticket_note(actor=request.user, ticket=t, note=form.cleaned_data["note"])
        except ValidationError as exc:
            _fail(request, exc)
    return redirect("deeds:ticket", t.pk)


# --- Public: problem form and tracking ---------------------------------------------------------


def _public_office(request: HttpRequest) -> Organization:
    """The office that receives public problems: ``?office=ID`` or the first top-level organisation."""
    office_id = request.GET.get("office")
    qs = Organization.objects.filter(depth=1, dissolved_at__isnull=True).order_by("path")
    office = (Organization.objects.filter(pk=office_id, dissolved_at__isnull=True).first()
              if office_id and office_id.isdigit() else qs.first())  # fmt: skip
    if office is None:
        raise Http404(_("The platform is not set up yet."))
    return office


def public_report(request: HttpRequest) -> HttpResponse:
    office = _public_office(request)
    form = forms.PublicTicketForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not ratelimit.allow_submission(request):
            form.add_error(
                None, _("Too many submissions from this network. Please try again in an hour, or call the hotline.")
            )
            return render(request, "deeds/public_report.html", {"form": form, "office": office}, status=429)
        if form.is_valid():
            data = form.cleaned_data
            ticket = services.ticket_create(
                actor=None, office=office, source=TicketSource.PUBLIC, category=data["category"],
                title=data["title"], description=data["description"], location=data["location"],
                submitter_type=data["submitter_type"], submitter_name=data["submitter_name"],
                submitter_phone=data["submitter_phone"], enterprise_name=data["enterprise_name"],
                photos=data["photos"],
            )  # fmt: skip
            request.session["deeds_new_code"] = ticket.code
            return redirect("deeds:track_code", ticket.code)
    return render(request, "deeds/public_report.html", {"form": form, "office": office},
                  status=400 if request.method == "POST" else 200)  # fmt: skip


def track(request: HttpRequest) -> HttpResponse:
    # Typed as people type it (full-width with a Chinese IME, spaces): the one normaliser.
    code = "".join(ch for ch in normalize_identifier(request.GET.get("code", "")) if ch.isascii() and ch.isalnum())[:20]
    if code:
        return redirect("deeds:track_code", code)
    return render(request, "deeds/track.html", {})


def track_code(request: HttpRequest, code: str) -> HttpResponse:
    try:
        t = selectors.ticket_by_code(code)
    except Http404:
        return render(request, "deeds/track.html", {"not_found": code}, status=404)
    just_filed = request.session.pop("deeds_new_code", None) == t.code
    return render(request, "deeds/track_code.html", {
        "p": selectors.ticket_public(t), "just_filed": just_filed, "confirm_form": forms.ConfirmForm(),
    })  # fmt: skip


@require_POST
def track_confirm(request: HttpRequest, code: str) -> HttpResponse:
    t = selectors.ticket_by_code(code)
    form = forms.ConfirmForm(request.POST)
    if form.is_valid():
        try:
            services.ticket_confirm(actor=None, ticket=t, by_code=True, **form.cleaned_data)
            messages.success(request, _("Thank you. Your answer has been recorded."))
        except ValidationError as exc:
            _fail(request, exc)
    return redirect("deeds:track_code", t.code)


# --- Visits ------------------------------------------------------------------------------------


@login_required
def visits(request: HttpRequest) -> HttpResponse:
    org, period = _org(request), _period(request)
    qs = selectors.visit_list(actor=request.user, org=org, period=period, target_type=request.GET.get("target", ""))
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(request, "deeds/visits.html", {"org": org, "period": period, "page": page,
                                                 "can_records": can(request.user, org, Cap.RECORDS)})  # fmt: skip


@login_required
def visit_new(request: HttpRequest) -> HttpResponse:
    org = _org(request, Cap.RECORDS)
    members = selectors.members_for_choice(actor=request.user, org=org)
    form = forms.VisitForm(request.POST or None, members=members, initial={"visited_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        problems = [
            services.ProblemIn(title=line.strip()[:120], description=line.strip(), category=d["category"])
            for line in d["problems"].splitlines() if line.strip()
        ]  # fmt: skip
        try:
            visit = services.visit_create(
                actor=request.user, org=org, target_type=d["target_type"], target_name=d["target_name"],
                visited_on=d["visited_on"], topic=d["topic"], members=list(d["members"]), notes=d["notes"],
                problems=problems,
            )  # fmt: skip
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, _("Visit recorded with %(n)d problems.") % {"n": len(problems)})
            return redirect("deeds:visit", visit.pk)
    return render(request, "deeds/form.html", {"form": form, "title": _("Record a research visit"), "org": org})


@login_required
def visit(request: HttpRequest, visit_id: int) -> HttpResponse:
    v = selectors.visit_get(actor=request.user, visit_id=visit_id)
    return render(request, "deeds/visit.html", {
        "v": v, "members": v.members.select_related("org").order_by("name"),
        "tickets": v.tickets.select_related("category", "unit").order_by("id"),
    })  # fmt: skip


# --- Projects (staff) --------------------------------------------------------------------------


@login_required
def projects(request: HttpRequest) -> HttpResponse:
    org = _org(request)
    qs = selectors.project_list(actor=request.user, org=org, phase=request.GET.get("phase", ""))
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(request, "deeds/projects.html", {"org": org, "page": page, "phases": ProjectPhase.choices,
                                                   "can_records": can(request.user, org, Cap.RECORDS)})  # fmt: skip


@login_required
def project_new(request: HttpRequest) -> HttpResponse:
    org = _org(request, Cap.RECORDS)
    form = forms.UnitProposalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        p = services.project_propose(actor=request.user, org=org, **form.cleaned_data)
        return redirect("deeds:project", p.pk)
    return render(request, "deeds/form.html", {"form": form, "title": _("Record a project proposal"), "org": org})


@login_required
def project(request: HttpRequest, project_id: int) -> HttpResponse:
    p = selectors.project_get(actor=request.user, project_id=project_id)
    rec = can(request.user, p.org, Cap.RECORDS)
    return render(request, "deeds/project.html", {
        "p": p, "milestones": p.milestones.order_by("reached_on", "id"), "phone": mask_phone(p.proposer_phone),
        "review_form": forms.ReviewForm() if rec and p.phase == ProjectPhase.PROPOSED else None,
        "select_form": forms.SelectForm(initial={"budget": p.estimated_cost}) if rec and p.phase == ProjectPhase.REVIEWED else None,
        "milestone_form": forms.MilestoneForm(initial={"reached_on": timezone.localdate()})
        if rec and p.phase in (ProjectPhase.SELECTED, ProjectPhase.IMPLEMENTING) else None,
        "accept_form": forms.AcceptForm() if rec and p.phase == ProjectPhase.IMPLEMENTING and p.progress >= 100 else None,
    })  # fmt: skip


_PROJECT_ACTIONS: dict[str, tuple[Any, Any]] = {
    "review": (forms.ReviewForm, services.project_review),
    "select": (forms.SelectForm, services.project_select),
    "milestone": (forms.MilestoneForm, services.milestone_add),
    "accept": (forms.AcceptForm, services.project_accept),
}


@login_required
@require_POST
def project_action(request: HttpRequest, project_id: int, action: str) -> HttpResponse:
    p = selectors.project_get(actor=request.user, project_id=project_id)
    if action not in _PROJECT_ACTIONS:
        raise Http404(action)
    form_class, service = _PROJECT_ACTIONS[action]
    form = form_class(request.POST)
    if form.is_valid():
        try:
            service(actor=request.user, project=p, **form.cleaned_data)
            messages.success(request, _("Saved."))
        except ValidationError as exc:
            _fail(request, exc)
    else:
        for errs in form.errors.values():
            for e in errs:
                messages.error(request, str(e))
    return redirect("deeds:project", p.pk)


# --- Projects (public board, proposals, votes) -------------------------------------------------


def public_projects(request: HttpRequest) -> HttpResponse:
    phase = request.GET.get("phase", "")
    rows = list(selectors.public_projects(phase))
    by_phase = [(value, label, [p for p in rows if p.phase == value]) for value, label in ProjectPhase.choices
                if value in selectors.PUBLIC_PHASES]  # fmt: skip
    return render(request, "deeds/public_projects.html", {"by_phase": by_phase, "phase": phase})


def public_project(request: HttpRequest, project_id: int) -> HttpResponse:
    p = selectors.public_project(project_id)
    voted = request.session.get("deeds_voted", [])
    return render(request, "deeds/public_project.html", {
        "p": p, "milestones": p.milestones.order_by("reached_on", "id"),
        "verified": bool(request.session.get("deeds_phone")), "voted": p.pk in voted,
        "phone_form": forms.PhoneForm(), "code_form": forms.CodeForm(), "outbox": outbox_visible(),
    })  # fmt: skip


def public_propose(request: HttpRequest) -> HttpResponse:
    form = forms.ProjectProposalForm(request.POST or None, orgs=selectors.communities())
    if request.method == "POST":
        if not ratelimit.allow_submission(request):
            form.add_error(None, _("Too many submissions from this network. Please try again in an hour."))
        elif form.is_valid():
            d = form.cleaned_data
            services.project_propose(actor=None, org=d["org"], title=d["title"], description=d["description"],
                                     proposer_kind="resident", proposer_name=d["proposer_name"],
                                     proposer_phone=d["proposer_phone"])  # fmt: skip
            messages.success(request, _("Thank you: your proposal has been received and will be reviewed."))
            return redirect("deeds:public_projects")
    return render(request, "deeds/public_form.html", {"form": form, "title": _("Propose a micro livelihood project")})


@require_POST
def public_send_code(request: HttpRequest, project_id: int) -> HttpResponse:
    form = forms.PhoneForm(request.POST)
    if not form.is_valid():
        for e in form.errors.get("phone", []):
            messages.error(request, str(e))
    elif not ratelimit.allow_code(request, form.cleaned_data["phone"]):
        messages.error(request, _("Too many codes requested. Please try again later."))
    else:
        services.phone_code_send(phone=form.cleaned_data["phone"])
        request.session["deeds_phone_pending"] = form.cleaned_data["phone"]
        messages.success(request, _("A verification code has been sent to your phone."))
    return redirect("deeds:public_project", project_id)


@require_POST
def public_verify(request: HttpRequest, project_id: int) -> HttpResponse:
    form = forms.CodeForm(request.POST)
    if form.is_valid():
        try:
            request.session["deeds_phone"] = services.phone_code_verify(
                phone=form.cleaned_data["phone"], code=form.cleaned_data["code"]
            )
            messages.success(request, _("Your phone is verified. You can now vote."))
        except ValidationError as exc:
            _fail(request, exc)
    else:
        messages.error(request, _("Enter the phone and the code."))
    return redirect("deeds:public_project", project_id)


@require_POST
def public_vote(request: HttpRequest, project_id: int) -> HttpResponse:
    p = selectors.public_project(project_id)
    phone_h = request.session.get("deeds_phone")
    if not phone_h:
        messages.error(request, _("Verify your phone first."))
        return redirect("deeds:public_project", p.pk)
    try:
        services.vote_cast(project=p, phone_h=phone_h)
        request.session["deeds_voted"] = [*request.session.get("deeds_voted", []), p.pk]
        messages.success(request, _("Thank you: your vote has been counted."))
    except ValidationError as exc:
        _fail(request, exc)
    return redirect("deeds:public_project", p.pk)


def dev_outbox(request: HttpRequest) -> HttpResponse:
    """Development and demo only: the messages the outbox sender "sent"."""
    if not outbox_visible():
        raise Http404("outbox")
    return render(request, "deeds/outbox.html", {"messages_sent": OutboxMessage.objects.order_by("-at", "-id")[:30]})


# --- Wishes ------------------------------------------------------------------------------------


def public_wishes(request: HttpRequest) -> HttpResponse:
    return render(request, "deeds/public_wishes.html", {"wishes": selectors.open_wishes()})


@login_required
def wishes(request: HttpRequest) -> HttpResponse:
    org = _org(request)
    member = member_of(request.user)
    qs = selectors.wish_list(actor=request.user, org=org, state=request.GET.get("state", ""))
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    open_for_me = selectors.open_wishes(50) if member is not None else []
    return render(request, "deeds/wishes.html", {
        "org": org, "page": page, "member": member, "states": WishState.choices,
        "open_wishes": [w for w in open_for_me if w.state == WishState.POSTED],
        "my_wishes": member.wishes.select_related("org").order_by("-claimed_on") if member else [],
        "can_records": can(request.user, org, Cap.RECORDS),
    })  # fmt: skip


@login_required
def wish_new(request: HttpRequest) -> HttpResponse:
    org = _org(request, Cap.RECORDS)
    form = forms.WishForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.wish_post(actor=request.user, org=org, **form.cleaned_data)
        messages.success(request, _("Wish posted."))
        return redirect(f"{reverse('deeds:wishes')}?org={org.pk}")
    return render(request, "deeds/form.html", {"form": form, "title": _("Post a micro-wish"), "org": org})


@login_required
def wish(request: HttpRequest, wish_id: int) -> HttpResponse:
    w = selectors.wish_get(actor=request.user, wish_id=wish_id)
    me = member_of(request.user)
    return render(request, "deeds/wish.html", {
        "w": w, "staff": can(request.user, w.org, Cap.VIEW),
        "can_claim": me is not None and w.state == WishState.POSTED,
        "fulfil_form": forms.FulfilForm() if me is not None and w.claimed_by_id == me.pk and w.state == WishState.CLAIMED else None,
        "can_confirm": can(request.user, w.org, Cap.RECORDS) and w.state == WishState.FULFILLED,
    })  # fmt: skip


@login_required
@require_POST
def wish_action(request: HttpRequest, wish_id: int, action: str) -> HttpResponse:
    w = selectors.wish_get(actor=request.user, wish_id=wish_id)
    try:
        if action == "claim":
            services.wish_claim(actor=request.user, wish=w)
            messages.success(request, _("You have claimed this wish. Thank you!"))
        elif action == "fulfil":
            form = forms.FulfilForm(request.POST, request.FILES)
            if not form.is_valid():
                for errs in form.errors.values():
                    for e in errs:
                        messages.error(request, str(e))
                return redirect("deeds:wish", w.pk)
            services.wish_fulfil(actor=request.user, wish=w, note=form.cleaned_data["note"],
                                 photo=form.cleaned_data.get("photo"))  # fmt: skip
        elif action == "confirm":
            services.wish_confirm(actor=request.user, wish=w)
        else:
            raise Http404(action)
    except ValidationError as exc:
        _fail(request, exc)
    return redirect("deeds:wish", w.pk)


# --- Registration, activities, volunteering, teams ---------------------------------------------


@login_required
def volunteering(request: HttpRequest) -> HttpResponse:
    """The member's page: where I am registered, upcoming activities, my service record."""
    member = member_of(request.user)
    org = home_org(request.user)
    reg = None
    if member is not None:
        from .models import CommunityRegistration

        reg = CommunityRegistration.objects.select_related("community").filter(member=member).first()
    member_form = forms.CommunityForm(
        communities=selectors.communities(), initial={"community": getattr(reg, "community_id", None)}
    )
    mine = list(selectors.my_volunteering(member=member)) if member else []
    signed = {r.activity_id for r in mine}
    return render(request, "deeds/volunteering.html", {
        "member": member, "reg": reg, "member_form": member_form, "mine": mine, "signed": signed,
        "upcoming": selectors.activity_list(actor=request.user, upcoming_from=timezone.localdate())[:30],
        "org": org,
    })  # fmt: skip


@login_required
@require_POST
def register_me(request: HttpRequest) -> HttpResponse:
    member = member_of(request.user)
    if member is None:
        raise PermissionDenied(_("Only a party member can register."))
    form = forms.CommunityForm(request.POST, communities=selectors.communities())
    if form.is_valid():
        try:
            services.register_member(actor=request.user, community=form.cleaned_data["community"], member=member)
            messages.success(request, _("Registered with %(c)s.") % {"c": form.cleaned_data["community"]})
        except ValidationError as exc:
            _fail(request, exc)
    return redirect("deeds:volunteering")


@login_required
def registrations(request: HttpRequest) -> HttpResponse:
    org = _org(request)
    form = forms.UnitRegistrationForm(
        request.POST or None, communities=selectors.communities(),
        units=selectors.units_for_choice(actor=request.user, org=org),
    )  # fmt: skip
    if request.method == "POST" and form.is_valid():
        try:
            services.register_unit(actor=request.user, **form.cleaned_data)
            messages.success(request, _("Unit registered."))
            return redirect(f"{reverse('deeds:registrations')}?org={org.pk}")
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, getattr(exc, "messages", [str(exc)]))
    qs = selectors.registrations(actor=request.user, community=org)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "deeds/registrations.html", {"org": org, "page": page, "form": form})


@login_required
def activities(request: HttpRequest) -> HttpResponse:
    org = _org(request)
    form = forms.ActivityForm(request.POST or None)
    if request.method == "POST":
        require_org = _org(request, Cap.RECORDS)
        if form.is_valid():
            a = services.activity_publish(actor=request.user, community=require_org, **form.cleaned_data)
            messages.success(request, _("Activity published."))
            return redirect("deeds:activity", a.pk)
    page = Paginator(selectors.activity_list(actor=request.user, org=org), 30).get_page(request.GET.get("page"))
    return render(request, "deeds/activities.html", {"org": org, "page": page, "form": form,
                                                     "can_records": can(request.user, org, Cap.RECORDS)})  # fmt: skip


@login_required
def activity(request: HttpRequest, activity_id: int) -> HttpResponse:
    a = selectors.activity_get(actor=request.user, activity_id=activity_id)
    me = member_of(request.user)
    records = list(selectors.activity_records(actor=request.user, activity=a))
    return render(request, "deeds/activity.html", {
        "a": a, "records": records, "me": me, "staff": can(request.user, a.community, Cap.RECORDS),
        "signed_up": me is not None and any(r.member_id == me.pk for r in records),
        "log_form": forms.VolunteerLogForm(),
    })  # fmt: skip


@login_required
@require_POST
def activity_sign_up(request: HttpRequest, activity_id: int) -> HttpResponse:
    a = selectors.activity_get(actor=request.user, activity_id=activity_id)
    try:
        services.activity_sign_up(actor=request.user, activity=a)
        messages.success(request, _("You have signed up."))
    except ValidationError as exc:
        _fail(request, exc)
    return redirect("deeds:activity", a.pk)


@login_required
@require_POST
def record_action(request: HttpRequest, record_id: int, action: str) -> HttpResponse:
    try:
        record = VolunteerRecord.objects.select_related("activity__community", "member").get(pk=record_id)
    except VolunteerRecord.DoesNotExist:
        raise Http404(record_id) from None
    try:
        if action == "log":
            form = forms.VolunteerLogForm(request.POST)
            if form.is_valid():
                services.volunteer_log(actor=request.user, record=record, **form.cleaned_data)
            else:
                messages.error(request, _("Enter the hours and the number of people served."))
        elif action == "confirm":
            services.volunteer_confirm(actor=request.user, record=record)
        else:
            raise Http404(action)
    except ValidationError as exc:
        _fail(request, exc)
    return redirect("deeds:activity", record.activity_id)


@login_required
def teams(request: HttpRequest) -> HttpResponse:
    org = _org(request)
    form = forms.TeamForm(request.POST or None)
    if request.method == "POST":
        target = _org(request, Cap.RECORDS)
        if form.is_valid():
            t = services.team_create(actor=request.user, org=target, **form.cleaned_data)
            return redirect("deeds:team", t.pk)
    rows = selectors.team_list(actor=request.user, org=org, kind=request.GET.get("kind", ""))
    return render(request, "deeds/teams.html", {"org": org, "rows": rows, "form": form, "kinds": RegistryKind.choices,
                                                "can_records": can(request.user, org, Cap.RECORDS)})  # fmt: skip


@login_required
def team(request: HttpRequest, team_id: int) -> HttpResponse:
    t = selectors.team_get(actor=request.user, team_id=team_id)
    rec = can(request.user, t.org, Cap.RECORDS)
    form = forms.TeamMembersForm(
        request.POST or None, members=selectors.members_for_choice(actor=request.user, org=t.org)
    )
    if request.method == "POST" and rec and form.is_valid():
        try:
            services.team_add_members(actor=request.user, team=t, members=list(form.cleaned_data["members"]))
            return redirect("deeds:team", t.pk)
        except ValidationError as exc:
            _errors_to_form(form, exc)
    return render(request, "deeds/team.html", {"t": t, "members": t.members.select_related("org").order_by("name"),
                                               "form": form if rec else None})  # fmt: skip


@login_required
def categories(request: HttpRequest) -> HttpResponse:
    office = home_org(request.user)
    if office is None or office.depth != 1 or not can(request.user, office, Cap.STRUCTURE):
        raise PermissionDenied(_("Only the district office configures categories."))
    form = forms.CategoryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.category_save(actor=request.user, office=office, **form.cleaned_data)
            return HttpResponseRedirect(reverse("deeds:categories"))
        except ValidationError as exc:
            _errors_to_form(form, exc)
    return render(request, "deeds/categories.html", {"rows": Category.objects.order_by("group", "order", "name"),
                                                     "form": form})  # fmt: skip


def pick_community(request: HttpRequest) -> HttpResponse:
    """Communities matching ``q``, for the community pickers (public: the proposal form is)."""
    return picker_options(request, forms.CommunityForm(communities=selectors.communities()).fields["community"])
