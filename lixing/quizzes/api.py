"""Banks, papers, attempts and competitions over JSON: the same selectors and services as
the pages. An open attempt never carries the key; it comes with the review after hand-in."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema
from pydantic import StrictInt

from . import selectors, services
from .models import Attempt, AttemptStatus, Question

router = Router(tags=["quizzes"])


class BankOut(Schema):
    id: int
    name: str
    description: str
    org_id: int


class QuestionIn(Schema):
    code: str = ""
    kind: str
    text: str = Field(min_length=1)
    options: list[str] = []
    answer: list[Any]
    tags: str = ""
    difficulty: StrictInt = 2
    explanation: str = ""
    source: str = ""


class QuestionOut(Schema):
    id: int
    code: str
    kind: str
    text: str
    options: list[str]
    answer: list[Any]
    tags: str
    difficulty: int
    explanation: str
    source: str
    is_active: bool


class PaperOut(Schema):
    id: int
    title: str
    purpose: str
    org_id: int
    opens_at: datetime.datetime
    closes_at: datetime.datetime
    time_limit_minutes: int
    attempts_allowed: int
    counting: str
    multiple_rule: str
    question_count: int


class OptionOut(Schema):
    index: int
    text: str


class ItemOut(Schema):
    position: int
    kind: str
    text: str
    options: list[OptionOut]
    response: Any = None
    # Only after hand-in:
    credit: float | None = None
    answer: list[Any] | None = None
    explanation: str | None = None


class AttemptOut(Schema):
    id: int
    paper_id: int
    number: int
    status: str
    started_at: datetime.datetime
    deadline: datetime.datetime
    remaining_seconds: int
    score: float | None
    token: str | None = None
    items: list[ItemOut]


class AnswerIn(Schema):
    value: list[Any] = []


class SubmitIn(Schema):
    answers: dict[int, list[Any]] = {}


class SubmitOut(Schema):
    attempt: AttemptOut
    counted_now: bool


class CompetitionOut(Schema):
    id: int
    title: str
    paper_id: int
    org_id: int
    opens_at: datetime.datetime
    closes_at: datetime.datetime


class UnitOut(Schema):
    org_id: int
    name: str
    members: int
    entries: int
    participation: float | None
    average: float | None


class TopOut(Schema):
    name: str
    unit: str
    score: float


class BoardOut(Schema):
    org_id: int
    units: list[UnitOut]
    top: list[TopOut]


@router.get("/banks", response=list[BankOut])
def banks(request: HttpRequest) -> Any:
    return list(selectors.bank_list(actor=request.user))


@router.get("/banks/{bank_id}/questions", response=list[QuestionOut])
def questions(request: HttpRequest, bank_id: int, q: str = "", tag: str = "") -> Any:
    bank = selectors.access_bank(request.user, bank_id)
    return list(selectors.question_list(actor=request.user, bank=bank, query=q, tag=tag)[:1000])


@router.post("/banks/{bank_id}/questions", response={201: QuestionOut})
def question_create(request: HttpRequest, bank_id: int, payload: QuestionIn) -> Any:
    bank = selectors.access_bank(request.user, bank_id, edit=True)
    return 201, services.question_save(actor=request.user, bank=bank, **payload.dict())


@router.get("/papers", response=list[PaperOut])
def papers(request: HttpRequest) -> Any:
    """Papers open for the signed-in member now."""
    return [row.paper for row in selectors.papers_for_member(actor=request.user)]


@router.get("/papers/{paper_id}", response=PaperOut)
def paper(request: HttpRequest, paper_id: int) -> Any:
    return selectors.access_paper(request.user, paper_id)


def _attempt_out(attempt: Attempt, *, token: bool = False) -> AttemptOut:
    reveal = attempt.status != AttemptStatus.OPEN
    items = []
    for shown in selectors.attempt_items(attempt=attempt, reveal=reveal):
        q: Question = shown.question
        item = ItemOut(position=shown.position, kind=q.kind, text=q.text,
                       options=[OptionOut(index=i, text=t) for i, t in shown.options], response=shown.response)  # fmt: skip
        if reveal:
            item.credit, item.answer, item.explanation = shown.credit, q.answer, q.explanation
        items.append(item)
    return AttemptOut(
        id=attempt.pk, paper_id=attempt.paper_id, number=attempt.number, status=attempt.status,
        started_at=attempt.started_at, deadline=attempt.deadline,
        remaining_seconds=max(0, int((attempt.deadline - timezone.now()).total_seconds())) if not reveal else 0,
        score=attempt.score, token=services.attempt_token(attempt) if token and not reveal else None, items=items,
    )  # fmt: skip


@router.post("/papers/{paper_id}/attempts", response={201: AttemptOut})
def attempt_start(request: HttpRequest, paper_id: int) -> Any:
    """Start (or resume: the clock is not reset) an attempt. The token saves answers without a session."""
    paper = selectors.access_paper(request.user, paper_id)
    attempt = services.attempt_start(actor=request.user, paper=paper)
    return 201, _attempt_out(attempt, token=True)


@router.get("/attempts/{attempt_id}", response=AttemptOut)
def attempt(request: HttpRequest, attempt_id: int) -> Any:
    the_attempt = selectors.access_attempt(request.user, attempt_id)
    if the_attempt.status == AttemptStatus.OPEN and the_attempt.deadline <= timezone.now():
        services.attempt_expire(attempt=the_attempt)
        the_attempt.refresh_from_db()
    return _attempt_out(the_attempt, token=True)


@router.put("/attempts/{attempt_id}/answers/{position}", response={200: dict, 409: dict})
def answer(request: HttpRequest, attempt_id: int, position: int, payload: AnswerIn) -> Any:
    the_attempt = selectors.access_attempt(request.user, attempt_id)
    item = the_attempt.items.select_related("question").filter(position=position).first()
    if item is None:
        raise ValidationError({"position": "no such question"})
    response = services.clean_response(item.question.kind, payload.value)
    if not services.answer_save(attempt_id=the_attempt.pk, position=position, response=response):
        return 409, {"detail": "closed"}
    return 200, {"ok": True}


@router.post("/attempts/{attempt_id}/submit", response={200: SubmitOut, 409: dict})
def submit(request: HttpRequest, attempt_id: int, payload: SubmitIn) -> Any:
    """Hand in. Idempotent: repeating it returns the same result with counted_now false."""
    the_attempt = selectors.access_attempt(request.user, attempt_id)
    try:
        the_attempt, counted = services.attempt_submit(actor=request.user, attempt=the_attempt,
                                                       answers=dict(payload.answers))  # fmt: skip
    except services.LateSubmission as exc:
        return 409, {"detail": " ".join(exc.messages)}
    return 200, SubmitOut(attempt=_attempt_out(the_attempt), counted_now=counted)


@router.get("/competitions", response=list[CompetitionOut])
def competitions(request: HttpRequest) -> Any:
    return [
        CompetitionOut(id=c.pk, title=c.title, paper_id=c.paper_id, org_id=c.paper.org_id,
                       opens_at=c.paper.opens_at, closes_at=c.paper.closes_at)
        for c in selectors.competition_list(actor=request.user)[:200]
    ]  # fmt: skip


@router.get("/competitions/{competition_id}/board", response=BoardOut)
def board(request: HttpRequest, competition_id: int, org: int | None = None) -> Any:
    comp = selectors.access_competition(request.user, competition_id)
    root = selectors.board_org(request.user, comp, org)
    units = selectors.competition_units(actor=request.user, competition=comp, org=root)
    top = selectors.competition_top(actor=request.user, competition=comp, org=root)
    return BoardOut(
        org_id=root.pk,
        units=[UnitOut(org_id=u.org.pk, name=u.org.display_name, members=u.members, entries=u.entries,
                       participation=u.participation, average=u.average) for u in units],
        top=[TopOut(name=r.member.name, unit=r.org.display_name, score=r.score) for r in top],
    )  # fmt: skip


class PracticeCardOut(Schema):
    id: int
    kind: str
    text: str
    options: list[OptionOut]
    due: datetime.datetime


class PracticeResultOut(Schema):
    correct: bool
    answer: list[Any]
    explanation: str
    next_due: datetime.datetime


@router.get("/practice", response=list[PracticeCardOut])
def practice(request: HttpRequest) -> Any:
    """Today's practice queue of the signed-in member (the key comes only with the result)."""
    return [
        PracticeCardOut(id=c.pk, kind=c.question.kind, text=c.question.text, due=c.due,
                        options=[OptionOut(index=i, text=t) for i, t in enumerate(c.question.options)])
        for c in selectors.practice_queue(actor=request.user)
    ]  # fmt: skip


@router.post("/practice/{card_id}", response=PracticeResultOut)
def practice_answer(request: HttpRequest, card_id: int, payload: AnswerIn) -> Any:
    card = selectors.access_card(request.user, card_id)
    card, correct = services.practice_review(actor=request.user, card=card, response=payload.value)
    q = card.question
    return PracticeResultOut(correct=correct, answer=q.answer, explanation=q.explanation, next_due=card.due)
