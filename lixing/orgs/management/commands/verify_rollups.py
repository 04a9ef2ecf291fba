"""python manage.py verify_rollups [--sample N [--depth D] [--seed S]] [--org ID]

Compares the live roll-up counters with what a rebuild would write
(:func:`lixing.orgs.rollups.rollup_verify`), writing nothing. Prints every difference and
exits non-zero if there is any, so cron mails it (see docs/architecture.md, "Scheduled
work"). On a large database, ``--sample N`` checks the subtrees of N organisations drawn at
random at depth D (default 2, the units under the top); ``--org`` checks one subtree.
"""

from __future__ import annotations

import random
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ...models import Organization
from ...rollups import rollup_verify

SHOWN = 200


class Command(BaseCommand):
    help = "Compare the live roll-up counters with a rebuild; exit non-zero on any difference."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--sample", type=int, help="check the subtrees of N organisations drawn at random")
        parser.add_argument("--depth", type=int, default=2, help="depth the sample is drawn at (default 2)")
        parser.add_argument("--seed", type=int, help="random seed of the sample (default: a fresh draw)")
        parser.add_argument("--org", type=int, action="append", dest="orgs", help="check this subtree (repeatable)")

    def handle(self, *args: Any, **options: Any) -> None:
        roots: list[Organization] | None = None
        if options.get("orgs"):
            roots = list(Organization.objects.filter(pk__in=options["orgs"]))
            if len(roots) != len(set(options["orgs"])):
                raise CommandError("unknown organisation id")
        elif options.get("sample"):
            if options["sample"] < 1:
                raise CommandError("--sample must be at least 1")
            ids = list(Organization.objects.filter(depth=options["depth"]).values_list("id", flat=True))
            if not ids:
                raise CommandError(f"no organisations at depth {options['depth']}")
            chosen = random.Random(options.get("seed")).sample(ids, min(options["sample"], len(ids)))
            roots = list(Organization.objects.filter(pk__in=chosen).order_by("path"))
        started = time.monotonic()
        differences = rollup_verify(roots=roots)
        elapsed = time.monotonic() - started
        scope = "all organisations" if roots is None else ", ".join(f"{r.name} (#{r.pk})" for r in roots)
        if not differences:
            self.stdout.write(f"Roll-ups match a rebuild ({scope}; {elapsed:.1f}s).")
            return
        names = dict(Organization.objects.filter(pk__in={d.org_id for d in differences}).values_list("id", "name"))
        self.stdout.write("org\tname\tkey\tbucket\tlive own/total\texpected own/total")
        for d in differences[:SHOWN]:
            self.stdout.write(
                f"{d.org_id}\t{names.get(d.org_id, '?')}\t{d.key}\t{d.bucket}\t"
                f"{d.live[0]}/{d.live[1]}\t{d.expected[0]}/{d.expected[1]}"
            )
        if len(differences) > SHOWN:
            self.stdout.write(f"… and {len(differences) - SHOWN} more")
        raise CommandError(
            f"{len(differences)} roll-up counters differ from a rebuild ({scope}); "
            "repair with `manage.py rebuild_rollups` and report the difference"
        )
