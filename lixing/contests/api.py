"""Contests over JSON: the same selectors and services as the pages.

Ids in bodies are strict integers (``true`` or ``"3"`` is a 422). Error answers: 400
``{"detail": {field: [messages]}}`` for a refused write (a locked sheet, a vote over the cap),
403 for a missing right or a conflict of interest, 404 for anything missing or out of scope,
422 for a body that does not match the schema. ``/public/{id}/board`` takes no account and
answers only for published results, without names of members or judges.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema
from pydantic import StrictBool, StrictInt, StrictStr

from lixing.accounts.models import User
from lixing.orgs.access import Cap, access_member, access_org

from . import selectors, services
from .models import Contest, Criterion, Entry, EntryKind, Judge

router = Router(tags=["contests"])


class ErrorOut(Schema):
    detail: dict[str, list[str]] | str


ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut}


class CriterionIn(Schema):
    name: StrictStr = Field(min_length=1, max_length=100)
    weight: StrictInt = Field(ge=1)
    max_score: StrictInt = Field(ge=1, le=1000)


class ContestIn(Schema):
    unit_id: StrictInt = Field(gt=0)
    kind: StrictStr = Field(pattern="^(secretaries_pk|chorus|video|other)$")
    title: StrictStr = Field(min_length=1, max_length=200)
    held_on: datetime.date
    rule: StrictStr = Field("mean", pattern="^(mean|trimmed|zscore)$")
    criteria: list[CriterionIn] = Field(min_length=1)
    votes_enabled: StrictBool = False
    votes_per_day: StrictInt = Field(1, ge=1, le=20)
    vote_weight: StrictInt = Field(0, ge=0, le=100)


class ContestOut(Schema):
    id: int
    unit_id: int
    kind: str
    title: str
    held_on: datetime.date
    rule: str
    votes_enabled: bool
    votes_per_day: int
    vote_weight: int
    published: bool

    @staticmethod
    def resolve_published(obj: Contest) -> bool:
        return obj.published_at is not None


class EntryIn(Schema):
    kind: StrictStr = Field(pattern="^(member|secretary|org)$")
    title: StrictStr = Field(min_length=1, max_length=200)
    member_id: StrictInt | None = Field(None, gt=0)
    org_id: StrictInt | None = Field(None, gt=0)
    order: StrictInt = Field(0, ge=0)


class EntryOut(Schema):
    id: int
    kind: str
    title: str
    member_id: int | None
    org_id: int
    order: int


class JudgeIn(Schema):
    user_id: StrictInt = Field(gt=0)
    unit_id: StrictInt = Field(gt=0)


class JudgeOut(Schema):
    id: int
    round: int
    user_id: int
    unit_id: int
    submitted: bool

    @staticmethod
    def resolve_round(obj: Judge) -> int:
        return obj.round.number

    @staticmethod
    def resolve_submitted(obj: Judge) -> bool:
        return obj.submitted_at is not None


class ScoreIn(Schema):
    entry_id: StrictInt = Field(gt=0)
    criterion_id: StrictInt = Field(gt=0)
    value: Decimal = Field(ge=0, max_digits=6, decimal_places=2)


class ScoreCell(Schema):
    entry_id: int
    criterion_id: int
    value: Decimal | None


class SubmitOut(Schema):
    submitted: bool


class VoteIn(Schema):
    entry_id: StrictInt = Field(gt=0)


class VoteOut(Schema):
    votes_today: int
    cap: int


class PhoneVoteIn(Schema):
    entry_id: StrictInt = Field(gt=0)
    phone: StrictStr = Field(min_length=5, max_length=20)
    code: StrictStr = Field(min_length=4, max_length=10)


class PublicEntryOut(Schema):
    id: int
    title: str
    unit: str


class StandingOut(Schema):
    entry_id: int
    title: str
    unit: str
    entrant: str
    sheets: int
    judges: float | None
    votes: int
    total: float | None
    rank: int | None


class BoardOut(Schema):
    contest: str
    round: int
    rule: str
    rule_label: str
    vote_weight: int
    judges_total: int
    judges_submitted: int
    published: bool
    rows: list[StandingOut]


def _board_out(b: selectors.Board) -> BoardOut:
    return BoardOut(
        contest=b.contest.title, round=b.round.number, rule=b.contest.rule, rule_label=b.rule_label,
        vote_weight=b.vote_weight, judges_total=b.judges_total, judges_submitted=b.judges_submitted,
        published=b.contest.published_at is not None,
        rows=[StandingOut(entry_id=r.entry_id, title=r.title, unit=r.unit, entrant=r.entrant, sheets=r.sheets,
                          judges=r.judges, votes=r.votes, total=r.total, rank=r.rank) for r in b.rows],
    )  # fmt: skip


@router.get("/contests", response=list[ContestOut])
def contests(request: HttpRequest) -> list[Contest]:
    return list(selectors.contest_list(actor=request.user)[:200])


@router.post("/contests", response={201: ContestOut, **ERRORS})
def create_contest(request: HttpRequest, payload: ContestIn) -> tuple[int, Contest]:
    unit = access_org(request.user, payload.unit_id, Cap.STRUCTURE)
    contest = services.contest_create(
        actor=request.user, unit=unit, kind=payload.kind, title=payload.title, held_on=payload.held_on,
        criteria=[(c.name, c.weight, c.max_score) for c in payload.criteria], rule=payload.rule,
        votes_enabled=payload.votes_enabled, votes_per_day=payload.votes_per_day, vote_weight=payload.vote_weight,
    )  # fmt: skip
    return 201, contest


@router.get("/contests/{contest_id}", response={200: ContestOut, **ERRORS})
def contest(request: HttpRequest, contest_id: int) -> Contest:
    return selectors.contest_get(actor=request.user, contest_id=contest_id)


@router.get("/contests/{contest_id}/entries", response={200: list[EntryOut], **ERRORS})
def entries(request: HttpRequest, contest_id: int) -> list[Entry]:
    """The entries the caller may see: all for the organiser, their subtree's for a unit."""
    c = selectors.contest_get(actor=request.user, contest_id=contest_id)
    return list(selectors.entries_in_scope(actor=request.user, contest=c))


@router.post("/contests/{contest_id}/entries", response={201: EntryOut, **ERRORS})
def add_entry(request: HttpRequest, contest_id: int, payload: EntryIn) -> tuple[int, Entry]:
    c = selectors.contest_get(actor=request.user, contest_id=contest_id)
    member = access_member(request.user, payload.member_id) if payload.member_id else None
    org = access_org(request.user, payload.org_id) if payload.org_id else None
    entry = services.entry_add(actor=request.user, contest=c, kind=EntryKind(payload.kind), title=payload.title,
                               member=member, org=org, order=payload.order)  # fmt: skip
    return 201, entry


@router.post("/contests/{contest_id}/judges", response={201: JudgeOut, **ERRORS})
def assign_judge(request: HttpRequest, contest_id: int, payload: JudgeIn) -> tuple[int, Judge]:
    c = selectors.contest_get(actor=request.user, contest_id=contest_id, cap=Cap.STRUCTURE)
    user = get_object_or_404(User, pk=payload.user_id, is_active=True)
    unit = access_org(request.user, payload.unit_id)
    rnd = c.rounds.order_by("-number").first()
    if rnd is None:
        raise ValidationError({"round": ["no round"]})
    return 201, services.judge_assign(actor=request.user, round=rnd, user=user, unit=unit)


@router.get("/sheets/{judge_id}", response={200: list[ScoreCell], **ERRORS})
def sheet(request: HttpRequest, judge_id: int) -> list[ScoreCell]:
    """The caller's own sheet: every cell they are to score (their own unit's entries left out)."""
    judge = selectors.judge_get(actor=request.user, judge_id=judge_id)
    return [ScoreCell(entry_id=row.entry.pk, criterion_id=c.pk, value=v)
            for row in selectors.sheet(judge=judge) for c, v in row.scores]  # fmt: skip


@router.put("/sheets/{judge_id}/scores", response={200: ScoreCell, **ERRORS})
def save_score(request: HttpRequest, judge_id: int, payload: ScoreIn) -> ScoreCell:
    judge = selectors.judge_get(actor=request.user, judge_id=judge_id)
    entry = get_object_or_404(Entry, pk=payload.entry_id, contest_id=judge.round.contest_id)
    criterion = get_object_or_404(Criterion, pk=payload.criterion_id, contest_id=judge.round.contest_id)
    s = services.score_save(actor=request.user, judge=judge, entry=entry, criterion=criterion, value=payload.value)
    return ScoreCell(entry_id=entry.pk, criterion_id=criterion.pk, value=s.value)


@router.post("/sheets/{judge_id}/submit", response={200: SubmitOut, **ERRORS})
def submit_sheet(request: HttpRequest, judge_id: int) -> SubmitOut:
    judge = selectors.judge_get(actor=request.user, judge_id=judge_id)
    return SubmitOut(submitted=services.sheet_submit(actor=request.user, judge=judge))


@router.post("/contests/{contest_id}/votes", response={201: VoteOut, **ERRORS})
def cast_vote(request: HttpRequest, contest_id: int, payload: VoteIn) -> tuple[int, VoteOut]:
    c = selectors.contest_get(actor=request.user, contest_id=contest_id)
    entry = get_object_or_404(Entry, pk=payload.entry_id, contest=c)
    voter = services.voter_key(request.user)
    vote = services.vote_cast(voter=voter, contest=c, entry=entry)
    return 201, VoteOut(votes_today=selectors.votes_today(voter=voter, contest=c, day=vote.day), cap=c.votes_per_day)


@router.get("/contests/{contest_id}/board", response={200: BoardOut, **ERRORS})
def board(request: HttpRequest, contest_id: int) -> BoardOut:
    c = selectors.contest_get(actor=request.user, contest_id=contest_id)
    return _board_out(selectors.board(contest=c))


@router.post("/contests/{contest_id}/publish", response={200: ContestOut, **ERRORS})
def publish(request: HttpRequest, contest_id: int) -> Contest:
    c = selectors.contest_get(actor=request.user, contest_id=contest_id, cap=Cap.STRUCTURE)
    return services.contest_publish(actor=request.user, contest=c)


@router.get("/public/{contest_id}/board", response={200: BoardOut, 404: ErrorOut}, auth=None)
def public_board(request: HttpRequest, contest_id: int) -> BoardOut:
    """Published results only, with the rule used; no member's or judge's name."""
    c = selectors.published_contest(contest_id=contest_id)
    return _board_out(selectors.board(contest=c, public=True))


@router.get("/public/{contest_id}/entries", response={200: list[PublicEntryOut], 404: ErrorOut}, auth=None)
def public_entries(request: HttpRequest, contest_id: int) -> list[PublicEntryOut]:
    """The entries of a contest taking audience votes: title and unit only."""
    c = selectors.voting_contest(contest_id=contest_id)
    return [PublicEntryOut(id=e.id, title=e.title, unit=e.unit) for e in selectors.public_entries(contest=c)]


@router.post("/public/{contest_id}/votes", response={201: VoteOut, 400: ErrorOut, 404: ErrorOut}, auth=None)
def public_vote(request: HttpRequest, contest_id: int, payload: PhoneVoteIn) -> tuple[int, VoteOut]:
    """Vote without an account, with a verified phone: ask for a code at
    ``/api/v1/deeds/public/phone-codes``, then send it here (one code per vote). The phone is
    one voter, capped per day like an account."""
    c = selectors.voting_contest(contest_id=contest_id)
    entry = get_object_or_404(Entry, pk=payload.entry_id, contest=c)
    voter = services.phone_voter(phone=payload.phone, code=payload.code)
    vote = services.vote_cast(voter=voter, contest=c, entry=entry)
    return 201, VoteOut(votes_today=selectors.votes_today(voter=voter, contest=c, day=vote.day), cap=c.votes_per_day)
