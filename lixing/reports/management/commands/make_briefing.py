"""python manage.py make_briefing --org ID --from DATE --to DATE --out FILE.docx [--template ID] [--user NAME] [--file]"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lixing.imports.sheets import parse_date


class Command(BaseCommand):
    help = (
        "Write the briefing (.docx) of an organisation's subtree for a date range. The range is "
        "mapped onto a calendar bucket (exact week, month, quarter or year; else the smallest "
        "that holds it; no --from: all time up to --to)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--org", type=int, required=True, help="organisation id")
        parser.add_argument("--from", dest="start", help="first day, e.g. 2026-11-09 (omit for all time)")
        parser.add_argument("--to", dest="end", required=True, help="last day, e.g. 2026-11-15 (the 截至 date)")
        parser.add_argument("--out", required=True, help="the .docx file to write")
        parser.add_argument("--template", type=int, help="briefing template id")
        parser.add_argument("--user", help="write it as this user (sees only their subtree)")
        parser.add_argument("--file", action="store_true", help="also file it in the archive as the next issue")

    def handle(self, *args: Any, **options: Any) -> None:
        from lixing.orgs.access import access_org
        from lixing.orgs.commands import command_actor
        from lixing.reports.selectors import template_list
        from lixing.reports.services import briefing_build, briefing_issue, period_for_range

        actor = command_actor(options.get("user"))
        try:
            start = parse_date(options.get("start"))
            end = parse_date(options["end"])
            assert end is not None
            period, exact = period_for_range(start, end)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        try:
            org = access_org(actor, options["org"])
        except Exception as exc:
            raise CommandError(f"no organisation {options['org']} for this user") from exc
        template = None
        if options.get("template"):
            template = template_list(actor=actor, org=org).filter(pk=options["template"]).first()
            if template is None:
                raise CommandError(f"no briefing template {options['template']}")
        if not exact:
            self.stderr.write(f"the range is not one calendar bucket: using {period.bucket} ({period.label()})")
        if options["file"]:
            briefing = briefing_issue(actor=actor, org=org, period=period, template=template, as_of=end)
            with briefing.file.open("rb") as fh:
                data = fh.read()
            title = briefing.title
        else:
            data, title = briefing_build(actor=actor, org=org, period=period, template=template, as_of=end)
        Path(options["out"]).write_bytes(data)
        self.stdout.write(f"{title} · {period.bucket} → {options['out']}")
