"""The daily escalation run for every registered source (campaign tasks, tickets, …).

Idempotent: run it as often as you like, each step happens once. Deployment: a systemd
timer or a cron line once a day, e.g.
``15 6 * * * cd /srv/lixing && .venv/bin/python manage.py escalate``.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from lixing.escalation.registry import escalation_sources
from lixing.escalation.services import escalate_run


def parse_today(raw: str | None) -> datetime.date:
    try:
        return datetime.date.fromisoformat(raw) if raw else timezone.localdate()
    except ValueError as exc:
        raise CommandError(f"--today must be YYYY-MM-DD: {exc}") from exc


class Command(BaseCommand):
    help = "Escalate late work of every registered source: reminder → supervision notice → monthly listing."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--today", help="Treat this date (YYYY-MM-DD) as today.")
        parser.add_argument("--source", action="append", help="Only this source (repeatable), e.g. deeds.ticket.")

    def handle(self, *args: Any, **options: Any) -> None:
        today = parse_today(options["today"])
        known = escalation_sources()
        for key in options["source"] or []:
            if key not in known:
                raise CommandError(f"Unknown source {key!r}; known: {', '.join(sorted(known))}")
        for result in escalate_run(today=today, sources=options["source"]):
            self.stdout.write(f"{today.isoformat()} {result}")
