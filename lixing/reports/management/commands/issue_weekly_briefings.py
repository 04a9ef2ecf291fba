"""python manage.py issue_weekly_briefings [--week 2026W47] [--enqueue]

Run it every Monday morning (cron or a systemd timer, see docs/decisions/reports-weekly.md).
Idempotent: a unit's issue for a week is filed once, however often the command runs.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from lixing.figures.periods import Period


def last_complete_week(today: datetime.date) -> Period:
    return Period.containing(today - datetime.timedelta(days=7), "week")


class Command(BaseCommand):
    help = "Issue the weekly briefing of every subscribed unit for a week (default: last week). Idempotent."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--week", help="ISO week such as 2026W47 (default: the last complete week)")
        parser.add_argument("--enqueue", action="store_true", help="run it as a background task (django-tasks)")

    def handle(self, *args: Any, **options: Any) -> None:
        from lixing.reports.services import issue_weekly_briefings
        from lixing.reports.tasks import issue_weekly_briefings_task

        try:
            week = Period.parse(options["week"]) if options.get("week") else last_complete_week(timezone.localdate())
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        if week.kind != "week":
            raise CommandError("--week must be an ISO week such as 2026W47")
        if options["enqueue"]:
            result = issue_weekly_briefings_task.enqueue(week.bucket)
            self.stdout.write(f"enqueued {week.bucket}: {result.id}")
            return
        outcome = issue_weekly_briefings(week=week)
        for b in outcome.issued:
            self.stdout.write(f"issued {b.org} No. {b.issue_no} ({week.bucket})")
        self.stdout.write(f"{week.bucket}: {len(outcome.issued)} issued, {len(outcome.skipped)} already there")
