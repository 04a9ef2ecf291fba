"""Indicator pages: the set's table (derived numbers with their inputs, trend, by unit),
entering values, the reporting status with approval. Thin: selectors and services only."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lixing.figures.registry import today
from lixing.orgs.access import Cap, access_org, can, home_org, visible_orgs

from . import periods, selectors, services
from .forms import IndicatorForm, IndicatorSetForm, UnlockForm, ValuesForm
from .models import IndicatorSet


def _org_and_period(request: HttpRequest, iset: IndicatorSet, cap: Cap = Cap.VIEW) -> tuple[Any, str]:
    default = iset.office.pk if can(request.user, iset.office) else getattr(home_org(request.user), "pk", None)
    org = access_org(request.user, request.GET.get("org") or request.POST.get("org") or default, cap)
    period = (request.GET.get("period") or request.POST.get("period") or "").strip()
    try:
        periods.parse(period, iset.period_type)
    except ValueError:
        period = periods.latest_closed(iset.period_type, today())
    return org, period


def _back(name: str, iset: IndicatorSet, org: Any, period: str) -> HttpResponse:
    return redirect(reverse(name, args=[iset.pk]) + "?" + urlencode({"org": org.pk, "period": period}))


@login_required
def index(request: HttpRequest) -> HttpResponse:
    sets = selectors.indicator_sets(actor=request.user)
    home = home_org(request.user)
    can_define = home is not None and can(request.user, home, Cap.STRUCTURE)
    if len(sets) == 1 and not can_define:
        return redirect("indicators:set", sets[0].pk)
    return render(request, "indicators/index.html", {
        "sets": sets, "home": home, "can_define": can_define})  # fmt: skip


@login_required
def set_new(request: HttpRequest) -> HttpResponse:
    """The office defines a set: name, period type, days to report, who reports it."""
    office = access_org(request.user, request.GET.get("org") or getattr(home_org(request.user), "pk", None),
                        Cap.STRUCTURE)  # fmt: skip
    units = (
        visible_orgs(request.user).filter(path__startswith=office.path, depth__lte=office.depth + 3).order_by("path")
    )
    form = IndicatorSetForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        try:
            iset = services.indicator_set_create(actor=request.user, office=office, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect("indicators:indicator_new", iset.pk)
    return render(request, "indicators/set_form.html", {"office": office, "form": form})


@login_required
def indicator_new(request: HttpRequest, set_id: int) -> HttpResponse:
    """The office adds an indicator to a set (how it aggregates, its target and rules)."""
    iset = selectors.indicator_set_get(actor=request.user, set_id=set_id)
    access_org(request.user, iset.office.pk, Cap.STRUCTURE)
    form = IndicatorForm(request.POST or None, indicator_set=iset)
    if request.method == "POST" and form.is_valid():
        try:
            services.indicator_create(actor=request.user, indicator_set=iset, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Indicator added."))
            return redirect("indicators:indicator_new", iset.pk)
    return render(request, "indicators/indicator_form.html", {
        "iset": iset, "form": form, "indicators": selectors.indicators_of(iset)})  # fmt: skip


@login_required
def set_detail(request: HttpRequest, set_id: int) -> HttpResponse:
    iset = selectors.indicator_set_get(actor=request.user, set_id=set_id)
    org, period = _org_and_period(request, iset)
    table = selectors.indicator_table(actor=request.user, indicator_set=iset, org=org, period=period)
    chart = selectors.trend_chart(table, this_year=_("%(y)s (year)") % {"y": period[:4]},
                                  last_year=_("%(y)s (year)") % {"y": int(period[:4]) - 1})  # fmt: skip
    return render(request, "indicators/set.html", {
        "iset": iset, "org": org, "period": period, "table": table, "chart": chart,
        "previous": periods.previous(period, iset.period_type),
        "can_enter": can(request.user, org, Cap.RECORDS),
        "can_define": can(request.user, iset.office, Cap.STRUCTURE),
        "is_monthly": periods.kind_of(iset.period_type) == "month",
    })  # fmt: skip


@login_required
def entry(request: HttpRequest, set_id: int) -> HttpResponse:
    iset = selectors.indicator_set_get(actor=request.user, set_id=set_id)
    org, period = _org_and_period(request, iset, Cap.RECORDS)
    indicators = selectors.indicators_of(iset)
    current = selectors.own_values(actor=request.user, indicator_set=iset, org=org, period=period)
    form = ValuesForm(request.POST or None, indicators=indicators, current=current)
    if request.method == "POST" and form.is_valid():
        entries = [
            (ind, value, comment)
            for ind, value, comment in form.pairs()
            if value is not None and not (ind.pk in current and current[ind.pk].status == "approved")
        ]
        try:
            services.report_save(actor=request.user, org=org, period=period, entries=entries)
        except ValidationError as exc:
            form.add_error(None, "；".join(exc.messages))
        else:
            messages.success(request, _("Values saved."))
            return _back("indicators:set", iset, org, period)
    return render(request, "indicators/entry.html", {
        "iset": iset, "org": org, "period": period, "form": form,
        "period_label": periods.label(period, iset.period_type),
        "locked": any(v.status == "approved" for v in current.values()),
    })  # fmt: skip


@login_required
def status(request: HttpRequest, set_id: int) -> HttpResponse:
    iset = selectors.indicator_set_get(actor=request.user, set_id=set_id)
    org, period = _org_and_period(request, iset)
    report = selectors.reporting_status(actor=request.user, indicator_set=iset, org=org, period=period)
    approvable = {u.org.pk for u in report.units if services.may_approve(request.user, u.org)}
    return render(request, "indicators/status.html", {
        "iset": iset, "org": org, "period": period, "report": report, "approvable": approvable,
        "period_label": periods.label(period, iset.period_type), "unlock_form": UnlockForm(),
    })  # fmt: skip


@login_required
@require_POST
def approve(request: HttpRequest, set_id: int) -> HttpResponse:
    iset = selectors.indicator_set_get(actor=request.user, set_id=set_id)
    org, period = _org_and_period(request, iset)
    try:
        n = services.report_approve(actor=request.user, indicator_set=iset, org=org, period=period)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, _("%(n)s values approved and locked.") % {"n": n})
    return _back("indicators:status", iset, _parent_or(org), period)


@login_required
@require_POST
def unlock(request: HttpRequest, set_id: int) -> HttpResponse:
    iset = selectors.indicator_set_get(actor=request.user, set_id=set_id)
    org, period = _org_and_period(request, iset)
    form = UnlockForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the approved report is unlocked."))
    else:
        try:
            services.report_unlock(actor=request.user, indicator_set=iset, org=org, period=period,
                                   reason=form.cleaned_data["reason"])  # fmt: skip
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, _("Unlocked: %(org)s may revise its values.") % {"org": org.name})
    return _back("indicators:status", iset, _parent_or(org), period)


def _parent_or(org: Any) -> Any:
    return org.parent if org.parent_id else org
