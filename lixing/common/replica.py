"""Reads that may go to a streaming replica, and the rule that keeps users off stale data.

With ``LIXING_REPLICA_URL`` set, settings define a ``replica`` database and install
:class:`ReplicaRouter`. Only reads made inside :func:`replica_reads` go there: the middleware
opens that scope for the read-heavy pages named in ``LIXING_REPLICA_VIEWS`` (dashboard, wall
screen, figure tiles and drill-downs), and the briefing job opens it around the figures it
reads. Everything else — every write, every page that shows a form's result — reads the
primary.

A user who has just written must not read their own write from a replica that lags: any
unsafe request (POST, PUT, PATCH, DELETE) sets a short-lived cookie, and while it lives that
browser reads from the primary only (``LIXING_REPLICA_PIN_SECONDS``, default 10 s; streaming
replication on one network lags by milliseconds).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS
from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve

PIN_COOKIE = "lixing_primary"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

_replica_reads: ContextVar[bool] = ContextVar("lixing_replica_reads", default=False)


def replica_alias() -> str | None:
    """The configured replica's alias, or None when there is none."""
    alias: str | None = getattr(settings, "LIXING_READ_REPLICA", None)
    return alias or None


@contextmanager
def replica_reads() -> Iterator[None]:
    """Reads inside this block go to the replica (when one is configured)."""
    token = _replica_reads.set(True)
    try:
        yield
    finally:
        _replica_reads.reset(token)


@contextmanager
def primary_reads() -> Iterator[None]:
    """Reads inside this block go to the primary, even inside :func:`replica_reads`."""
    token = _replica_reads.set(False)
    try:
        yield
    finally:
        _replica_reads.reset(token)


class ReplicaRouter:
    """Reads in a replica scope go to the replica; every write, and every other read, to the primary."""

    def db_for_read(self, model: type, **hints: Any) -> str | None:
        alias = replica_alias()
        if alias and _replica_reads.get():
            return alias
        return None  # Django's default: the primary, or the database a related instance came from

    def db_for_write(self, model: type, **hints: Any) -> str:
        # Explicit, so that an object read from the replica is never saved back to it.
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        return True  # the replica holds the same rows as the primary

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        return False if db == replica_alias() else None


def _view_reads_replica(request: HttpRequest) -> bool:
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return False
    names: list[str] = getattr(settings, "LIXING_REPLICA_VIEWS", [])
    return match.view_name in names or f"{match.namespace}:*" in names


class ReplicaReadsMiddleware:
    """Opens a replica scope for the read-heavy pages, unless this browser wrote just now."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not replica_alias():
            return self.get_response(request)
        if request.method in SAFE_METHODS and PIN_COOKIE not in request.COOKIES and _view_reads_replica(request):
            with replica_reads():
                response = self.get_response(request)
        else:
            response = self.get_response(request)
        if request.method not in SAFE_METHODS:
            response.set_cookie(
                PIN_COOKIE,
                "1",
                max_age=settings.LIXING_REPLICA_PIN_SECONDS,
                httponly=True,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
        return response
