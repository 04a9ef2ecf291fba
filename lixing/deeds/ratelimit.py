"""Per-IP limits for the public forms (no account, so the address is all there is).

Fixed windows kept in Django's cache: ``LIXING_PUBLIC_SUBMIT_LIMIT`` submissions per
``LIXING_PUBLIC_SUBMIT_WINDOW`` seconds per IP (defaults 5 per hour) for problems and
proposals, and ``LIXING_CODE_SEND_LIMIT`` codes per window per IP and per phone for voting.
With several server processes the cache must be shared (``LIXING_SHARED_CACHE=1`` selects
the database cache); with the default per-process memory cache each process counts alone.
See docs/decisions/deeds-public-intake.md.
"""

from __future__ import annotations

from django.core.cache import cache
from django.http import HttpRequest

from .models import setting


def client_ip(request: HttpRequest) -> str:
    # REMOTE_ADDR only: X-Forwarded-For is client-controlled unless a trusted proxy rewrites
    # REMOTE_ADDR (deployments behind a proxy set it there, e.g. with the proxy's real-ip module).
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def hit(scope: str, who: str, *, limit: int, window: int) -> bool:
    """Count one attempt; False when ``who`` has used up ``limit`` attempts in the window."""
    key = f"deeds:rl:{scope}:{who}"
    if cache.add(key, 1, timeout=window):
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window)
        return True
    return count <= limit


def allow_submission(request: HttpRequest) -> bool:
    return hit("submit", client_ip(request), limit=setting("LIXING_PUBLIC_SUBMIT_LIMIT", 5),
               window=setting("LIXING_PUBLIC_SUBMIT_WINDOW", 3600))  # fmt: skip


def allow_code(request: HttpRequest, phone: str) -> bool:
    limit, window = setting("LIXING_CODE_SEND_LIMIT", 5), setting("LIXING_PUBLIC_SUBMIT_WINDOW", 3600)
    return hit("code-ip", client_ip(request), limit=limit, window=window) and hit(
        "code-phone", phone, limit=limit, window=window
    )
