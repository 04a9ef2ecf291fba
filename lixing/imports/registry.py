"""Importers: one per kind of spreadsheet (roster, campaign plan, question bank …).

A line of work subclasses :class:`Importer` and registers an instance in its
``AppConfig.ready``. The generic flow — upload, check in the background with a progress
bar, preview every bad row, confirm, apply in one transaction — lives in this app.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise

from lixing.orgs.models import Organization

from .sheets import Column

Rows = Iterator[tuple[int, dict[str, Any]]]
Progress = Callable[[int], None]  # called with the number of rows processed so far


@dataclass(frozen=True)
class RowError:
    row: int
    column: str  # the Chinese header, as the user sees it
    message: str


@dataclass
class Outcome:
    """The result of checking (or applying) a file."""

    create: int = 0
    update: int = 0
    skip: int = 0
    errors: list[RowError] = field(default_factory=list)
    # A digest of the existing records the plan touches, as the importer read them: equal
    # at check and apply unless someone changed them in between (see import_apply).
    fingerprint: str = ""

    @property
    def ok(self) -> bool:
        return not self.errors


class Importer(ABC):
    kind: str
    label: Promise | str
    title: str  # sheet title of the template, Chinese
    columns: Sequence[Column]

    def header_of(self, field_name: str) -> str:
        return next((c.header for c in self.columns if c.field == field_name), field_name)

    @abstractmethod
    def check_access(self, *, actor: Any, org: Organization, options: dict[str, Any]) -> None:
        """Raise PermissionDenied unless ``actor`` may import into ``org``."""

    @abstractmethod
    def check(
        self, *, actor: Any, org: Organization, rows: Rows, options: dict[str, Any], progress: Progress
    ) -> Outcome:
        """Validate every row and count creates/updates/skips. Must not write."""

    @abstractmethod
    def apply(
        self, *, actor: Any, org: Organization, rows: Rows, options: dict[str, Any], progress: Progress
    ) -> Outcome:
        """Write the rows (the caller holds the transaction). If any row is bad, return the
        errors and write nothing: the caller rolls back."""

    def examples(self) -> Sequence[Sequence[Any]]:
        return ()


_IMPORTERS: dict[str, Importer] = {}


def register_importer(importer: Importer) -> None:
    _IMPORTERS[importer.kind] = importer


def get_importer(kind: str) -> Importer:
    return _IMPORTERS[kind]
