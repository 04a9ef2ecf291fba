"""Write a campaign's weekly report (一周一报) as .docx — for a weekly timer, e.g. cron
``0 7 * * 1 cd /srv/lixing && .venv/bin/python manage.py make_weekly_report --campaign 1 --out /srv/reports/``."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from lixing.campaigns.documents import weekly_docx
from lixing.campaigns.models import Campaign
from lixing.campaigns.selectors import weekly_report
from lixing.figures.periods import Period
from lixing.orgs.access import SYSTEM


class Command(BaseCommand):
    help = "Compile a campaign's weekly report (default: last week) and write it as .docx."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--campaign", type=int, required=True)
        parser.add_argument("--week", help="ISO week such as 2021W23 (default: the week before today).")
        parser.add_argument("--out", default=".", help="Folder (or .docx file) to write.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            campaign = Campaign.objects.select_related("org").get(pk=options["campaign"])
            week = (
                options["week"] or Period.containing(timezone.localdate() - datetime.timedelta(days=7), "week").bucket
            )
            period = Period.parse(week)
        except (Campaign.DoesNotExist, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        if period.kind != "week":
            raise CommandError("--week must be an ISO week such as 2021W23")
        report = weekly_report(actor=SYSTEM, campaign=campaign, period=period)
        out = Path(options["out"])
        path = out if out.suffix == ".docx" else out / f"weekly-{campaign.pk}-{period.bucket}.docx"
        path.write_bytes(weekly_docx(report))
        self.stdout.write(f"{path} moved={len(report.moved)} finished={len(report.finished)} late={len(report.late)}")
