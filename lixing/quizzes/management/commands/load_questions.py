"""Load the shipped question bank (or another JSON file of the same shape) into a bank.

    python manage.py load_questions [--org ID] [--file path.json]

Idempotent: questions are keyed by their code, so running it again changes nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from lixing.orgs.access import SYSTEM
from lixing.orgs.models import Organization
from lixing.quizzes.demo import DATA, ensure_bank


class Command(BaseCommand):
    help = "Load the 党史 / 二十大 question bank from its JSON data file (idempotent)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--org", type=int, help="owner organisation id (default: the root)")
        parser.add_argument("--file", type=Path, default=DATA)

    def handle(self, *args: Any, **options: Any) -> None:
        org = (Organization.objects.filter(pk=options["org"]) if options["org"] else
               Organization.objects.filter(depth=1).order_by("path")).first()  # fmt: skip
        if org is None:
            raise CommandError("No organisation: build the tree first.")
        bank, outcome = ensure_bank(actor=SYSTEM, org=org, path=options["file"])
        self.stdout.write(f"{bank.name}: {outcome.created} created, {outcome.updated} updated, "
                          f"{outcome.unchanged} unchanged")  # fmt: skip
