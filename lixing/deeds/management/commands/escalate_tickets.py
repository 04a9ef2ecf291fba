"""Flag late problems and escalate them: a reminder once, then a supervision notice once.

A thin alias of ``manage.py escalate --source deeds.ticket`` (the shared escalation ladder),
kept for existing cron lines and its output. Idempotent: run it as often as you like (a deployment runs it daily, e.g. a cron line
``15 7 * * * cd /srv/lixing && .venv/bin/python manage.py escalate_tickets`` or a systemd
timer). Each step touches only tickets whose step has not happened yet.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from lixing.orgs.access import SYSTEM

from ...services import tickets_escalate


class Command(BaseCommand):
    help = "Flag late problems (tickets); send each one reminder, then one supervision notice."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--today", type=datetime.date.fromisoformat, default=None,
                            help="Treat this date (YYYY-MM-DD) as today (for catching up or tests).")  # fmt: skip

    def handle(self, *args: Any, **options: Any) -> None:
        result = tickets_escalate(actor=SYSTEM, today=options["today"])
        self.stdout.write(
            f"late flagged: {result.flagged}, reminders: {result.reminded}, supervision notices: {result.supervised}"
        )
