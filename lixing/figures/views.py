from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from lixing.orgs.access import access_org, home_org

from . import registry
from .periods import Period
from .selectors import figure_records, figure_values


@login_required
def records(request: HttpRequest, key: str) -> HttpResponse:
    """The records behind one figure, for an organisation's subtree and a period."""
    try:
        figure = registry.get(key)
        period = Period.parse(request.GET.get("period"))
    except (KeyError, ValueError):
        raise Http404(key) from None
    org = access_org(request.user, request.GET.get("org") or getattr(home_org(request.user), "pk", None))
    value = figure_values(actor=request.user, orgs=[org], period=period, figures=[figure])[org.pk][key]
    qs = figure_records(actor=request.user, org=org, period=period, key=key)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    rows = [
        ([fn(obj) for _label, fn in figure.columns], figure.record_url(obj) if figure.record_url else None)
        for obj in page.object_list
    ]
    return render(
        request,
        "figures/records.html",
        {
            "figure": figure,
            "value": value,
            "org": org,
            "period": period,
            "page": page,
            "headers": [label for label, _fn in figure.columns],
            "rows": rows,
        },
    )


@login_required
def tiles(request: HttpRequest) -> HttpResponse:
    """The figure tiles of an organisation's home page (loaded into the page by htmx)."""
    try:
        period = Period.parse(request.GET.get("period"))
    except ValueError:
        raise Http404(request.GET.get("period")) from None
    org = access_org(request.user, request.GET.get("org") or getattr(home_org(request.user), "pk", None))
    figures = registry.all_figures()
    values = figure_values(actor=request.user, orgs=[org], period=period, figures=figures)[org.pk]
    return render(
        request,
        "figures/tiles.html",
        {"org": org, "period": period, "tiles": [(f, values[f.key]) for f in figures]},
    )
