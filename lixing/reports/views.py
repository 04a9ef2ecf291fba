"""Dashboard, wall screen, exports and briefings. Thin: parse, call a selector/service, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lixing.figures import registry
from lixing.figures.periods import Period
from lixing.imports.sheets import export_bytes
from lixing.orgs.access import Cap, access_org, can, home_org, scope_q
from lixing.orgs.models import Organization

from . import selectors, services
from .briefing import PdfUnavailable, docx_to_pdf, pdf_available, table_value
from .forms import BriefingForm, TemplateForm
from .models import Briefing, BriefingSubscription, BriefingTemplate
from .selectors import Dashboard

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MANY_UNITS = 12
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _org(request: HttpRequest, cap: Cap = Cap.VIEW) -> Organization:
    return access_org(request.user, request.GET.get("org") or getattr(home_org(request.user), "pk", None), cap)


def _period(request: HttpRequest) -> Period:
    try:
        return Period.parse(request.GET.get("period"))
    except ValueError:
        raise Http404(request.GET.get("period")) from None


def _link_records(board: Dashboard) -> None:
    for view in board.figures:
        if view.has_records:
            view.records_href = reverse("figures:records", args=[view.key])


def _chart_data(board: Dashboard) -> dict[str, Any]:
    """What the charts draw, by figure key: the trend, and the breakdown by unit (comparable
    figures only) with the link behind each bar."""
    records = reverse("figures:records", args=["__key__"])
    data: dict[str, Any] = {}
    for view in board.figures:
        scale = 100 if view.is_rate else 1
        entry: dict[str, Any] = {"rate": view.is_rate}
        if view.trend:
            entry["trend"] = {
                "x": [p.label() for p, _v in view.trend],
                "y": [None if v.value is None else round(v.value * scale, 1) for _p, v in view.trend],
            }
        if view.children:
            entry["units"] = {
                "x": [c.org.display_name for c in view.children],
                "y": [None if c.value.value is None else round(c.value.value * scale, 1) for c in view.children],
                "links": [
                    f"{records.replace('__key__', view.key)}?org={c.org.pk}&period={board.period.bucket}"
                    if view.figure.records
                    else ""
                    for c in view.children
                ],
            }
        data[view.key] = entry
    return data


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """Every figure for a subtree and a period, by line of work, with trends and units."""
    org = _org(request)
    period = _period(request)
    board = selectors.dashboard(actor=request.user, org=org, period=period)
    _link_records(board)
    choices = selectors.period_choices(timezone.localdate())
    if period not in choices:
        choices.insert(0, period)
    ancestors = [
        a
        for a in Organization.objects.filter(path__in=org.ancestor_paths()[:-1]).order_by("path")
        if can(request.user, a)
    ]
    return render(
        request,
        "reports/dashboard.html",
        {
            "board": board,
            "org": org,
            "period": period,
            "periods": choices,
            "ancestors": ancestors,
            "charts": _chart_data(board),
            "export_url": reverse("reports:export"),
            "breakdown_url": reverse("reports:breakdown"),
            # With many units the tables by unit load when opened (the charts show them at once).
            "many_units": len(board.children) > MANY_UNITS,
        },
    )


@login_required
def breakdown(request: HttpRequest) -> HttpResponse:
    """One figure's table by unit (loaded on demand for ``compute`` figures)."""
    org = _org(request)
    period = _period(request)
    try:
        figure = registry.get(request.GET.get("figure", ""))
    except KeyError:
        raise Http404 from None
    board = selectors.dashboard(
        actor=request.user, org=org, period=period, figures=[figure], trend=False, breakdown_compute=True
    )
    _link_records(board)
    view = board.figure(figure.key)
    if not view.children:
        raise Http404(figure.key)
    return render(
        request,
        "reports/_breakdown.html",
        {"v": view, "org": org, "period": period, "board": board, "export_url": reverse("reports:export")},
    )


@login_required
def export(request: HttpRequest) -> HttpResponse:
    """A dashboard table as .xlsx: ``?figure=KEY`` its breakdown by unit, else the summary of
    every figure for the subtree."""
    org = _org(request)
    period = _period(request)
    key = request.GET.get("figure")
    if key:
        try:
            figure = registry.get(key)
        except KeyError:
            raise Http404(key) from None
        board = selectors.dashboard(
            actor=request.user, org=org, period=period, figures=[figure], trend=False, breakdown_compute=True
        )
        view = board.figure(key)
        if not view.children:
            raise Http404(key)
        headers = [_("Unit"), str(figure.label)]
        if view.is_rate:
            headers += [_("Numerator"), _("Denominator")]
        rows = [
            [
                c.org.display_name,
                table_value(c.value),
                *([c.value.numerator, c.value.denominator] if view.is_rate else []),
            ]
            for c in view.children
        ]
        if view.own is not None and view.show_own:
            own = view.own
            rows.append([_("Own level"), table_value(own), *([own.numerator, own.denominator] if view.is_rate else [])])
        rows.append(
            [
                _("Total"),
                table_value(view.value),
                *([view.value.numerator, view.value.denominator] if view.is_rate else []),
            ]
        )
        title, name = str(figure.label), f"{figure.key}-{org.pk}-{period.bucket}.xlsx"
    else:
        board = selectors.dashboard(actor=request.user, org=org, period=period, trend=False)
        headers = [_("Line of work"), _("Figure"), _("Value"), _("Numerator"), _("Denominator")]
        rows = [
            [str(g.label), str(v.figure.label), table_value(v.value), v.value.numerator, v.value.denominator]
            for g in board.groups
            for v in g.figures
        ]
        title, name = org.display_name, f"figures-{org.pk}-{period.bucket}.xlsx"
    response = HttpResponse(export_bytes(title, headers, rows), content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, name) or ""
    return response


@login_required
def wall(request: HttpRequest) -> HttpResponse:
    """The wall screen (大屏): full screen, dark, huge numbers, refreshing itself."""
    org = _org(request)
    period = _period(request)
    board = selectors.dashboard(actor=request.user, org=org, period=period, trend=False, own=False)
    template = "reports/_wall_body.html" if request.headers.get("HX-Request") else "reports/wall.html"
    return render(request, template, {"board": board, "org": org, "period": period, "now": timezone.localtime()})


@login_required
def briefings(request: HttpRequest) -> HttpResponse:
    """The archive of issued briefings, and the form that writes a new one."""
    org = _org(request)
    templates = selectors.template_list(actor=request.user, org=org)
    form = BriefingForm(request.POST or None, templates=templates, initial={"period": request.GET.get("period", "all")})
    if request.method == "POST" and form.is_valid():
        briefing = services.briefing_issue(
            actor=request.user, org=org, period=form.cleaned_data["period"], template=form.cleaned_data["template"]
        )
        messages.success(request, _("Issue %(n)s is ready. Download it below.") % {"n": briefing.issue_no})
        return redirect(f"{reverse('reports:briefings')}?org={org.pk}&issued={briefing.pk}")
    page = Paginator(selectors.briefing_list(actor=request.user, org=org), 30).get_page(request.GET.get("page"))
    subscription = BriefingSubscription.objects.filter(org=org).select_related("template").first()
    return render(
        request,
        "reports/briefings.html",
        {
            "org": org,
            "form": form,
            "page": page,
            "templates": templates,
            "subscription": subscription,
            "can_subscribe": can(request.user, org, Cap.RECORDS),
            "can_templates": can(request.user, org, Cap.STRUCTURE),
            "pdf": pdf_available(),
            "issued": request.GET.get("issued"),
        },
    )


def _briefing(request: HttpRequest, pk: int) -> Briefing:
    return get_object_or_404(Briefing.objects.filter(scope_q(request.user, "org__path")), pk=pk)


@login_required
def briefing_docx(request: HttpRequest, pk: int) -> FileResponse:
    b = _briefing(request, pk)
    return FileResponse(
        b.file.open("rb"), as_attachment=True, filename=f"{b.title}-{b.issue_no}.docx", content_type=DOCX
    )


@login_required
def briefing_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    b = _briefing(request, pk)
    try:
        with b.file.open("rb") as fh:
            data = docx_to_pdf(fh.read())
    except PdfUnavailable as exc:
        messages.warning(request, str(exc))
        return redirect(f"{reverse('reports:briefings')}?org={b.org_id}")
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, f"{b.title}-{b.issue_no}.pdf") or ""
    return response


@login_required
@require_POST
def subscribe(request: HttpRequest) -> HttpResponse:
    org = access_org(request.user, request.POST.get("org"), Cap.RECORDS)
    template = None
    if request.POST.get("template"):
        template = get_object_or_404(selectors.template_list(actor=request.user, org=org), pk=request.POST["template"])
    active = request.POST.get("active") == "1"
    services.subscription_set(actor=request.user, org=org, active=active, template=template)
    if active:
        messages.success(request, _("A briefing will be issued every Monday for the week before."))
    else:
        messages.success(request, _("The weekly briefing has been stopped."))
    return redirect(f"{reverse('reports:briefings')}?org={org.pk}")


@login_required
def templates(request: HttpRequest) -> HttpResponse:
    org = _org(request)
    return render(
        request,
        "reports/templates.html",
        {
            "org": org,
            "templates": selectors.template_list(actor=request.user, org=org),
            "can_edit": can(request.user, org, Cap.STRUCTURE),
        },
    )


@login_required
def template_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    template = None
    if pk is not None:
        template = get_object_or_404(BriefingTemplate.objects.filter(scope_q(request.user, "org__path")), pk=pk)
        org = access_org(request.user, template.org_id, Cap.STRUCTURE)
    else:
        org = _org(request, Cap.STRUCTURE)
    form = TemplateForm(request.POST or None, instance=template)
    if request.method == "POST" and form.is_valid():
        services.template_save(
            actor=request.user,
            org=org,
            template=template,
            sentences=form.sentences(),
            **{k: form.cleaned_data[k] for k in ["name", "title_pattern", "issuer", "intro"]},
        )
        messages.success(request, _("Template saved."))
        return redirect(f"{reverse('reports:templates')}?org={org.pk}")
    return render(request, "reports/template_edit.html", {"org": org, "form": form, "template": template})
