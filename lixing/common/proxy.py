"""The client's address behind a reverse proxy.

Behind nginx every request comes from the proxy's address, so per-address rate limits on the
public forms would count all residents as one. nginx sends the real peer in ``X-Real-IP``
(``proxy_set_header X-Real-IP $remote_addr``, deploy/nginx.conf.template); this middleware
believes it only when the request really came from a proxy listed in
``LIXING_TRUSTED_PROXIES`` — otherwise any client could choose its own address.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse


class TrustedProxyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        trusted: list[str] = getattr(settings, "LIXING_TRUSTED_PROXIES", [])
        real = request.META.get("HTTP_X_REAL_IP", "").strip()
        if real and request.META.get("REMOTE_ADDR") in trusted:
            request.META["REMOTE_ADDR"] = real
        return self.get_response(request)
