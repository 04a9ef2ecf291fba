from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lixing.orgs.access import Cap, paths_with

from . import audit_words, selectors, services
from .forms import AuditFilterForm, TokenForm


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    if not paths_with(request.user, Cap.AUDIT):
        raise PermissionDenied(_("Only auditors can read the audit log."))
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    entries = selectors.audit_list(actor=request.user, **{k: v for k, v in filters.items() if v})
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    rows = [audit_words.in_words(e) for e in page.object_list]
    return render(request, "accounts/audit_log.html", {"form": form, "page": page, "rows": rows})


@login_required
def access_log(request: HttpRequest) -> HttpResponse:
    if not paths_with(request.user, Cap.AUDIT):
        raise PermissionDenied(_("Only auditors can read the access log."))
    page = Paginator(selectors.access_list(actor=request.user), 50).get_page(request.GET.get("page"))
    return render(request, "accounts/access_log.html", {"page": page})


@login_required
def tokens(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    raw = None
    if request.method == "POST" and form.is_valid():
        _token, raw = services.token_create(actor=request.user, user=request.user, name=form.cleaned_data["name"])  # type: ignore[arg-type]
        messages.success(request, _("Token created. Copy it now: it will not be shown again."))
    user_tokens = request.user.api_tokens.filter(revoked_at__isnull=True).order_by("-created_at")  # type: ignore[union-attr]
    return render(request, "accounts/tokens.html", {"form": form, "raw": raw, "tokens": user_tokens})


@login_required
@require_POST
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    token = request.user.api_tokens.filter(pk=token_id, revoked_at__isnull=True).first()  # type: ignore[union-attr]
    if token is not None:
        services.token_revoke(actor=request.user, token=token)
        messages.success(request, _("Token revoked."))
    return redirect("accounts:tokens")
