"""Reads of contests. Each takes the actor and returns only what they may see; the board is
computed in a fixed number of queries whatever the number of entries, judges and votes; the
published board takes no actor and carries nothing personal."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from lixing.orgs.access import Cap, can, scope_q

from . import scoring
from .models import Contest, Criterion, Entry, EntryKind, Judge, Round, Score, Vote


def contest_list(*, actor: Any) -> QuerySet[Contest]:
    """Contests organised in the actor's subtrees, or with an entry from them, or that the actor
    judges."""
    in_scope = Contest.objects.filter(scope_q(actor, "unit__path"))
    entered = Entry.objects.filter(scope_q(actor, "org__path")).values("contest_id")
    judged = Judge.objects.filter(user_id=getattr(actor, "pk", None) or 0).values("round__contest_id")
    return (
        Contest.objects.filter(pk__in=in_scope.values("pk")) | Contest.objects.filter(pk__in=entered)
        | Contest.objects.filter(pk__in=judged)
    ).select_related("unit").order_by("-held_on", "-id")  # fmt: skip


def contest_get(*, actor: Any, contest_id: Any, cap: Cap = Cap.VIEW) -> Contest:
    """404 unless the actor sees the organiser, an entry's unit, or judges it; 403 when ``cap``
    over the organiser is missing."""
    try:
        contest = Contest.objects.select_related("unit").get(pk=int(contest_id))
    except (Contest.DoesNotExist, TypeError, ValueError):
        raise Http404(_("No such contest.")) from None
    if cap != Cap.VIEW:
        if not can(actor, contest.unit, Cap.VIEW):
            raise Http404(_("No such contest."))
        if not can(actor, contest.unit, cap):
            raise PermissionDenied(_("You do not have permission to do this here."))
        return contest
    if not contest_list(actor=actor).filter(pk=contest.pk).exists():
        raise Http404(_("No such contest."))
    return contest


def entries_in_scope(*, actor: Any, contest: Contest) -> QuerySet[Entry]:
    """Entries the actor may see and edit: from their subtrees (all of them for the organiser)."""
    qs = Entry.objects.filter(contest=contest).select_related("org", "member")
    if can(actor, contest.unit, Cap.VIEW):
        return qs.order_by("order", "id")
    return qs.filter(scope_q(actor, "org__path")).order_by("order", "id")


def my_judging(*, actor: Any, contest: Contest) -> Judge | None:
    return (
        Judge.objects.filter(round__contest=contest, user_id=getattr(actor, "pk", None) or 0)
        .select_related("round", "unit", "round__contest", "round__contest__unit")
        .order_by("-round__number")
        .first()
    )


def judge_get(*, actor: Any, judge_id: Any) -> Judge:
    """The judge's own sheet only."""
    try:
        judge = Judge.objects.select_related("round", "round__contest", "round__contest__unit", "unit").get(
            pk=int(judge_id)
        )
    except (Judge.DoesNotExist, TypeError, ValueError):
        raise Http404(_("No such scoring sheet.")) from None
    if judge.user_id != getattr(actor, "pk", None):
        raise Http404(_("No such scoring sheet."))
    return judge


@dataclass(frozen=True)
class SheetRow:
    entry: Entry
    scores: list[tuple[Criterion, Any]]  # (criterion, value or None)


def sheet(*, judge: Judge) -> list[SheetRow]:
    """The judge's sheet as saved so far (three queries)."""
    from .services import sheet_entries

    criteria = list(Criterion.objects.filter(contest_id=judge.round.contest_id))
    saved = {(s.entry_id, s.criterion_id): s.value for s in Score.objects.filter(judge=judge)}
    return [SheetRow(e, [(c, saved.get((e.pk, c.pk))) for c in criteria]) for e in sheet_entries(judge)]


# --- The board ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Standing:
    entry_id: int
    title: str
    unit: str
    entrant: str  # the member's name on the signed-in board; "" on the public one
    sheets: int  # submitted sheets that scored it
    judges: float | None
    votes: int
    audience: float | None
    total: float | None
    rank: int | None


@dataclass(frozen=True)
class Board:
    contest: Contest
    round: Round
    rule_label: str
    judges_total: int
    judges_submitted: int
    votes_shown: bool
    vote_weight: int
    rows: list[Standing]


def board(*, contest: Contest, round: Round | None = None, public: bool = False) -> Board:
    """Standings of a round from the submitted sheets (and the votes), highest first.

    Five queries whatever the size: the round, the criteria, the judges, their scores (as one
    aggregate per judge, entry and criterion) and the entries with their vote counts. The public
    form names no member (entrant ""), no judge, and no judge's score."""
    rnd = round or contest.rounds.order_by("-number").first()
    if rnd is None:
        raise Http404(_("No such round."))
    criteria = [scoring.Criterion(c.pk, float(c.weight), float(c.max_score))
                for c in Criterion.objects.filter(contest=contest)]  # fmt: skip
    judges = list(Judge.objects.filter(round=rnd).values_list("pk", "submitted_at"))
    submitted = {pk for pk, at in judges if at is not None}
    per_sheet: dict[int, dict[int, dict[int, float]]] = defaultdict(lambda: defaultdict(dict))
    for judge_id, entry_id, criterion_id, value in Score.objects.filter(judge_id__in=submitted).values_list(
        "judge_id", "entry_id", "criterion_id", "value"
    ):
        per_sheet[judge_id][entry_id][criterion_id] = float(value)
    sheets: dict[int, dict[int, float]] = {}
    for judge_id, by_entry in per_sheet.items():
        sheets[judge_id] = {e: s for e, sc in by_entry.items() if (s := scoring.judge_score(criteria, sc)) is not None}
    judged = scoring.aggregate(contest.rule, sheets)
    entries = list(
        Entry.objects.filter(contest=contest).select_related("org", "member").annotate(n_votes=Count("votes"))
        .order_by("order", "id")
    )  # fmt: skip
    votes = {e.pk: e.n_votes for e in entries}  # type: ignore[attr-defined]
    audience = scoring.audience_scores(votes) if contest.votes_enabled else {}
    totals = {e.pk: scoring.total(judged.get(e.pk), audience.get(e.pk), contest.vote_weight) for e in entries}
    ranked = scoring.ranks(totals)
    counts = {e.pk: sum(1 for s in sheets.values() if e.pk in s) for e in entries}
    rows = [
        Standing(
            entry_id=e.pk, title=e.title, unit=e.org.name,
            entrant="" if public or e.kind == EntryKind.ORG or e.member is None else e.member.name,
            sheets=counts[e.pk], judges=judged.get(e.pk), votes=votes[e.pk], audience=audience.get(e.pk),
            total=totals[e.pk], rank=ranked.get(e.pk),
        )
        for e in entries
    ]  # fmt: skip
    rows.sort(key=lambda r: (r.rank is None, r.rank or 0, r.entry_id))
    return Board(contest, rnd, str(contest.get_rule_display()), len(judges), len(submitted), contest.votes_enabled,
                 contest.vote_weight, rows)  # fmt: skip


def published_contest(*, contest_id: Any) -> Contest:
    """A contest whose results are published (no account needed), else 404."""
    try:
        return Contest.objects.select_related("unit").get(pk=int(contest_id), published_at__isnull=False)
    except (Contest.DoesNotExist, TypeError, ValueError):
        raise Http404(_("No such contest.")) from None


def voting_contest(*, contest_id: Any) -> Contest:
    """A contest taking audience votes now (no account needed to see its entries), else 404."""
    try:
        return Contest.objects.get(pk=int(contest_id), votes_enabled=True, published_at__isnull=True)
    except (Contest.DoesNotExist, TypeError, ValueError):
        raise Http404(_("No such contest.")) from None


@dataclass(frozen=True)
class PublicEntry:
    id: int
    title: str
    unit: str


def public_entries(*, contest: Contest) -> list[PublicEntry]:
    """Entries as the audience sees them: title and unit, no member's name."""
    return [PublicEntry(e.pk, e.title, e.org.name)
            for e in Entry.objects.filter(contest=contest).select_related("org").order_by("order", "id")]  # fmt: skip


def votes_today(*, voter: str, contest: Contest, day: Any) -> int:
    return Vote.objects.filter(contest=contest, voter=voter, day=day).count()
