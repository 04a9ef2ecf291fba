"""python manage.py recover_imports

Mark failed every import job whose runner died (a worker killed mid-import), with a message
and the offer to check the file again. Safe to run at any time and from cron (every few
minutes); the job pages do the same for the job they show."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from lixing.imports.services import import_recover_all


class Command(BaseCommand):
    help = "Mark failed the import jobs whose worker died (they would otherwise stay running)."

    def handle(self, *args: Any, **options: Any) -> None:
        n = import_recover_all()
        self.stdout.write(f"{n} stopped import job(s) marked failed")
