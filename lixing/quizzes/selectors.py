"""Reads of the quizzes app, each scoped to what the actor may see.

The rule that matters most: a member sees only their own attempts, and the key (correct
answers, explanations) of a paper's questions only after handing their own attempt in.
Banks (which hold the key) are for the office: STRUCTURE over the bank's organisation,
or over a unit below it that uses the bank.
"""

from __future__ import annotations

import datetime
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Avg, Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from lixing.orgs.access import Cap, can, member_of, paths_with, scope_q, visible_orgs
from lixing.orgs.models import Member, Organization
from lixing.orgs.rollups import ALL, read_totals
from lixing.orgs.services import MEMBERS

from . import counters, scoring
from .models import (
    Attempt,
    AttemptItem,
    AttemptStatus,
    Competition,
    MazeLevel,
    MazeRun,
    Notice,
    Paper,
    PaperPurpose,
    PaperResult,
    PracticeCard,
    Question,
    QuestionBank,
    QuestionKind,
    SpotCheck,
    SpotCheckDraw,
)


def _office_q(actor: Any, field_name: str, cap: Cap = Cap.STRUCTURE) -> Q:
    """Rows whose organisation is inside, or an ancestor of, a subtree the actor runs."""
    q = Q(pk__in=[])
    for path in paths_with(actor, cap):
        q |= Q(**{f"{field_name}__startswith": path})
        ancestors = [path[:i] for i in range(4, len(path), 4)]
        if ancestors:
            q |= Q(**{f"{field_name}__in": ancestors})
    return q


def is_office(actor: Any) -> bool:
    return bool(paths_with(actor, Cap.STRUCTURE))


def bank_list(*, actor: Any) -> QuerySet[QuestionBank]:
    return QuestionBank.objects.filter(_office_q(actor, "org__path")).select_related("org").order_by("name")


def access_bank(actor: Any, bank_id: int | str, *, edit: bool = False) -> QuestionBank:
    try:
        bank = bank_list(actor=actor).get(pk=int(bank_id))
    except (QuestionBank.DoesNotExist, ValueError, TypeError):
        raise Http404(_("No such question bank.")) from None
    if edit and not can(actor, bank.org, Cap.STRUCTURE):
        raise PermissionDenied(_("You do not have permission to do this here."))
    return bank


def question_list(*, actor: Any, bank: QuestionBank, query: str = "", tag: str = "") -> QuerySet[Question]:
    qs = Question.objects.filter(bank=bank)
    if query:
        qs = qs.filter(Q(text__icontains=query) | Q(code__iexact=query))
    if tag:
        qs = qs.filter(tags__contains=tag)
    return qs.order_by("code")


def bank_tags(*, bank: QuestionBank) -> list[tuple[str, int]]:
    counts: Counter[str] = Counter()
    for tags in Question.objects.filter(bank=bank, is_active=True).values_list("tags", flat=True):
        counts.update(t for t in tags.split(",") if t)
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


# --- Papers --------------------------------------------------------------------------------


def _member(actor: Any) -> Member | None:
    member = member_of(actor)
    if member is None:
        return None
    return Member.objects.select_related("org").get(pk=member.pk)


def access_paper(actor: Any, paper_id: int | str) -> Paper:
    """The paper if the actor may take it (a member of its subtree) or runs it (office)."""
    try:
        paper = Paper.objects.select_related("org", "bank").get(pk=int(paper_id))
    except (Paper.DoesNotExist, ValueError, TypeError):
        raise Http404(_("No such paper.")) from None
    if can(actor, paper.org, Cap.STRUCTURE) or can(actor, paper.org, Cap.RECORDS):
        return paper
    member = _member(actor)
    if member is not None and member.org.path.startswith(paper.org.path):
        if paper.restricted and not SpotCheckDraw.objects.filter(spot_check__paper=paper, member=member).exists():
            raise Http404(_("No such paper."))
        return paper
    raise Http404(_("No such paper."))


@dataclass
class PaperRow:
    paper: Paper
    attempts: int = 0
    running: Attempt | None = None
    best: float | None = None
    can_start: bool = False


def papers_for_member(*, actor: Any, now: datetime.datetime | None = None) -> list[PaperRow]:
    """Papers open now for the signed-in member (spot checks only when drawn). Two queries."""
    now = now or timezone.now()
    member = _member(actor)
    if member is None:
        return []
    paths = member.org.ancestor_paths()
    drawn = SpotCheckDraw.objects.filter(member=member).values("spot_check__paper_id")
    papers = list(
        Paper.objects.filter(org__path__in=paths, opens_at__lte=now, closes_at__gt=now)
        .filter(Q(restricted=False) | Q(pk__in=drawn))
        .select_related("org")
        .order_by("closes_at")
    )
    attempts = Attempt.objects.filter(member=member, paper__in=papers).order_by("number")
    rows = {p.pk: PaperRow(p) for p in papers}
    for a in attempts:
        row = rows[a.paper_id]
        row.attempts += 1
        if a.status == AttemptStatus.OPEN and a.deadline > now:
            row.running = a
        if a.score is not None:
            row.best = a.score if row.best is None else max(row.best, a.score)
    for row in rows.values():
        row.can_start = row.running is not None or row.attempts < row.paper.attempts_allowed
    return list(rows.values())


def paper_list(*, actor: Any) -> QuerySet[Paper]:
    """Papers the office runs (STRUCTURE over their organisation)."""
    return (
        Paper.objects.filter(scope_q(actor, "org__path", Cap.STRUCTURE))
        .select_related("org", "bank")
        .order_by("-opens_at", "-id")
    )


def my_attempts(*, actor: Any, paper: Paper) -> list[Attempt]:
    member = member_of(actor)
    if member is None:
        return []
    return list(Attempt.objects.filter(paper=paper, member_id=member.pk).order_by("number"))


def access_attempt(actor: Any, attempt_id: int | str) -> Attempt:
    """Only the member who made an attempt sees it; everyone else gets a 404."""
    member = member_of(actor)
    try:
        attempt = Attempt.objects.select_related("paper", "paper__org").get(pk=int(attempt_id))
    except (Attempt.DoesNotExist, ValueError, TypeError):
        raise Http404(_("No such attempt.")) from None
    if member is None or attempt.member_id != member.pk:
        raise Http404(_("No such attempt."))
    return attempt


@dataclass
class ShownItem:
    position: int
    question: Question
    options: list[tuple[int, str]]  # (canonical index, text) in the member's order
    response: Any
    chosen: set[int] = field(default_factory=set)
    credit: float | None = None
    correct_text: str = ""


def attempt_items(*, attempt: Attempt, reveal: bool) -> list[ShownItem]:
    """The items as the member sees them. ``reveal`` (only after hand-in) adds the key."""
    if reveal and attempt.status == AttemptStatus.OPEN:
        raise PermissionDenied(_("The answers are shown after you hand in."))
    rows = AttemptItem.objects.filter(attempt=attempt).select_related("question").order_by("position")
    out = []
    for item in rows:
        q = item.question
        options = [(i, q.options[i]) for i in item.option_order] if q.kind != QuestionKind.FILL else []
        response = item.response
        chosen = set(response) if isinstance(response, list) and q.kind != QuestionKind.FILL else set()
        shown = ShownItem(item.position, q, options, response, chosen)
        if reveal:
            shown.credit = item.credit
            shown.correct_text = key_text(q)
        out.append(shown)
    return out


def key_text(q: Question) -> str:
    if q.kind == QuestionKind.FILL:
        return " / ".join(q.answer)
    return "；".join(q.options[i] for i in q.answer)


# --- Competitions --------------------------------------------------------------------------


def competition_list(*, actor: Any) -> QuerySet[Competition]:
    """Competitions over a subtree the actor sees, or over an ancestor of their branch."""
    q = scope_q(actor, "paper__org__path")
    member = member_of(actor)
    if member is not None:
        q |= Q(paper__org__path__in=Organization.objects.get(pk=member.org_id).ancestor_paths())
    return Competition.objects.filter(q).select_related("paper", "paper__org").order_by("-paper__opens_at")


def access_competition(actor: Any, competition_id: int | str) -> Competition:
    try:
        return competition_list(actor=actor).get(pk=int(competition_id))
    except (Competition.DoesNotExist, ValueError, TypeError):
        raise Http404(_("No such competition.")) from None


def board_org(actor: Any, competition: Competition, org_id: Any = None) -> Organization:
    """The organisation whose units the scoreboard lists: asked for, else the widest the
    actor may see inside the competition's subtree."""
    root = competition.paper.org
    if org_id:
        org = Organization.objects.filter(pk=int(org_id), path__startswith=root.path).first()
        if org is not None and can(actor, org, Cap.VIEW):
            return org
        raise Http404(_("No such organisation."))
    if can(actor, root, Cap.VIEW):
        return root
    inside = visible_orgs(actor).filter(path__startswith=root.path).order_by("depth", "path").first()
    if inside is None:
        member = member_of(actor)
        if member is None:
            raise Http404(_("No such organisation."))
        return Organization.objects.get(pk=member.org_id)
    return inside


@dataclass
class UnitRow:
    org: Organization
    members: int
    entries: int
    score_tenths: int

    @property
    def participation(self) -> float | None:
        return self.entries / self.members if self.members else None

    @property
    def average(self) -> float | None:
        return round(self.score_tenths / self.entries / 10, 1) if self.entries else None


def competition_units(*, actor: Any, competition: Competition, org: Organization) -> list[UnitRow]:
    """Participation rate and average score for each unit directly under ``org`` (and org
    itself first). Two queries, from roll-up counters, whatever the subtree's size."""
    units = [org, *visible_orgs(actor).filter(parent=org).order_by("path")]
    pid = competition.paper_id
    keys = [counters.paper_entries(pid), counters.paper_score(pid), MEMBERS]
    totals = read_totals([u.pk for u in units], keys, [ALL])
    rows = [
        UnitRow(u, totals.get((u.pk, MEMBERS, ALL), 0), totals.get((u.pk, keys[0], ALL), 0),
                totals.get((u.pk, keys[1], ALL), 0))
        for u in units
    ]  # fmt: skip
    head, rest = rows[0], rows[1:]
    rest.sort(key=lambda r: (-(r.average or -1), -(r.participation or 0), r.org.path))
    return [head, *rest]


def competition_top(*, actor: Any, competition: Competition, org: Organization, limit: int = 10) -> list[PaperResult]:
    return list(
        PaperResult.objects.filter(scope_q(actor, "org__path"), paper_id=competition.paper_id,
                                   org__path__startswith=org.path)
        .select_related("member", "org")
        .order_by("-score", "member__name")[:limit]
    )  # fmt: skip


# --- Spot checks ---------------------------------------------------------------------------


def spot_check_list(*, actor: Any) -> QuerySet[SpotCheck]:
    return (
        SpotCheck.objects.filter(_office_q(actor, "paper__org__path", Cap.RECORDS))
        .select_related("paper", "paper__org")
        .order_by("-id")
    )


def access_spot_check(actor: Any, spot_id: int | str) -> SpotCheck:
    try:
        return spot_check_list(actor=actor).get(pk=int(spot_id))
    except (SpotCheck.DoesNotExist, ValueError, TypeError):
        raise Http404(_("No such spot check.")) from None


@dataclass
class SpotUnit:
    org_name: str
    drawn: int = 0
    taken: int = 0
    scores: list[float] = field(default_factory=list)

    @property
    def average(self) -> float | None:
        return round(statistics.fmean(self.scores), 1) if self.scores else None


def spot_check_results(*, actor: Any, spot: SpotCheck) -> tuple[list[SpotUnit], list[SpotCheckDraw]]:
    """Results by unit and the drawn members who have not taken it (in the actor's scope)."""
    draws = list(
        SpotCheckDraw.objects.filter(spot_check=spot)
        .filter(scope_q(actor, "org__path", Cap.RECORDS))
        .select_related("member", "org")
        .order_by("org__path", "member__name")
    )
    scores = dict(PaperResult.objects.filter(paper_id=spot.paper_id).values_list("member_id", "score"))
    units: dict[int, SpotUnit] = {}
    missing = []
    for d in draws:
        unit = units.setdefault(d.org_id, SpotUnit(d.org.display_name))
        unit.drawn += 1
        if d.member_id in scores:
            unit.taken += 1
            unit.scores.append(scores[d.member_id])
        else:
            missing.append(d)
    return list(units.values()), missing


def notices_for(*, actor: Any) -> list[Notice]:
    member = member_of(actor)
    if member is None:
        return []
    return list(Notice.objects.filter(member_id=member.pk, read_at__isnull=True)[:10])


# --- Item analysis -------------------------------------------------------------------------


@dataclass
class ItemStats:
    question: Question
    answered: int
    share_correct: float | None
    discrimination: float | None
    wrong_options: list[tuple[str, int]]  # (option text or answer given, times chosen)
    flag: bool = False


def item_analysis(*, actor: Any, paper: Paper) -> list[ItemStats]:
    """Per question: share correct, point-biserial discrimination against the attempt's
    total score, and how often each wrong option (or wrong fill-in answer) was chosen.
    Two queries; the work is proportional to the paper's finished attempts."""
    if not can(actor, paper.org, Cap.STRUCTURE):
        raise PermissionDenied(_("You do not have permission to do this here."))
    rows = AttemptItem.objects.filter(attempt__paper=paper).exclude(attempt__status=AttemptStatus.OPEN)
    data = list(rows.values_list("question_id", "response", "credit", "attempt__score"))
    questions = Question.objects.in_bulk({r[0] for r in data})
    by_q: dict[int, list[tuple[Any, float, float]]] = defaultdict(list)
    for qid, response, credit, total in data:
        by_q[qid].append((response, credit or 0.0, total or 0.0))
    out = []
    for qid, answers in by_q.items():
        q = questions[qid]
        correct = [1.0 if c >= 1 else 0.0 for _r, c, _t in answers]
        totals = [t for _r, _c, t in answers]
        wrong: Counter[str] = Counter()
        for response, c, _t in answers:
            if c >= 1 or not response:
                continue
            if q.kind == QuestionKind.FILL:
                wrong[str(response[0])] += 1
            else:
                for i in response:
                    if isinstance(i, int) and 0 <= i < len(q.options) and i not in q.answer:
                        wrong[q.options[i]] += 1
        share = sum(correct) / len(correct) if correct else None
        disc = scoring.point_biserial(correct, totals)
        stats = ItemStats(q, len(answers), share, disc, wrong.most_common(5))
        stats.flag = (share is not None and (share < 0.2 or share > 0.95)) or (disc is not None and disc < 0.1)
        out.append(stats)
    out.sort(key=lambda s: (s.discrimination if s.discrimination is not None else 9, s.question.code))
    return out


# --- Maze and practice ---------------------------------------------------------------------


@dataclass
class LevelRow:
    level: MazeLevel
    unlocked: bool
    completed: bool


def maze_levels_for(*, actor: Any) -> list[LevelRow]:
    member = _member(actor)
    if member is None:
        return []
    levels = list(MazeLevel.objects.filter(org__path__in=member.org.ancestor_paths()).order_by("org__depth", "number"))
    done = set(MazeRun.objects.filter(member=member, completed_at__isnull=False).values_list("level_id", flat=True))
    done_numbers = {(lv.org_id, lv.number) for lv in levels if lv.pk in done}
    return [LevelRow(lv, lv.number <= 1 or (lv.org_id, lv.number - 1) in done_numbers, lv.pk in done)
            for lv in levels]  # fmt: skip


def access_level(actor: Any, level_id: int | str) -> MazeLevel:
    rows = {r.level.pk: r for r in maze_levels_for(actor=actor)}
    try:
        row = rows[int(level_id)]
    except (KeyError, ValueError, TypeError):
        raise Http404(_("No such level.")) from None
    if not row.unlocked:
        raise PermissionDenied(_("Finish the previous level first."))
    return row.level


def practice_queue(*, actor: Any, now: datetime.datetime | None = None, limit: int = 20) -> list[PracticeCard]:
    """Today's practice for the signed-in member: cards due by the end of today."""
    now = now or timezone.now()
    member = member_of(actor)
    if member is None:
        return []
    end_of_day = timezone.localtime(now).replace(hour=23, minute=59, second=59)
    return list(
        PracticeCard.objects.filter(member_id=member.pk, due__lte=end_of_day)
        .select_related("question")
        .order_by("due", "id")[:limit]
    )


def access_card(actor: Any, card_id: int | str) -> PracticeCard:
    member = member_of(actor)
    try:
        card = PracticeCard.objects.select_related("question").get(pk=int(card_id))
    except (PracticeCard.DoesNotExist, ValueError, TypeError):
        raise Http404(_("No such card.")) from None
    if member is None or card.member_id != member.pk:
        raise Http404(_("No such card."))
    return card


def paper_summary(*, paper: Paper) -> dict[str, Any]:
    """Entries and average score of a paper (one aggregate query)."""
    agg = PaperResult.objects.filter(paper=paper).aggregate(n=Count("id"), avg=Avg("score"))
    return {
        "entries": agg["n"],
        "average": round(agg["avg"], 1) if agg["avg"] is not None else None,
        "purpose": PaperPurpose(paper.purpose).label,
    }
