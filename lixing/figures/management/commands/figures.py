"""python manage.py figures [--org ID] [--period P] [--user NAME] [--json]"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ...periods import Period
from ...registry import all_figures
from ...selectors import figure_values


class Command(BaseCommand):
    help = "Print every registered figure for an organisation subtree and a period."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--org", type=int, help="organisation id (default: the root)")
        parser.add_argument("--period", default="all", help="all, 2021, 2021Q2, 2021-04 or 2021W15")
        parser.add_argument("--user", help="run as this user (sees only their subtree)")
        parser.add_argument("--json", action="store_true", help="print JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        from lixing.orgs.access import access_org, home_org
        from lixing.orgs.commands import command_actor

        actor = command_actor(options.get("user"))
        try:
            period = Period.parse(options["period"])
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        if options.get("org"):
            org = access_org(actor, options["org"])
        else:
            home = home_org(actor)
            if home is None:
                raise CommandError("no organisations yet: run `python manage.py demo` first")
            org = home
        figures = all_figures()
        values = figure_values(actor=actor, orgs=[org], period=period, figures=figures)[org.pk]
        if options["json"]:
            payload = {
                "org": {"id": org.pk, "name": org.name},
                "period": period.bucket,
                "figures": [
                    {"key": f.key, "label": str(f.label), "group": f.group, **values[f.key].as_dict()} for f in figures
                ],
            }
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"{org.name} · {period.label()}")
        for f in figures:
            self.stdout.write(f"  {f.label}: {values[f.key].display()}")
