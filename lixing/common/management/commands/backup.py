"""python manage.py backup [--out DIR] [--keep N] — the database and uploaded files in one archive."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from lixing.common.backup import BackupError, backup_create, backup_prune


class Command(BaseCommand):
    help = "Back up the database (pg_dump custom format, or SQLite's online backup) and uploaded files."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", type=Path, help="folder for the archive (default: var/backups)")
        parser.add_argument("--keep", type=int, default=0, help="then delete all but the newest N archives there")

    def handle(self, *args: Any, **options: Any) -> None:
        out = options["out"] or Path(settings.VAR_DIR) / "backups"
        try:
            archive = backup_create(out_dir=out)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(str(archive))
        if options["keep"]:
            for gone in backup_prune(out_dir=out, keep=options["keep"]):
                self.stderr.write(f"pruned {gone.name}")
