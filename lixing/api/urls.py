"""The JSON API, version 1. Each app owns a router in its ``api.py``; they are wired here."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI

from .auth import AUTH

api = NinjaAPI(
    title="Lixing API",
    version="1",
    description="力行 — campaigns, study, quizzes and practical deeds. Every call sees only the caller's subtree.",
    auth=AUTH,
    urls_namespace="api-1",
)


@api.exception_handler(ValidationError)
def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    detail = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return api.create_response(request, {"detail": detail}, status=400)


@api.exception_handler(PermissionDenied)
def permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc) or "forbidden"}, status=403)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc) or "not found"}, status=404)


api.add_router("/orgs/", "lixing.orgs.api.router")
api.add_router("/campaigns/", "lixing.campaigns.api.router")
api.add_router("/study/", "lixing.study.api.router")
api.add_router("/quizzes/", "lixing.quizzes.api.router")
api.add_router("/deeds/", "lixing.deeds.api.router")
api.add_router("/indicators/", "lixing.indicators.api.router")
api.add_router("/projects/", "lixing.projects.api.router")
api.add_router("/publicity/", "lixing.publicity.api.router")
api.add_router("/contests/", "lixing.contests.api.router")
api.add_router("/reports/", "lixing.reports.api.router")
