"""Counter keys of contests: contests held (at the organiser), entries and secretaries' entries
(at the entry's unit, on the contest's date), and units that took part (a distinct count)."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from django.db.models import Count

from lixing.orgs.rollups import Bump, register_distinct

from .models import Contest, Entry, EntryKind

HELD = "contests.held"
ENTRIES = "contests.entries"
SECRETARIES = "contests.secretaries"
UNITS = "contests.units"

register_distinct(ENTRIES, UNITS)


def contest_bump(contest: Contest, sign: int) -> Bump:
    return Bump(contest.unit_id, contest.unit.path, HELD, contest.held_on, sign)


def entry_bumps(entry: Entry, contest: Contest, sign: int) -> list[Bump]:
    out = [Bump(entry.org_id, entry.org.path, ENTRIES, contest.held_on, sign)]
    if entry.kind == EntryKind.SECRETARY:
        out.append(Bump(entry.org_id, entry.org.path, SECRETARIES, contest.held_on, sign))
    return out


def contests_rollup_rows() -> Iterator[tuple[int, str, datetime.date | None, int]]:
    for unit_id, day, n in (
        Contest.objects.values_list("unit_id", "held_on").annotate(n=Count("id")).values_list("unit_id", "held_on", "n")
    ):
        yield unit_id, HELD, day, n
    for org_id, day, kind, n in (
        Entry.objects.values_list("org_id", "contest__held_on", "kind").annotate(n=Count("id"))
        .values_list("org_id", "contest__held_on", "kind", "n")
    ):  # fmt: skip
        yield org_id, ENTRIES, day, n
        if kind == EntryKind.SECRETARY:
            yield org_id, SECRETARIES, day, n
