"""python manage.py export_members --org ID --out FILE [--full] [--user USERNAME]

Writes the roster of organisation ID's subtree to an .xlsx with the import's columns, so it
re-imports unchanged. ID numbers and phones are masked unless --full (needs the PII right;
every member exported in full is written to the access log).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http import Http404

from lixing.orgs.access import access_org
from lixing.orgs.commands import command_actor
from lixing.orgs.roster import roster_export


class Command(BaseCommand):
    help = "Export the member roster of an organisation's subtree to .xlsx."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--org", type=int, required=True)
        parser.add_argument("--out", type=Path, required=True)
        parser.add_argument("--full", action="store_true", help="unmasked ID numbers and phones (logged)")
        parser.add_argument("--user", help="act as this user (scoped as on the pages); default: system")

    def handle(self, *args: Any, **opts: Any) -> None:
        actor = command_actor(opts["user"])
        try:
            org = access_org(actor, opts["org"])
            body = roster_export(actor=actor, org=org, full=opts["full"], context="command")
        except (Http404, PermissionDenied) as exc:
            raise CommandError(str(exc)) from None
        out: Path = opts["out"]
        out.write_bytes(body)
        self.stdout.write(f"wrote {out} ({len(body)} bytes)")
