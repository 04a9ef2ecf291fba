"""Publicity pages: thin views over :mod:`.selectors` and :mod:`.services`."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lixing.figures.periods import Period
from lixing.figures.registry import Group, all_figures
from lixing.figures.selectors import figure_values
from lixing.orgs.access import Cap, access_org, can, home_org

from . import selectors, services
from .forms import ArticleForm, CampaignForm, ExampleForm, HonourForm, PhotoForm


def _period(request: HttpRequest) -> Period:
    try:
        return Period.parse(request.GET.get("period"))
    except ValueError:
        raise Http404(request.GET.get("period")) from None


def _org(request: HttpRequest, cap: Cap = Cap.VIEW) -> Any:
    return access_org(request.user, request.GET.get("org") or getattr(home_org(request.user), "pk", None), cap)


def _form_errors(form: Any, exc: ValidationError) -> None:
    for field, errs in (exc.message_dict if hasattr(exc, "error_dict") else {None: exc.messages}).items():
        for e in errs:
            form.add_error(field if field in form.fields else None, e)


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """The publicity ledger of a subtree: the figures (drillable) and the items, newest first."""
    if home_org(request.user) is None:
        return redirect("home")
    org = _org(request)
    period = _period(request)
    level = request.GET.get("level", "")
    duplicates = request.GET.get("duplicates") == "1"
    figures = all_figures(Group.PUBLICITY)
    values = figure_values(actor=request.user, orgs=[org], period=period, figures=figures)[org.pk]
    items = selectors.article_list(actor=request.user, org=org, period=period, level=level, duplicates=duplicates)
    page = Paginator(items, 30).get_page(request.GET.get("page"))
    return render(request, "publicity/index.html", {
        "org": org, "period": period, "level": level, "duplicates": duplicates, "levels": selectors.active_levels(),
        "tiles": [(f, values[f.key]) for f in figures], "page": page,
        "can_record": can(request.user, org, Cap.RECORDS),
    })  # fmt: skip


@login_required
def article_new(request: HttpRequest) -> HttpResponse:
    unit = _org(request, Cap.RECORDS)
    form = ArticleForm(request.POST or None, request.FILES or None, actor=request.user, unit=unit)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            article = services.article_create(
                actor=request.user, unit=unit, title=d["title"], outlet=d["outlet"], level=d["level"],
                published_on=d["published_on"], kind=d["kind"], link=d["link"] or "", attachment=d["attachment"],
                line_of_work=d["line_of_work"], series=d["series"], about_units=list(d["about_units"]),
                form_token=d["form_token"],
            )  # fmt: skip
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            if article.duplicate_of_id:
                messages.warning(request, _("Recorded, and flagged: the same outlet already has an item of this title."))
            else:
                messages.success(request, _("The item has been recorded."))
            return redirect("publicity:article", article.pk)
    return render(request, "publicity/form.html", {"form": form, "unit": unit, "title": _("Record a publicity item")})


@login_required
def article_detail(request: HttpRequest, article_id: int) -> HttpResponse:
    article = selectors.article_get(actor=request.user, article_id=article_id)
    office = can(request.user, article.unit, Cap.STRUCTURE)
    dup = article.duplicate_of
    return render(request, "publicity/article.html", {
        "a": article, "office": office, "can_record": can(request.user, article.unit, Cap.RECORDS),
        "duplicate_visible": dup is not None and can(request.user, dup.unit, Cap.VIEW),
        "about": list(article.about_units.all()), "records": list(article.records.all()),
        "campaign_form": CampaignForm(actor=request.user, initial={"campaign": article.campaign_id}) if office else None,
    })  # fmt: skip


@login_required
@require_POST
def article_clear_duplicate(request: HttpRequest, article_id: int) -> HttpResponse:
    article = selectors.article_get(actor=request.user, article_id=article_id, cap=Cap.STRUCTURE)
    services.article_clear_duplicate(actor=request.user, article=article)
    messages.success(request, _("The flag is cleared: the item is counted."))
    return redirect("publicity:article", article.pk)


@login_required
@require_POST
def article_campaign(request: HttpRequest, article_id: int) -> HttpResponse:
    article = selectors.article_get(actor=request.user, article_id=article_id, cap=Cap.STRUCTURE)
    form = CampaignForm(request.POST, actor=request.user)
    if form.is_valid():
        services.article_mark_campaign(actor=request.user, article=article, campaign=form.cleaned_data["campaign"])
        messages.success(request, _("Saved."))
    return redirect("publicity:article", article.pk)


@login_required
@require_POST
def article_delete(request: HttpRequest, article_id: int) -> HttpResponse:
    article = selectors.article_get(actor=request.user, article_id=article_id, cap=Cap.RECORDS)
    unit_id = article.unit_id
    services.article_delete(actor=request.user, article=article)
    messages.success(request, _("The item has been deleted."))
    return redirect(f"{reverse('publicity:index')}?org={unit_id}")


# --- Honours -------------------------------------------------------------------------------------------


@login_required
def honours(request: HttpRequest) -> HttpResponse:
    org = _org(request)
    items = selectors.honour_list(actor=request.user, org=org)
    page = Paginator(items, 30).get_page(request.GET.get("page"))
    return render(request, "publicity/honours.html", {
        "org": org, "page": page, "can_record": can(request.user, org, Cap.STRUCTURE),
    })  # fmt: skip


@login_required
def honour_new(request: HttpRequest) -> HttpResponse:
    unit = _org(request, Cap.STRUCTURE)
    form = HonourForm(request.POST or None, actor=request.user, unit=unit)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            honour = services.honour_create(
                actor=request.user, unit=unit, kind=d["kind"], level=d["level"], body=d["body"], year=d["year"],
                awarded_on=d["awarded_on"], note=d["note"], published=d["published"], orgs=d["org_list"],
                members=d["member_list"], form_token=d["form_token"],
            )  # fmt: skip
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("The honour has been recorded."))
            return redirect("publicity:honour", honour.pk)
    return render(request, "publicity/form.html", {"form": form, "unit": unit, "title": _("Record an honour")})


@login_required
def honour_detail(request: HttpRequest, honour_id: int) -> HttpResponse:
    honour = selectors.honour_get(actor=request.user, honour_id=honour_id)
    return render(request, "publicity/honour.html", {
        "h": honour, "office": can(request.user, honour.unit, Cap.STRUCTURE), "recipients": list(honour.recipients.all()),
    })  # fmt: skip


@login_required
@require_POST
def honour_publish(request: HttpRequest, honour_id: int) -> HttpResponse:
    honour = selectors.honour_get(actor=request.user, honour_id=honour_id, cap=Cap.STRUCTURE)
    services.honour_set_published(actor=request.user, honour=honour, published=request.POST.get("published") == "1")
    return redirect("publicity:honour", honour.pk)


def public_honours(request: HttpRequest) -> HttpResponse:
    """No account needed: only what the office published; members named only with consent."""
    return render(request, "publicity/public_honours.html", {
        "honours": selectors.public_honours(), "examples": selectors.public_examples(),
    })  # fmt: skip


# --- Model examples ------------------------------------------------------------------------------------


@login_required
def examples(request: HttpRequest) -> HttpResponse:
    org = _org(request)
    page = Paginator(selectors.example_list(actor=request.user, org=org), 30).get_page(request.GET.get("page"))
    return render(request, "publicity/examples.html", {
        "org": org, "page": page, "can_record": can(request.user, org, Cap.RECORDS),
    })  # fmt: skip


@login_required
def example_new(request: HttpRequest) -> HttpResponse:
    unit = _org(request, Cap.RECORDS)
    form = ExampleForm(request.POST or None, actor=request.user, unit=unit)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            example = services.example_create(
                actor=request.user, unit=unit, subject=d["subject"], member=d["member_obj"], team_name=d["team_name"],
                title=d["title"], story=d["story"], recognised_on=d["recognised_on"], published=d["published"],
                form_token=d["form_token"],
            )  # fmt: skip
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("The model example has been recorded."))
            return redirect("publicity:example", example.pk)
    return render(request, "publicity/form.html", {"form": form, "unit": unit, "title": _("Record a model example")})


@login_required
def example_detail(request: HttpRequest, example_id: int) -> HttpResponse:
    example = selectors.example_get(actor=request.user, example_id=example_id)
    can_record = can(request.user, example.unit, Cap.RECORDS)
    form = PhotoForm(request.POST or None, request.FILES or None) if can_record else None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            services.example_add_photo(actor=request.user, example=example, upload=form.cleaned_data["image"],
                                       caption=form.cleaned_data["caption"])  # fmt: skip
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            return redirect("publicity:example", example.pk)
    return render(request, "publicity/example.html", {
        "e": example, "can_record": can_record, "photo_form": form,
        "photos": list(example.photos.all()), "records": list(example.records.all()),
    })  # fmt: skip


# --- Slots on the organisation and member pages ----------------------------------------------------------


def org_honours_panel(request: HttpRequest, org: Any) -> str:
    rows = selectors.honours_of_org(actor=request.user, org=org)
    return render_to_string("publicity/_honours_panel.html", {"rows": rows}, request) if rows else ""


def member_honours_panel(request: HttpRequest, member: Any) -> str:
    rows = selectors.honours_of_member(actor=request.user, member=member)
    return render_to_string("publicity/_honours_panel.html", {"rows": rows}, request) if rows else ""
