from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import selectors, services
from .access import Cap, access_member, access_org, can, home_org
from .models import OrgKind


@login_required
def home(request: HttpRequest) -> HttpResponse:
    org = home_org(request.user)
    if org is None:
        raise PermissionDenied(_("Your account has no organisation yet. Ask your administrator for one."))
    return redirect("orgs:detail", org.pk)


@login_required
def tree(request: HttpRequest) -> HttpResponse:
    root = access_org(request.user, request.GET.get("root") or getattr(home_org(request.user), "pk", None))
    node = selectors.org_tree(actor=request.user, root=root, max_depth=int(request.GET.get("depth", 3)))
    counts = [(OrgKind(k).label, n) for k, n in selectors.kind_counts(actor=request.user, org=root).items()]
    return render(request, "orgs/tree.html", {"root": root, "node": node, "counts": counts})


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
            "ancestors": org.get_ancestors(),
            "can_structure": can(request.user, org, Cap.STRUCTURE),
        },
    )


@login_required
def members(request: HttpRequest, org_id: int) -> HttpResponse:
    org = access_org(request.user, org_id)
    query = request.GET.get("q", "").strip()
    qs = selectors.member_list(actor=request.user, org=org, query=query)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    rows = [selectors.masked(actor=request.user, member=m) for m in page.object_list]
    return render(request, "orgs/members.html", {"org": org, "page": page, "rows": rows, "q": query})


@login_required
def member(request: HttpRequest, member_id: int) -> HttpResponse:
    m = access_member(request.user, member_id)
    return render(
        request,
        "orgs/member.html",
        {
            "m": selectors.masked(actor=request.user, member=m),
            "transfers": selectors.transfer_history(actor=request.user, member=m),
        },
    )


@login_required
@require_POST
def member_reveal(request: HttpRequest, member_id: int) -> HttpResponse:
    m = access_member(request.user, member_id)
    full = services.member_reveal(actor=request.user, member=m, context="page")
    return render(request, "orgs/_revealed.html", {"full": full})
