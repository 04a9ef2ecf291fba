"""The JSON API, version 1. Each app owns a router in its ``api.py``; they are wired here."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.datastructures import MultiValueDict
from ninja import NinjaAPI
from ninja.errors import ValidationError as NinjaValidationError
from ninja.openapi.schema import OpenAPISchema
from ninja.parser import Parser

from .auth import AUTH

# What each error answer means; every operation documents those it can give (see
# ``LixingAPI.get_openapi_schema``), so a client — and the schemathesis test — knows them all.
ERROR_ANSWERS: dict[int, str] = {
    400: "The request was understood but refused by a rule of the platform (detail says which)",
    401: "No valid credentials: a missing, revoked or expired token, or no session",
    403: "Signed in, but without the right to do this here",
    404: "No such object, or not in the caller's subtree (the two are not told apart)",
    409: "The object is not in a state that allows this",
    422: "The body or parameters do not match the schema (types are strict: true is not an id)",
    429: "Too many requests from this address or phone; try again later",
}
ERROR_SCHEMA: dict[str, Any] = {
    "title": "Error",
    "type": "object",
    "properties": {"detail": {"title": "Detail", "description": "a message, or the fields and their errors"}},
    "required": ["detail"],
}


def document_errors(schema: dict[str, Any]) -> dict[str, Any]:
    """Add the error answers each operation can give to its ``responses``.

    Every operation may answer 404 (an id, a code, or the caller's home organisation that is
    not there) and 400 (a rule refused it); one with parameters or a body 422 (schema);
    one behind authentication 401 and 403.
    """
    schema.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    ref = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for item in schema.get("paths", {}).values():
        for method, op in item.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            codes = {400, 404}
            if op.get("parameters") or op.get("requestBody"):
                codes.add(422)
            if op.get("security"):
                codes |= {401, 403}
            responses = op.setdefault("responses", {})
            for code in sorted(codes):
                responses.setdefault(code, {"description": ERROR_ANSWERS[code], "content": ref})
    return schema


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(v) for v in value)
    return False


class NulRefusingParser(Parser):
    """JSON bodies and query strings with a NUL character are refused (400/422) at the edge, as
    Django's form fields do: PostgreSQL cannot store one, and no user means to send it."""

    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        data = super().parse_body(request)
        if _has_nul(data):
            raise NinjaValidationError([{"loc": ["body"], "msg": "NUL characters are not allowed", "type": "value_error"}])
        return data

    def parse_querydict(self, data: MultiValueDict, list_fields: list[str], request: HttpRequest) -> dict[str, Any]:
        result = super().parse_querydict(data, list_fields, request)
        if _has_nul(result):
            raise NinjaValidationError([{"loc": ["query"], "msg": "NUL characters are not allowed", "type": "value_error"}])
        return result


class LixingAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix: str | None = None, path_params: Any = None) -> OpenAPISchema:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        document_errors(schema)
        return schema


api = LixingAPI(
    title="Lixing API",
    version="1",
    description="力行 — campaigns, study, quizzes and practical deeds. Every call sees only the caller's subtree.",
    auth=AUTH,
    urls_namespace="api-1",
    parser=NulRefusingParser(),
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
