"""python manage.py import_members FILE --org ID [--dry-run] [--user USERNAME]

Imports a roster spreadsheet into the subtree of organisation ID, all or nothing, with the
same importer as the upload page. Prints every bad row and the counts; exits non-zero when
a row is bad (nothing is written then).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http import Http404

from lixing.imports.services import import_run
from lixing.orgs.access import Cap, access_org
from lixing.orgs.commands import command_actor


class Command(BaseCommand):
    help = "Import a member roster (.xlsx, .xls, .ods or .csv in UTF-8 or GBK) into an organisation's subtree, all or nothing."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--org", type=int, required=True, help="id of the organisation to import into")
        parser.add_argument("--dry-run", action="store_true", help="check every row, write nothing")
        parser.add_argument("--user", help="act as this user (scoped as on the pages); default: system")

    def handle(self, *args: Any, **opts: Any) -> None:
        path: Path = opts["file"]
        if not path.is_file():
            raise CommandError(f"no such file: {path}")
        actor = command_actor(opts["user"])
        try:
            org = access_org(actor, opts["org"], Cap.STRUCTURE)
            outcome = import_run(actor=actor, kind="members", org=org, source=path, dry_run=opts["dry_run"],
                                 name=path.name)  # fmt: skip
        except (Http404, PermissionDenied) as exc:
            raise CommandError(str(exc)) from None
        for e in outcome.errors:
            self.stderr.write(f"第{e.row}行 {e.column}：{e.message}" if e.row else e.message)
        summary = f"create={outcome.create} update={outcome.update} skip={outcome.skip} errors={len(outcome.errors)}"
        if outcome.errors:
            raise CommandError(f"{len(outcome.errors)} rows with errors; nothing was imported. {summary}")
        self.stdout.write(f"{summary} ({'dry run: nothing written' if opts['dry_run'] else 'imported'})")
