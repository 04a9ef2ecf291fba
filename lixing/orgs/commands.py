"""Helpers for management commands: who a command runs as."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError

from .access import SYSTEM


def command_actor(username: str | None) -> Any:
    """The user named by --user (scoped exactly as on the pages), or the system actor."""
    if not username:
        return SYSTEM
    from lixing.accounts.models import User

    try:
        return User.objects.get(username=username, is_active=True)
    except User.DoesNotExist:
        raise CommandError(f"no active user {username!r}") from None
