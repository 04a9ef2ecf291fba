"""Study pages: thin views over :mod:`.selectors` and :mod:`.services`."""

from __future__ import annotations

import io
from urllib.parse import urlencode

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lixing.figures.periods import Period
from lixing.figures.registry import Group, all_figures
from lixing.figures.selectors import figure_values
from lixing.orgs.access import Cap, access_member, access_org, can, home_org, member_of, scope_q
from lixing.orgs.models import Member, Organization

from . import selectors, services
from .forms import (
    CheckInForm,
    DistributionForm,
    KindEditForm,
    KindForm,
    MakeUpForm,
    ReadingForm,
    ReasonForm,
    RuleForm,
    SessionForm,
    TickForm,
    UploadForm,
)
from .models import PointRule, SessionKind, StudySession


def _period(request: HttpRequest) -> Period:
    try:
        return Period.parse(request.GET.get("period"))
    except ValueError:
        raise Http404(request.GET.get("period")) from None


def _org(request: HttpRequest, cap: Cap = Cap.VIEW) -> Organization:
    return access_org(request.user, request.GET.get("org") or getattr(home_org(request.user), "pk", None), cap)


def _errors(exc: ValidationError) -> list[str]:
    return [str(m) for m in exc.messages]


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """Study in a subtree: the figures (drillable) and the sessions, newest first."""
    if home_org(request.user) is None:
        return redirect("study:me") if member_of(request.user) else redirect("home")
    org = access_org(request.user, request.GET.get("org") or home_org(request.user).pk)  # type: ignore[union-attr]
    period = _period(request)
    kind = request.GET.get("kind", "")
    figures = all_figures(Group.STUDY)
    values = figure_values(actor=request.user, orgs=[org], period=period, figures=figures)[org.pk]
    sessions = selectors.session_list(actor=request.user, org=org, period=period, kind=kind)
    page = Paginator(sessions, 30).get_page(request.GET.get("page"))
    return render(request, "study/index.html", {
        "org": org, "period": period, "kind": kind, "kinds": selectors.active_kinds(),
        "tiles": [(f, values[f.key]) for f in figures], "page": page,
        "can_record": can(request.user, org, Cap.RECORDS), "me": member_of(request.user),
    })  # fmt: skip


@login_required
def session_new(request: HttpRequest) -> HttpResponse:
    unit = access_org(request.user, request.GET.get("org") or getattr(home_org(request.user), "pk", None), Cap.RECORDS)
    form = SessionForm(request.POST or None, actor=request.user, unit=unit)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            session = services.session_create(
                actor=request.user, unit=unit, kinds=list(d["kinds"]), date=d["date"], topic=d["topic"],
                place=d["place"], online_link=d["online_link"], online_viewers=d["online_viewers"] or 0,
                speaker_member=d["speaker_member"], speaker_name=d["speaker_name"], speaker_role=d["speaker_role"],
                campaign_id=d["campaign"].pk if d["campaign"] else None, open_to_all=d["open_to_all"], summary=d["summary"],
                expected_members=None if d["expect_members"] else [],
            )  # fmt: skip
        except ValidationError as exc:
            for field, errs in (exc.message_dict if hasattr(exc, "error_dict") else {None: exc.messages}).items():
                for e in errs:
                    form.add_error(field if field in form.fields else None, e)
        else:
            messages.success(request, _("The session has been recorded."))
            return redirect("study:session", session.pk)
    return render(request, "study/session_form.html", {"form": form, "unit": unit})


@login_required
def session_detail(request: HttpRequest, session_id: int) -> HttpResponse:
    session = selectors.session_get(actor=request.user, session_id=session_id)
    can_record = can(request.user, session.unit, Cap.RECORDS)
    sheet = selectors.attendance_sheet(actor=request.user, session=session)
    return render(request, "study/session.html", {
        "session": session, "sheet": sheet, "can_record": can_record, "files": list(session.files.all()),
        "upload_form": UploadForm(), "absent": [r for r in sheet if r.expected and not r.attended],
    })  # fmt: skip


@login_required
def session_count(request: HttpRequest, session_id: int) -> HttpResponse:
    """The live attendance count (polled by the session and QR pages)."""
    session = selectors.session_get(actor=request.user, session_id=session_id)
    return render(request, "study/_count.html", {"session": session})


def _signin_url(request: HttpRequest, session: StudySession) -> str:
    query = urlencode({"code": services.signin_code(session)})
    return request.build_absolute_uri(f"{reverse('study:sign_in', args=[session.pk])}?{query}")


@login_required
def session_qr(request: HttpRequest, session_id: int) -> HttpResponse:
    """The page the secretary shows on a projector or a phone: the QR code refreshes itself."""
    session = selectors.session_get(actor=request.user, session_id=session_id, cap=Cap.RECORDS)
    return render(request, "study/qr.html", {"session": session, **_qr_context(request, session)})


def _qr_context(request: HttpRequest, session: StudySession) -> dict[str, object]:
    url = _signin_url(request, session)
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="svg", scale=10, border=2, xmldecl=False, svgns=True,
                                    svgclass="qr", title=_("Sign-in code"))  # fmt: skip
    refresh = max(10, min(60, services.code_ttl() // 3))
    # segno writes the SVG itself from the URL: no user text goes in unescaped.
    return {"svg": mark_safe(buffer.getvalue().decode()), "url": url, "refresh": refresh}


@login_required
def session_qr_code(request: HttpRequest, session_id: int) -> HttpResponse:
    session = selectors.session_get(actor=request.user, session_id=session_id, cap=Cap.RECORDS)
    return render(request, "study/_qr_code.html", {"session": session, **_qr_context(request, session)})


@login_required
def sign_in(request: HttpRequest, session_id: int) -> HttpResponse:
    """Where the QR code leads: a member confirms and is counted (once)."""
    session = selectors.session_for_sign_in(session_id=session_id)
    code = request.POST.get("code") or request.GET.get("code", "")
    error, done, again = "", False, False
    if request.method == "POST":
        try:
            done = services.attendance_sign_in(actor=request.user, session=session, code=code)
            again = not done
        except ValidationError as exc:
            error = " ".join(_errors(exc))
        except PermissionDenied as exc:
            error = str(exc)
    else:
        try:
            services.check_code(session, code)
        except ValidationError as exc:
            error = " ".join(_errors(exc))
    status = 400 if error else 200
    return render(request, "study/sign_in.html", {"session": session, "code": code, "error": error, "done": done,
                                                  "again": again}, status=status)  # fmt: skip


@login_required
@require_POST
def session_tick(request: HttpRequest, session_id: int) -> HttpResponse:
    session = selectors.session_get(actor=request.user, session_id=session_id, cap=Cap.RECORDS)
    candidates = Member.objects.filter(scope_q(request.user, "org__path"))
    form = TickForm(request.POST, candidates=candidates)
    if form.is_valid():
        try:
            n = services.attendance_tick(
                actor=request.user, session=session, members=list(form.cleaned_data["members"])
            )
            messages.success(request, _("%(n)d member(s) marked present.") % {"n": n})
        except ValidationError as exc:
            messages.error(request, " ".join(_errors(exc)))
    else:
        messages.error(request, _("Tick at least one member."))
    return redirect("study:session", session.pk)


@login_required
@require_POST
def session_untick(request: HttpRequest, session_id: int, member_id: int) -> HttpResponse:
    session = selectors.session_get(actor=request.user, session_id=session_id, cap=Cap.RECORDS)
    services.attendance_remove(actor=request.user, session=session, member=access_member(request.user, member_id))
    return redirect("study:session", session.pk)


@login_required
@require_POST
def absence_reason(request: HttpRequest, session_id: int) -> HttpResponse:
    session = selectors.session_get(actor=request.user, session_id=session_id, cap=Cap.RECORDS)
    form = ReasonForm(request.POST)
    if form.is_valid():
        member = access_member(request.user, form.cleaned_data["member"])
        try:
            services.absence_set_reason(actor=request.user, session=session, member=member,
                                        reason=form.cleaned_data["reason"])  # fmt: skip
        except ValidationError as exc:
            messages.error(request, " ".join(_errors(exc)))
    return redirect("study:session", session.pk)


@login_required
@require_POST
def make_up(request: HttpRequest, session_id: int) -> HttpResponse:
    """A member marks a missed session as made up (补学), or the secretary does for them."""
    form = MakeUpForm(request.POST)
    if not form.is_valid():
        raise Http404
    me = member_of(request.user)
    member_id = form.cleaned_data["member"] or (me.pk if me else None)
    if member_id is None:
        raise Http404
    if me is not None and me.pk == member_id:
        session = selectors.session_for_sign_in(session_id=session_id)
        member = me
        back = reverse("study:me")
    else:
        session = selectors.session_get(actor=request.user, session_id=session_id, cap=Cap.RECORDS)
        member = access_member(request.user, member_id)
        back = reverse("study:session", args=[session.pk])
    try:
        services.absence_make_up(actor=request.user, session=session, member=member, note=form.cleaned_data["note"])
        messages.success(request, _("Marked as made up."))
    except ValidationError as exc:
        messages.error(request, " ".join(_errors(exc)))
    return redirect(back)


@login_required
@require_POST
def session_upload(request: HttpRequest, session_id: int) -> HttpResponse:
    session = selectors.session_get(actor=request.user, session_id=session_id, cap=Cap.RECORDS)
    form = UploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.session_attach(actor=request.user, session=session, kind=form.cleaned_data["kind"],
                                    upload=form.cleaned_data["file"])  # fmt: skip
            messages.success(request, _("The file has been attached."))
        except ValidationError as exc:
            messages.error(request, " ".join(_errors(exc)))
    else:
        messages.error(request, _("Choose a file to upload."))
    return redirect("study:session", session.pk)


# --- The member's phone view ---------------------------------------------------------------------


@login_required
def me(request: HttpRequest) -> HttpResponse:
    """My sessions, my absences to make up, my check-ins and my points (mine only)."""
    if member_of(request.user) is None:
        raise Http404(_("Your account is not linked to a member of the roster."))
    return render(request, "study/me.html", {
        "sessions": selectors.my_sessions(actor=request.user),
        "absences": list(selectors.my_absences(actor=request.user)),
        "checkins": list(selectors.my_checkins(actor=request.user, limit=10)),
        "points": selectors.my_points(actor=request.user, limit=10),
        "form": CheckInForm(),
    })  # fmt: skip


@login_required
@require_POST
def checkin(request: HttpRequest) -> HttpResponse:
    form = CheckInForm(request.POST)
    if form.is_valid():
        try:
            services.checkin_create(actor=request.user, material=form.cleaned_data["material"],
                                    note=form.cleaned_data["note"])  # fmt: skip
            messages.success(request, _("Checked in. Keep it up!"))
        except ValidationError as exc:
            messages.error(request, " ".join(_errors(exc)))
    else:
        messages.error(request, _("Say what you studied."))
    return redirect("study:me")


# --- Required readings ----------------------------------------------------------------------------


@login_required
def readings(request: HttpRequest) -> HttpResponse:
    org = _org(request)
    form = ReadingForm(request.POST or None, actor=request.user)
    can_structure = can(request.user, org, Cap.STRUCTURE)
    if request.method == "POST":
        if not can_structure:
            raise PermissionDenied(_("You do not have permission to do this here."))
        if form.is_valid():
            d = form.cleaned_data
            services.reading_create(actor=request.user, owner=org, title=d["title"], publisher=d["publisher"],
                                    campaign_id=d["campaign"].pk if d["campaign"] else None)  # fmt: skip
            messages.success(request, _("The reading has been added."))
            return redirect(f"{reverse('study:readings')}?org={org.pk}")
    return render(request, "study/readings.html", {
        "org": org, "rows": selectors.readings_for(actor=request.user, org=org),
        "form": form, "can_structure": can_structure,
    })  # fmt: skip


@login_required
def reading_detail(request: HttpRequest, reading_id: int) -> HttpResponse:
    reading = selectors.reading_get(actor=request.user, reading_id=reading_id)
    org = _org(request)
    if not org.path.startswith(reading.owner.path):
        org = access_org(request.user, reading.owner.pk)
    if request.method == "POST":
        form = DistributionForm(request.POST)
        if form.is_valid():
            unit = access_org(request.user, form.cleaned_data["unit"], Cap.RECORDS)
            try:
                services.distribution_set(actor=request.user, reading=reading, unit=unit,
                                          ordered=form.cleaned_data["ordered"],
                                          delivered=form.cleaned_data["delivered"])  # fmt: skip
                messages.success(request, _("Saved."))
            except ValidationError as exc:
                messages.error(request, " ".join(_errors(exc)))
        return redirect(f"{reverse('study:reading', args=[reading.pk])}?org={org.pk}")
    coverage = next((r for r in selectors.readings_for(actor=request.user, org=org) if r.reading.pk == reading.pk),
                    None)  # fmt: skip
    return render(request, "study/reading.html", {
        "reading": reading, "org": org, "coverage": coverage,
        "rows": selectors.distributions(actor=request.user, org=org, reading=reading),
        "can_record": can(request.user, org, Cap.RECORDS),
    })  # fmt: skip


# --- Configuration: kinds of session and points rules (district administrators) -------------------


@login_required
def configure(request: HttpRequest) -> HttpResponse:
    kind_form = KindForm(request.POST if request.POST.get("form") == "kind" else None, prefix="kind")
    edit_form = KindEditForm(request.POST if request.POST.get("form") == "kind_edit" else None, prefix="edit")
    rule_form = RuleForm(request.POST if request.POST.get("form") == "rule" else None, prefix="rule")
    if request.method == "POST":
        try:
            if kind_form.is_bound and kind_form.is_valid():
                services.session_kind_create(actor=request.user, **kind_form.cleaned_data)
                messages.success(request, _("Saved."))
                return redirect("study:configure")
            if edit_form.is_bound and edit_form.is_valid():
                kind = get_object_or_404(SessionKind, pk=edit_form.cleaned_data["kind"])
                services.session_kind_update(actor=request.user, kind=kind, name=edit_form.cleaned_data["name"],
                                             is_active=edit_form.cleaned_data["is_active"])  # fmt: skip
                messages.success(request, _("Saved."))
                return redirect("study:configure")
            if rule_form.is_bound and rule_form.is_valid():
                services.point_rule_set(actor=request.user, **rule_form.cleaned_data)
                messages.success(request, _("Saved."))
                return redirect("study:configure")
        except ValidationError as exc:
            messages.error(request, " ".join(_errors(exc)))
    return render(request, "study/configure.html", {
        "kinds": SessionKind.objects.order_by("order", "id"), "rules": PointRule.objects.order_by("action"),
        "kind_form": kind_form, "rule_form": rule_form, "may_change": services.may_configure(request.user),
    })  # fmt: skip
