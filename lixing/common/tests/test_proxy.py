"""Behind nginx, the client's address comes from X-Real-IP — but only from a trusted proxy."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from lixing.common.proxy import TrustedProxyMiddleware


def _seen_address(**meta: str) -> str:
    seen: dict[str, str] = {}

    def view(request: HttpRequest) -> HttpResponse:
        seen["addr"] = request.META["REMOTE_ADDR"]
        return HttpResponse()

    request = RequestFactory().get("/")
    request.META.update(meta)
    TrustedProxyMiddleware(view)(request)
    return seen["addr"]


def test_a_trusted_proxy_names_the_client(settings: Any) -> None:
    settings.LIXING_TRUSTED_PROXIES = ["127.0.0.1"]
    assert _seen_address(REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP="203.0.113.7") == "203.0.113.7"


def test_a_client_cannot_choose_its_own_address(settings: Any) -> None:
    settings.LIXING_TRUSTED_PROXIES = ["127.0.0.1"]
    assert _seen_address(REMOTE_ADDR="198.51.100.2", HTTP_X_REAL_IP="203.0.113.7") == "198.51.100.2"


def test_without_trusted_proxies_the_header_is_ignored(settings: Any) -> None:
    settings.LIXING_TRUSTED_PROXIES = []
    assert _seen_address(REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP="203.0.113.7") == "127.0.0.1"
