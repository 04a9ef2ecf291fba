"""Close attempts whose time ran out, scoring the answers saved before the deadline.

Idempotent; run it every few minutes (cron: ``*/5 * * * * manage.py close_expired_attempts``
or a systemd timer). Pages also close an expired attempt when its member comes back.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from lixing.quizzes.services import attempts_expire_due


class Command(BaseCommand):
    help = "Close quiz attempts past their deadline (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"{attempts_expire_due()} attempts closed")
