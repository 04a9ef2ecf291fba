"""Roll-up counter keys of the quizzes app, the bumps a result makes, and the rebuild source.

Flows (bucketed by the local day of the result): competition entries and their summed
scores (in tenths of a point, so an average is one division), spot-check draws and spot
checks taken, practice reviews. Per paper (bucket "all" only): entries and score sums, so a
competition's table by unit is one query whatever the subtree's size.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

from django.db.models import Count, Sum

from lixing.orgs.models import Organization
from lixing.orgs.rollups import Bump, moved_bumps, removed_bumps

ENTRIES = "quizzes.entries"
SCORE = "quizzes.score_tenths"
SPOT_DRAWN = "quizzes.spot_drawn"
SPOT_TAKEN = "quizzes.spot_taken"
PRACTICE_REVIEWS = "quizzes.practice_reviews"


def paper_entries(paper_id: int) -> str:
    return f"quizzes.p{paper_id}.entries"


def paper_score(paper_id: int) -> str:
    return f"quizzes.p{paper_id}.score"


def result_bumps(paper: object, org: Organization, day: datetime.date, *, entries: int, tenths: int) -> list[Bump]:
    from .models import Paper, PaperPurpose

    assert isinstance(paper, Paper)
    bumps = [
        Bump(org.pk, org.path, paper_entries(paper.pk), None, entries),
        Bump(org.pk, org.path, paper_score(paper.pk), None, tenths),
    ]
    if paper.purpose == PaperPurpose.COMPETITION:
        bumps += [Bump(org.pk, org.path, ENTRIES, day, entries), Bump(org.pk, org.path, SCORE, day, tenths)]
    elif paper.purpose == PaperPurpose.SPOT_CHECK:
        bumps.append(Bump(org.pk, org.path, SPOT_TAKEN, day, entries))
    return bumps


def rollup_source() -> Iterator[tuple[int, str, datetime.date | None, int]]:
    """Every quizzes counter recomputed from the records, aggregated in SQL."""
    from .models import PaperPurpose, PaperResult, PracticeReview, SpotCheckDraw

    rows = (
        PaperResult.objects.values("org_id", "day", "paper_id", "paper__purpose")
        .annotate(n=Count("id"), s=Sum("score_tenths"))
        .order_by()
    )
    for row in rows:
        org_id, day, paper_id, n, s = row["org_id"], row["day"], row["paper_id"], row["n"], row["s"] or 0
        yield org_id, paper_entries(paper_id), None, n
        yield org_id, paper_score(paper_id), None, s
        if row["paper__purpose"] == PaperPurpose.COMPETITION:
            yield org_id, ENTRIES, day, n
            yield org_id, SCORE, day, s
        elif row["paper__purpose"] == PaperPurpose.SPOT_CHECK:
            yield org_id, SPOT_TAKEN, day, n
    for row in SpotCheckDraw.objects.values("org_id", "spot_check__drawn_day").annotate(n=Count("id")).order_by():
        yield row["org_id"], SPOT_DRAWN, row["spot_check__drawn_day"], row["n"]
    for row in PracticeReview.objects.values("org_id", "day").annotate(n=Count("id")).order_by():
        yield row["org_id"], PRACTICE_REVIEWS, row["day"], row["n"]


def _member_rows(
    member_id: int, exclude_org: Organization | None
) -> tuple[list[tuple[int, str, str, datetime.date | None, int]], Any, Any, Any]:
    """(org, path, key, day, count) rows of a member's results, draws and practice (those not
    already at ``exclude_org``), and the three querysets they come from."""
    from .models import PaperPurpose, PaperResult, PracticeReview, SpotCheckDraw

    rows: list[tuple[int, str, str, datetime.date | None, int]] = []
    results = PaperResult.objects.filter(member_id=member_id)
    draws = SpotCheckDraw.objects.filter(member_id=member_id)
    reviews = PracticeReview.objects.filter(member_id=member_id)
    if exclude_org is not None:
        results = results.exclude(org=exclude_org)
        draws = draws.exclude(org=exclude_org)
        reviews = reviews.exclude(org=exclude_org)
    for org_id, path, day, paper_id, purpose, tenths in results.values_list(
        "org_id", "org__path", "day", "paper_id", "paper__purpose", "score_tenths"
    ):
        rows += [(org_id, path, paper_entries(paper_id), None, 1), (org_id, path, paper_score(paper_id), None, tenths)]
        if purpose == PaperPurpose.COMPETITION:
            rows += [(org_id, path, ENTRIES, day, 1), (org_id, path, SCORE, day, tenths)]
        elif purpose == PaperPurpose.SPOT_CHECK:
            rows.append((org_id, path, SPOT_TAKEN, day, 1))
    for org_id, path, drawn_day in draws.values_list("org_id", "org__path", "spot_check__drawn_day"):
        rows.append((org_id, path, SPOT_DRAWN, drawn_day, 1))
    for org_id, path, day, n in (
        reviews.values_list("org_id", "org__path", "day")
        .annotate(n=Count("id"))
        .values_list("org_id", "org__path", "day", "n")
    ):
        rows.append((org_id, path, PRACTICE_REVIEWS, day, n))
    return rows, results, draws, reviews


def quizzes_member_moved(member_id: int, from_org: Organization, to_org: Organization) -> list[Bump]:
    """A member's results, spot-check draws and practice follow them to their new
    organisation (the record's organisation is updated with its counters), so a unit's
    participation (entries ÷ members) and spot checks taken ÷ drawn count the same people."""
    rows, results, draws, reviews = _member_rows(member_id, to_org)
    results.update(org=to_org)
    draws.update(org=to_org)
    reviews.update(org=to_org)
    return moved_bumps(rows, to_org)


def quizzes_member_removed(member_id: int, org: Organization) -> list[Bump]:
    """Before a member is deleted: their results, draws and practice go with them."""
    return removed_bumps(_member_rows(member_id, None)[0])
