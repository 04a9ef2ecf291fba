"""Pages of the tree and the roster. Thin: access check, a form, one service or selector."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import selectors, services
from .access import Cap, access_member, access_org, can, home_org
from .forms import (
    PICKER_RESULTS,
    MemberForm,
    MergeForm,
    MoveForm,
    OrgForm,
    SearchableChoiceField,
    SecretaryForm,
    TransferForm,
)
from .models import MEMBER_HOLDING_KINDS, Member, Organization, OrgKind
from .roster import roster_export, roster_filename

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _form_page(request: HttpRequest, form: forms.BaseForm, *, title: str, org: Organization | None = None,
               submit: str = "", danger: bool = False, intro: str = "", member: Member | None = None,
               multipart: bool = False) -> HttpResponse:  # fmt: skip
    return render(request, "orgs/form.html", {
        "form": form, "title": title, "org": org, "submit": submit or _("Save"), "danger": danger,
        "intro": intro, "member": member, "ancestors": Organization.objects.get_ancestors(org) if org else [],
    })  # fmt: skip


def _add_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Service errors on the form: per field when the service names fields, else on top."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


@login_required
def home(request: HttpRequest) -> HttpResponse:
    org = home_org(request.user)
    if org is None:
        raise PermissionDenied(_("Your account has no organisation yet. Ask your administrator for one."))
    return redirect("orgs:detail", org.pk)


@login_required
def tree(request: HttpRequest) -> HttpResponse:
    root = access_org(request.user, request.GET.get("root") or getattr(home_org(request.user), "pk", None))
    try:
        depth = min(max(int(request.GET.get("depth", 3)), 1), 6)
    except ValueError:
        depth = 3
    node = selectors.org_tree(actor=request.user, root=root, max_depth=depth)
    counts = [(OrgKind(k).label, n) for k, n in selectors.kind_counts(actor=request.user, org=root).items()]
    members = selectors.member_counts(actor=request.user, org=root)
    return render(request, "orgs/tree.html", {
        "root": root, "node": node, "counts": counts, "member_counts": members, "ancestors": Organization.objects.get_ancestors(root),
    })  # fmt: skip


@login_required
def detail(request: HttpRequest, org_id: int) -> HttpResponse:
    org = access_org(request.user, org_id)
    children = selectors.org_children(actor=request.user, org=org)
    members = selectors.member_list(actor=request.user, org=org, direct_only=True)[:50]
    return render(
        request,
        "orgs/detail.html",
        {
            "org": org,
            "period": request.GET.get("period", "all"),
            "children": children,
            "members": [selectors.masked(actor=request.user, member=m) for m in members],
            "ancestors": Organization.objects.get_ancestors(org),
            "can_structure": can(request.user, org, Cap.STRUCTURE) and org.is_active,
            "can_members": can(request.user, org, Cap.MEMBERS) and org.is_active,
            "can_pii": can(request.user, org, Cap.PII),
            "can_export": can(request.user, org, Cap.MEMBERS),  # ordinary members may not export
            "holds_members": org.kind in MEMBER_HOLDING_KINDS,
        },
    )


# --- Organisations ---------------------------------------------------------------------------


@login_required
def org_create(request: HttpRequest, org_id: int) -> HttpResponse:
    parent = access_org(request.user, org_id, Cap.STRUCTURE)
    form = OrgForm(request.POST or None, initial={"kind": OrgKind.BRANCH})
    if request.method == "POST" and form.is_valid():
        data = form.changes()
        try:
            org = services.org_create(actor=request.user, parent=parent, **data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Created %(name)s.") % {"name": org.name})
            return redirect("orgs:detail", org.pk)
    return _form_page(request, form, title=_("New sub-organisation of %(name)s") % {"name": parent.display_name},
                      org=parent, submit=_("Create"))  # fmt: skip


@login_required
def org_edit(request: HttpRequest, org_id: int) -> HttpResponse:
    org = access_org(request.user, org_id, Cap.STRUCTURE)
    form = OrgForm(request.POST or None, instance=Organization.objects.get(pk=org.pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.org_update(actor=request.user, org=org, **form.changes())
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("orgs:detail", org.pk)
    return _form_page(request, form, title=_("Edit %(name)s") % {"name": org.display_name}, org=org)


@login_required
def org_secretary(request: HttpRequest, org_id: int) -> HttpResponse:
    org = access_org(request.user, org_id, Cap.STRUCTURE)
    form = SecretaryForm(request.POST or None, org=org, initial={"member": org.secretary_id})
    if request.method == "POST" and form.is_valid():
        try:
            services.org_set_secretary(actor=request.user, org=org, member=form.cleaned_data["member"])
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("orgs:detail", org.pk)
    return _form_page(request, form, title=_("Secretary of %(name)s") % {"name": org.display_name}, org=org)


@login_required
def org_move(request: HttpRequest, org_id: int) -> HttpResponse:
    org = access_org(request.user, org_id, Cap.STRUCTURE)
    form = MoveForm(request.POST or None, actor=request.user, org=org)
    if request.method == "POST" and form.is_valid():
        new_parent = access_org(request.user, form.cleaned_data["new_parent"].pk, Cap.STRUCTURE)
        try:
            services.org_move(actor=request.user, org=org, new_parent=new_parent)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Moved %(name)s under %(parent)s.") % {"name": org.display_name,
                                                                               "parent": new_parent.display_name})  # fmt: skip
            return redirect("orgs:detail", org.pk)
    return _form_page(request, form, title=_("Move %(name)s") % {"name": org.display_name}, org=org,
                      submit=_("Move"), intro=_("The organisation moves with all its sub-organisations and members."))  # fmt: skip


@login_required
def org_merge(request: HttpRequest, org_id: int) -> HttpResponse:
    org = access_org(request.user, org_id, Cap.STRUCTURE)
    form = MergeForm(request.POST or None, actor=request.user, org=org)
    if request.method == "POST" and form.is_valid():
        target = access_org(request.user, form.cleaned_data["target"].pk, Cap.STRUCTURE)
        try:
            services.org_merge(actor=request.user, source=org, target=target, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("%(source)s was merged into %(target)s.") % {"source": org.display_name,
                                                                                     "target": target.display_name})  # fmt: skip
            return redirect("orgs:detail", target.pk)
    intro = _("Its members are transferred (the transfer history is kept), its sub-organisations move, "
              "and it is dissolved, pointing to the organisation it was merged into.")  # fmt: skip
    return _form_page(request, form, title=_("Merge %(name)s into another organisation") % {"name": org.display_name},
                      org=org, submit=_("Merge"), danger=True, intro=intro)  # fmt: skip


@login_required
def org_dissolve(request: HttpRequest, org_id: int) -> HttpResponse:
    org = access_org(request.user, org_id, Cap.STRUCTURE)
    form = forms.Form(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.org_dissolve(actor=request.user, org=org)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("%(name)s has been dissolved.") % {"name": org.display_name})
            return redirect("orgs:detail", org.parent_id or org.pk)
    return _form_page(request, form, title=_("Dissolve %(name)s") % {"name": org.display_name}, org=org,
                      submit=_("Dissolve"), danger=True,
                      intro=_("Only an organisation without members and without sub-organisations can be dissolved. "
                              "It stays in the records, marked as dissolved."))  # fmt: skip


# --- Roster ----------------------------------------------------------------------------------


@login_required
def members(request: HttpRequest, org_id: int) -> HttpResponse:
    org = access_org(request.user, org_id)
    query = request.GET.get("q", "").strip()[:50]
    qs = selectors.member_list(actor=request.user, org=org, query=query)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    rows = [selectors.masked(actor=request.user, member=m) for m in page.object_list]
    return render(request, "orgs/members.html", {
        "org": org, "page": page, "rows": rows, "q": query, "ancestors": Organization.objects.get_ancestors(org),
        "can_members": can(request.user, org, Cap.MEMBERS) and org.is_active,
        "can_pii": can(request.user, org, Cap.PII), "can_structure": can(request.user, org, Cap.STRUCTURE),
        "can_export": can(request.user, org, Cap.MEMBERS),
        "holds_members": org.kind in MEMBER_HOLDING_KINDS,
    })  # fmt: skip


@login_required
def member(request: HttpRequest, member_id: int) -> HttpResponse:
    m = access_member(request.user, member_id)
    return render(
        request,
        "orgs/member.html",
        {
            "m": selectors.masked(actor=request.user, member=m),
            "transfers": selectors.transfer_history(actor=request.user, member=m),
            "can_members": can(request.user, m.org, Cap.MEMBERS),
        },
    )


@login_required
@require_POST
def member_reveal(request: HttpRequest, member_id: int) -> HttpResponse:
    m = access_member(request.user, member_id)
    full = services.member_reveal(actor=request.user, member=m, context="page")
    return render(request, "orgs/_revealed.html", {"full": full})


@login_required
def member_create(request: HttpRequest, org_id: int) -> HttpResponse:
    org = access_org(request.user, org_id, Cap.MEMBERS)
    form = MemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            m = services.member_create(actor=request.user, org=org, **form.values())
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Added %(name)s to the roster.") % {"name": m.name})
            return redirect("orgs:member", m.pk)
    return _form_page(request, form, title=_("New member of %(name)s") % {"name": org.display_name}, org=org,
                      submit=_("Add member"))  # fmt: skip


@login_required
def member_edit(request: HttpRequest, member_id: int) -> HttpResponse:
    m = access_member(request.user, member_id, Cap.MEMBERS)
    form = MemberForm(request.POST or None, instance=Member.objects.get(pk=m.pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.member_update(actor=request.user, member=m, **form.changes(m))
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("orgs:member", m.pk)
    return _form_page(request, form, title=_("Edit %(name)s") % {"name": m.name}, org=m.org, member=m)


@login_required
def member_transfer(request: HttpRequest, member_id: int) -> HttpResponse:
    m = access_member(request.user, member_id, Cap.MEMBERS)
    form = TransferForm(request.POST or None, actor=request.user, member=m)
    if request.method == "POST" and form.is_valid():
        to_org = access_org(request.user, form.cleaned_data["to_org"].pk, Cap.MEMBERS)
        try:
            services.member_transfer(actor=request.user, member=m, to_org=to_org, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("%(name)s now belongs to %(org)s.") % {"name": m.name, "org": to_org.name})
            return redirect("orgs:member", m.pk)
    return _form_page(request, form, title=_("Transfer %(name)s") % {"name": m.name}, org=m.org, member=m,
                      submit=_("Transfer"),
                      intro=_("The member moves to the chosen organisation; the transfer is kept in the history."))  # fmt: skip


@login_required
def export(request: HttpRequest, org_id: int) -> HttpResponse:
    """The subtree's roster as .xlsx: masked, or in full (PII right, written to the access log)."""
    org = access_org(request.user, org_id)
    full = request.GET.get("full") == "1"
    if full and not can(request.user, org, Cap.PII):
        raise PermissionDenied(_("You may not export personal data in full."))
    body = roster_export(actor=request.user, org=org, full=full)
    response = HttpResponse(body, content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename={roster_filename(org)}"
    return response


# --- Pickers: the search behind a choice among many (see forms.SearchSelect) ----------------

PICKERS: dict[str, tuple[type[forms.Form], str]] = {
    "move": (MoveForm, "new_parent"),
    "merge": (MergeForm, "target"),
    "secretary": (SecretaryForm, "member"),
}


@login_required
def org_pick(request: HttpRequest, org_id: int, purpose: str) -> HttpResponse:
    """The options matching ``q`` for one of an organisation's pickers: the same choices
    as the form's, so the actor finds only what they may choose."""
    if purpose not in PICKERS:
        raise Http404
    org = access_org(request.user, org_id, Cap.STRUCTURE)
    form_class, name = PICKERS[purpose]
    form = form_class(actor=request.user, org=org)  # type: ignore[call-arg]
    return picker_options(request, form.fields[name])


@login_required
def member_pick(request: HttpRequest, member_id: int) -> HttpResponse:
    """The organisations matching ``q`` that a member may be transferred to."""
    m = access_member(request.user, member_id, Cap.MEMBERS)
    return picker_options(request, TransferForm(actor=request.user, member=m).fields["to_org"])


def picker_options(request: HttpRequest, field: forms.Field) -> HttpResponse:
    """The options of a searchable field matching ``q`` (any app's picker view ends here)."""
    assert isinstance(field, SearchableChoiceField)
    query = request.GET.get("q", "").strip()[:50]
    found = field.matches(query)
    return render(request, "orgs/_options.html", {
        "options": found[:PICKER_RESULTS], "more": PICKER_RESULTS if len(found) > PICKER_RESULTS else 0,
        "query": query, "empty_label": None if field.required else field.empty_label,
    })  # fmt: skip
