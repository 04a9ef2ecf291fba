"""python manage.py demo [--preset district|province] [--if-empty] [--reset] [--seed N] [--today DATE]

Builds the organisation tree, the roster and the demo users, then calls every builder the
lines of work registered (:func:`lixing.common.demo.demo_builders`) with a
:class:`~lixing.common.demo.DemoContext`. Deterministic for a given seed and date.
"""

from __future__ import annotations

import datetime
import random
import time
import traceback
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from lixing.common.demo import DemoContext, demo_builders
from lixing.orgs.models import Organization

from ...district import DEMO_PASSWORD, build_district
from ...province import build_province


class Command(BaseCommand):
    help = "Load the demo district (or the province-sized benchmark data) with users for every role."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--preset", choices=["district", "province"], default="district")
        parser.add_argument("--if-empty", action="store_true", help="do nothing when organisations already exist")
        parser.add_argument("--reset", action="store_true", help="delete ALL data in the database first")
        parser.add_argument("--seed", type=int, default=2021)
        parser.add_argument("--today", help="the date the demo treats as today (YYYY-MM-DD; default: today)")
        parser.add_argument("--members", type=int, default=1_000_000, help="province preset: number of members")
        parser.add_argument("--strict", action="store_true", help="stop at the first builder that fails")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        preset: str = options["preset"]
        if Organization.objects.exists():
            if options["if_empty"]:
                self.stdout.write("Demo data already present (organisations exist): nothing to do.")
                return
            if not options["reset"]:
                raise CommandError(
                    "The database already holds organisations. Run with --reset to delete ALL data and "
                    "rebuild the demo, or with --if-empty to keep what is there."
                )
            self.stdout.write("Deleting all data (--reset)…")
            call_command("flush", interactive=False, verbosity=0)
        try:
            today = datetime.date.fromisoformat(options["today"]) if options["today"] else timezone.localdate()
        except ValueError as exc:
            raise CommandError(f"--today must be YYYY-MM-DD: {exc}") from exc
        seed: int = options["seed"]
        rng = random.Random(seed)
        extra: dict[str, Any] = {}
        self.stdout.write(f"Building the {preset} demo (seed {seed}, today {today})…")
        if preset == "district":
            built = build_district(rng=rng, today=today, say=self.stdout.write)
            root = built.root
            extra = {
                "users": built.users,
                "committee_ids": [c.pk for c in built.committees],
                "branch_ids": [b.pk for b in built.branches],
            }
        else:
            root = build_province(rng=rng, today=today, say=self.stdout.write, members=options["members"])
        failures = self._run_builders(preset, seed, root.pk, today, extra, strict=options["strict"])
        self.stdout.write(f"Done in {time.monotonic() - started:.1f}s.")
        if preset == "district":
            self._print_logins()
        if failures:
            self.stderr.write(self.style.WARNING("Some demo parts failed: " + ", ".join(failures)))

    def _run_builders(
        self, preset: str, seed: int, root_id: int, today: datetime.date, extra: dict[str, Any], *, strict: bool
    ) -> list[str]:
        failures: list[str] = []
        for name, builder in demo_builders():
            t = time.monotonic()
            context = DemoContext(preset=preset, rng=random.Random(f"{seed}:{name}"), root_id=root_id, today=today,
                                  stdout=self.stdout, extra=extra)  # fmt: skip
            try:
                with transaction.atomic():
                    builder(context)
            except Exception as exc:
                if strict:
                    raise
                failures.append(name)
                self.stderr.write(self.style.WARNING(f"  {name}: FAILED ({exc!r}); continuing without it"))
                self.stderr.write(traceback.format_exc())
                continue
            self.stdout.write(f"  {name}: {time.monotonic() - t:.1f}s")
        return failures

    def _print_logins(self) -> None:
        w = self.stdout.write
        w("")
        w(self.style.SUCCESS("The demo district is ready. Open http://127.0.0.1:8000 and sign in as:"))
        rows = [
            ("admin", "district admin (whole district: 大榭开发区党工委)"),
            ("unitadmin", "unit admin (大榭街道党工委)"),
            ("secretary", "branch secretary (海湾社区第一党支部)"),
            ("member", "member (海湾社区第一党支部)"),
            ("auditor", "auditor (reads the audit log)"),
            ("member01 … member40", "members with phone accounts"),
            ("secretary01 … secretary10", "secretaries of other branches"),
        ]
        for username, what in rows:
            w(f"  {username:<28} {what}")
        w(f"Password for every demo account: {DEMO_PASSWORD}")
