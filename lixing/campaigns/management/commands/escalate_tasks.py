"""Daily supervision run of campaign tasks: a thin alias of ``manage.py escalate --source
campaigns.assignment`` (the shared escalation ladder) that also takes ``--campaign``. Idempotent: run it as often as you like, each step happens once.

Deployment: a systemd timer or cron line once a day, e.g.
``15 6 * * * cd /srv/lixing && .venv/bin/python manage.py escalate_tasks``.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from lixing.campaigns.supervision import escalate


class Command(BaseCommand):
    help = "Escalate late campaign tasks: reminder → supervision notice → monthly listing (each once)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--today", help="Treat this date (YYYY-MM-DD) as today.")
        parser.add_argument("--campaign", type=int, help="Only this campaign's tasks.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            today = datetime.date.fromisoformat(options["today"]) if options["today"] else timezone.localdate()
        except ValueError as exc:
            raise CommandError(f"--today must be YYYY-MM-DD: {exc}") from exc
        result = escalate(today=today, campaign_id=options["campaign"])
        self.stdout.write(f"{today.isoformat()} {result}")
