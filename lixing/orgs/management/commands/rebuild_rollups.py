"""python manage.py rebuild_rollups [--source NAME ...]

Recomputes every roll-up counter from the records (:func:`lixing.orgs.rollups.rollup_rebuild`).
Safe to run at any time (one transaction); use it after a bulk load that bypassed the
services, or to repair counters if a check ever finds them wrong.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ...rollups import rollup_rebuild, rollup_sources


class Command(BaseCommand):
    help = "Recompute every roll-up counter from the records."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--source", action="append", dest="sources", help="only this registered source (repeatable)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        sources: list[str] | None = options.get("sources")
        known = rollup_sources()
        if sources:
            unknown = sorted(set(sources) - set(known))
            if unknown:
                raise CommandError(f"unknown source(s): {', '.join(unknown)}; registered: {', '.join(sorted(known))}")
        started = time.monotonic()
        rows = rollup_rebuild(sources=sources)
        elapsed = time.monotonic() - started
        names = ", ".join(sources or sorted(known))
        self.stdout.write(f"Rebuilt roll-ups from {names}: {rows:,} rows in {elapsed:.1f}s.")
