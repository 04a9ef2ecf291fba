"""Every write of the quizzes app: banks, papers, attempts, competitions, spot checks,
the maze and spaced practice. Keyword-only, ``actor`` first; audited; counters bumped in
the same transaction (see :mod:`lixing.quizzes.counters`)."""

from __future__ import annotations

import datetime
import hashlib
import json
import math
import random
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from fsrs import Card, Rating, Scheduler

from lixing.accounts.audit import audit, snapshot
from lixing.orgs.access import Cap, member_of, require
from lixing.orgs.models import Member, Organization
from lixing.orgs.rollups import Bump, rollup_bump_many

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
    PaperMode,
    PaperPurpose,
    PaperResult,
    PracticeCard,
    PracticeReview,
    Question,
    QuestionBank,
    QuestionKind,
    SpotCheck,
    SpotCheckDraw,
)

TRUE_FALSE_OPTIONS = ["正确", "错误"]


# --- Banks and questions -------------------------------------------------------------------


def question_code_for(kind: str, text: str) -> str:
    """A stable code for a question that came without one: a hash of its type and text."""
    digest = hashlib.sha1(f"{kind}|{scoring.normalise(text)}".encode(), usedforsecurity=False).hexdigest()
    return "H" + digest[:12]


def validate_question(*, kind: str, text: str, options: Sequence[str], answer: Sequence[Any]) -> None:
    """Raise ValidationError (messages for the user) unless the question is well formed."""
    errors: dict[str, str] = {}
    if not text.strip():
        errors["text"] = _("The question text is empty.")
    if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        if len(options) < 2 or len(options) > 8 or any(not str(o).strip() for o in options):
            errors["options"] = _("A choice question needs 2 to 8 non-empty options.")
        elif not answer or any(not isinstance(a, int) or not 0 <= a < len(options) for a in answer):
            errors["answer"] = _("The answer must name existing options.")
        elif kind == QuestionKind.SINGLE and len(answer) != 1:
            errors["answer"] = _("A single-choice question has exactly one correct option.")
        elif kind == QuestionKind.MULTIPLE and len(answer) < 2:
            errors["answer"] = _("A multiple-choice question has at least two correct options.")
    elif kind == QuestionKind.TRUE_FALSE:
        if list(answer) not in ([0], [1]):
            errors["answer"] = _("The answer must be true or false.")
    elif kind == QuestionKind.FILL:
        if not answer or any(not str(a).strip() for a in answer):
            errors["answer"] = _("List at least one accepted answer.")
    else:
        errors["kind"] = _("Unknown question type.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def bank_create(*, actor: Any, org: Organization, name: str, description: str = "") -> QuestionBank:
    require(actor, org, Cap.STRUCTURE)
    bank = QuestionBank(org=org, name=name, description=description)
    bank.full_clean()
    bank.save()
    audit(actor=actor, action="quizzes.bank_create", obj=bank, org_path=org.path, after=snapshot(bank))
    return bank


QUESTION_FIELDS = ("kind", "text", "options", "answer", "tags", "difficulty", "explanation", "source", "is_active")


def question_fields(data: dict[str, Any]) -> dict[str, Any]:
    kind = data["kind"]
    options = [str(o).strip() for o in data.get("options") or []]
    if kind == QuestionKind.TRUE_FALSE:
        options = list(TRUE_FALSE_OPTIONS)
    if kind == QuestionKind.FILL:
        options = []
    answer = list(data.get("answer") or [])
    if kind == QuestionKind.FILL:
        answer = [str(a).strip() for a in answer if str(a).strip()]
    else:
        answer = sorted({int(a) for a in answer})
    out = {
        "kind": kind,
        "text": str(data.get("text", "")).strip(),
        "options": options,
        "answer": answer,
        "tags": ",".join(t.strip() for t in str(data.get("tags", "")).replace("，", ",").replace("、", ",").split(",")
                         if t.strip()),
        "difficulty": int(data.get("difficulty") or 2),
        "explanation": str(data.get("explanation", "")).strip(),
        "source": str(data.get("source", "")).strip(),
        "is_active": bool(data.get("is_active", True)),
    }  # fmt: skip
    validate_question(kind=kind, text=out["text"], options=options, answer=answer)
    return out


@transaction.atomic
def question_save(*, actor: Any, bank: QuestionBank, question: Question | None = None, **data: Any) -> Question:
    """Create a question (``question`` None) or change one, after validating it."""
    require(actor, bank.org, Cap.STRUCTURE)
    fields = question_fields(data)
    if question is None:
        code = str(data.get("code") or "").strip() or question_code_for(fields["kind"], fields["text"])
        question = Question(bank=bank, code=code, **fields)
        question.full_clean()
        question.save()
        audit(actor=actor, action="quizzes.question_create", obj=question, org_path=bank.org.path,
              after=snapshot(question))  # fmt: skip
        return question
    before = snapshot(question, QUESTION_FIELDS)
    for name, value in fields.items():
        setattr(question, name, value)
    question.full_clean()
    question.save(update_fields=[*QUESTION_FIELDS, "updated_at"])
    audit(actor=actor, action="quizzes.question_update", obj=question, org_path=bank.org.path, before=before,
          after=snapshot(question, QUESTION_FIELDS))  # fmt: skip
    return question


@dataclass
class LoadOutcome:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def bank_load(*, actor: Any, bank: QuestionBank, items: Iterable[dict[str, Any]]) -> LoadOutcome:
    """Create or update questions keyed by ``code`` (or the text hash). Idempotent: loading
    the same items again changes nothing. Validates all items before writing any."""
    require(actor, bank.org, Cap.STRUCTURE)
    cleaned: list[tuple[str, dict[str, Any]]] = []
    for raw in items:
        fields = question_fields(raw)
        code = str(raw.get("code") or "").strip() or question_code_for(fields["kind"], fields["text"])
        cleaned.append((code, fields))
    existing = {q.code: q for q in Question.objects.filter(bank=bank, code__in=[c for c, _f in cleaned])}
    outcome = LoadOutcome()
    new: list[Question] = []
    changed: list[Question] = []
    for code, fields in cleaned:
        current = existing.get(code)
        if current is None:
            new.append(Question(bank=bank, code=code, **fields))
            continue
        if all(getattr(current, k) == v for k, v in fields.items()):
            outcome.unchanged += 1
            continue
        for k, v in fields.items():
            setattr(current, k, v)
        changed.append(current)
    with transaction.atomic():
        Question.objects.bulk_create(new, batch_size=500)
        Question.objects.bulk_update(changed, list(QUESTION_FIELDS), batch_size=500)
        if new or changed:
            audit(actor=actor, action="quizzes.bank_load", obj=bank, org_path=bank.org.path,
                  after={"created": len(new), "updated": len(changed)})  # fmt: skip
    outcome.created, outcome.updated = len(new), len(changed)
    return outcome


# --- Papers and drawing --------------------------------------------------------------------


def draw_question_ids(paper: Paper, rng: random.Random) -> list[int]:
    """The questions of one person's paper: fixed, or drawn by the blueprint without
    repeats (each question at most once), in a shuffled order."""
    if paper.mode == PaperMode.FIXED:
        return [int(q) for q in paper.fixed_questions]
    pool = list(Question.objects.filter(bank_id=paper.bank_id, is_active=True).values_list("id", "tags", "difficulty"))
    chosen: list[int] = []
    taken: set[int] = set()
    for row in paper.blueprint:
        tag, difficulty, count = str(row.get("tag", "")), int(row.get("difficulty") or 0), int(row.get("count", 0))
        candidates = [
            qid for qid, tags, diff in pool
            if qid not in taken and (not tag or tag in tags.split(",")) and (not difficulty or diff == difficulty)
        ]  # fmt: skip
        if len(candidates) < count:
            raise ValidationError(
                _("The bank has only %(have)s questions tagged “%(tag)s” at difficulty %(d)s; the blueprint asks for "
                  "%(want)s.") % {"have": len(candidates), "tag": tag or "*", "d": difficulty or "*", "want": count}
            )  # fmt: skip
        picked = rng.sample(candidates, count)
        chosen += picked
        taken.update(picked)
    rng.shuffle(chosen)
    return chosen


@transaction.atomic
def paper_create(
    *,
    actor: Any,
    org: Organization,
    bank: QuestionBank,
    title: str,
    opens_at: datetime.datetime,
    closes_at: datetime.datetime,
    blueprint: Sequence[dict[str, Any]] = (),
    fixed_questions: Sequence[int] = (),
    purpose: str = PaperPurpose.QUIZ,
    restricted: bool = False,
    **options: Any,
) -> Paper:
    require(actor, org, Cap.STRUCTURE)
    if not bank.org.path or not (org.path.startswith(bank.org.path) or bank.org.path.startswith(org.path)):
        raise ValidationError({"bank": _("The bank belongs to another organisation.")})
    paper = Paper(
        org=org, bank=bank, title=title, opens_at=opens_at, closes_at=closes_at, purpose=purpose,
        restricted=restricted, mode=PaperMode.FIXED if fixed_questions else PaperMode.BLUEPRINT,
        blueprint=[{"tag": r.get("tag", ""), "difficulty": int(r.get("difficulty") or 0), "count": int(r["count"])}
                   for r in blueprint],
        fixed_questions=[int(q) for q in fixed_questions], **options,
    )  # fmt: skip
    paper.full_clean()
    if paper.question_count < 1:
        raise ValidationError(_("A paper needs at least one question."))
    if paper.mode == PaperMode.FIXED:
        found = Question.objects.filter(bank=bank, pk__in=paper.fixed_questions).count()
        if found != len(set(paper.fixed_questions)) or found != len(paper.fixed_questions):
            raise ValidationError({"fixed_questions": _("Every question must come from the bank, once.")})
    else:
        draw_question_ids(paper, random.Random(0))  # fails now if the bank cannot fill it
    paper.save()
    audit(actor=actor, action="quizzes.paper_create", obj=paper, org_path=org.path, after=snapshot(paper))
    return paper


@transaction.atomic
def competition_create(*, actor: Any, org: Organization, bank: QuestionBank, title: str, description: str = "",
                       **paper_fields: Any) -> Competition:  # fmt: skip
    paper = paper_create(actor=actor, org=org, bank=bank, title=title, purpose=PaperPurpose.COMPETITION,
                         **paper_fields)  # fmt: skip
    competition = Competition.objects.create(paper=paper, title=title, description=description)
    audit(actor=actor, action="quizzes.competition_create", obj=competition, org_path=org.path)
    return competition


# --- Attempts ------------------------------------------------------------------------------

_SIGNER = signing.Signer(salt="lixing.quizzes.attempt", sep=".")


def attempt_token(attempt: Attempt) -> str:
    """A signed token naming the attempt and its deadline: the credential for saving
    answers, so the hot path needs no session lookup."""
    return _SIGNER.sign(f"{attempt.pk}x{int(attempt.deadline.timestamp())}")


def token_read(token: str) -> tuple[int, int]:
    """(attempt id, deadline as epoch seconds) from a token; raises signing.BadSignature."""
    value = _SIGNER.unsign(token)
    attempt_id, deadline = value.split("x", 1)
    return int(attempt_id), int(deadline)


def _eligible(member: Member, paper: Paper, now: datetime.datetime) -> None:
    if not member.org.path.startswith(paper.org.path):
        raise PermissionDenied(_("This paper is not for your organisation."))
    if now < paper.opens_at:
        raise ValidationError(_("This paper is not open yet."))
    if now >= paper.closes_at:
        raise ValidationError(_("This paper is closed."))
    if paper.restricted and not SpotCheckDraw.objects.filter(spot_check__paper=paper, member=member).exists():
        raise PermissionDenied(_("Only the members drawn for this spot check take this paper."))


def attempt_start(*, actor: Any, paper: Paper, now: datetime.datetime | None = None,
                  rng: random.Random | None = None) -> Attempt:  # fmt: skip
    """Start an attempt, or return the one already running (a reload cannot reset the clock)."""
    now = now or timezone.now()
    member = member_of(actor)
    if member is None:
        raise PermissionDenied(_("Only members take quizzes."))
    member = Member.objects.select_related("org").get(pk=member.pk)
    _eligible(member, paper, now)
    running = Attempt.objects.filter(paper=paper, member=member, status=AttemptStatus.OPEN).first()
    if running is not None:
        if running.deadline > now:
            return running
        attempt_expire(attempt=running, now=now)
    done = Attempt.objects.filter(paper=paper, member=member).count()
    if done >= paper.attempts_allowed:
        raise ValidationError(_("You have used all %(n)s attempts for this paper.") % {"n": paper.attempts_allowed})
    rng = rng or random.SystemRandom()
    question_ids = draw_question_ids(paper, rng)
    kinds = dict(Question.objects.filter(pk__in=question_ids).values_list("id", "kind"))
    n_options = {q: len(o) for q, o in Question.objects.filter(pk__in=question_ids).values_list("id", "options")}
    deadline = min(now + datetime.timedelta(minutes=paper.time_limit_minutes), paper.closes_at)
    try:
        with transaction.atomic():
            attempt = Attempt.objects.create(paper=paper, member=member, number=done + 1, started_at=now,
                                             deadline=deadline)  # fmt: skip
            items = []
            for position, qid in enumerate(question_ids, start=1):
                order = list(range(n_options[qid]))
                if paper.shuffle_options and kinds[qid] in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
                    rng.shuffle(order)
                items.append(AttemptItem(attempt=attempt, position=position, question_id=qid, option_order=order))
            AttemptItem.objects.bulk_create(items)
    except IntegrityError:  # two taps on "start" raced: the other one made it
        return Attempt.objects.get(paper=paper, member=member, number=done + 1)
    return attempt


_ANSWER_SQL = (
    "UPDATE quizzes_attemptitem SET response = {json}, answered_at = %s "
    "WHERE attempt_id = %s AND position = %s AND EXISTS ("
    "SELECT 1 FROM quizzes_attempt a WHERE a.id = %s AND a.status = 'open' AND a.deadline > %s)"
)


def answer_save(*, attempt_id: int, position: int, response: Any, now: datetime.datetime | None = None) -> bool:
    """Save one answer: one UPDATE of one pre-created row, only while the attempt is open
    and before its deadline. Returns False when nothing was saved.

    Hand-written SQL because this is the hot path of a quiz (every tap on a phone): the
    statement is the ORM's ``filter(attempt_id, position, attempt__status="open",
    attempt__deadline__gt=now).update(response, answered_at)`` without the cost of compiling
    it on every request."""
    now = now or timezone.now()
    stamp = connection.ops.adapt_datetimefield_value(now)
    sql = _ANSWER_SQL.format(json="CAST(%s AS jsonb)" if connection.vendor == "postgresql" else "%s")
    payload = None if response is None else json.dumps(response, ensure_ascii=False)
    with connection.cursor() as cursor:
        cursor.execute(sql, [payload, stamp, attempt_id, position, attempt_id, stamp])
        return bool(cursor.rowcount == 1)


def clean_response(kind: str, raw: Any) -> Any:
    """A response from a form or JSON, as stored: sorted option indexes, or [text]."""
    if raw in (None, "", []):
        return None
    values = raw if isinstance(raw, list) else [raw]
    if kind == QuestionKind.FILL:
        return [str(values[0])[:200]]
    try:
        out = sorted({int(v) for v in values})
    except (TypeError, ValueError):
        raise ValidationError(_("Not a valid answer.")) from None
    if len(out) > 8 or any(v < 0 or v > 7 for v in out):
        raise ValidationError(_("Not a valid answer."))
    return out


class LateSubmission(ValidationError):
    pass


def attempt_submit(*, actor: Any, attempt: Attempt, answers: dict[int, Any] | None = None,
                   now: datetime.datetime | None = None) -> tuple[Attempt, bool]:  # fmt: skip
    """Hand in an attempt. Idempotent: a double tap, a retry or two racing requests count
    once (a conditional UPDATE claims the attempt). Returns (attempt, counted_now).

    After the deadline the submission is refused (LateSubmission); the attempt is closed
    as "time ran out" with the answers saved before the deadline.
    """
    now = now or timezone.now()
    member = member_of(actor)
    if member is None or member.pk != attempt.member_id:
        raise PermissionDenied(_("This is not your attempt."))
    if attempt.status != AttemptStatus.OPEN:
        return attempt, False
    if now > attempt.deadline:
        attempt_expire(attempt=attempt, now=now)
        raise LateSubmission(_("Time is up: the submission came after the deadline and was not accepted. "
                               "Answers saved before the deadline were scored."))  # fmt: skip
    return _finalize(actor=actor, attempt=attempt, status=AttemptStatus.SUBMITTED, now=now, answers=answers or {})


def attempt_expire(*, attempt: Attempt, now: datetime.datetime | None = None) -> tuple[Attempt, bool]:
    """Close an attempt whose time ran out, scoring the answers saved before the deadline."""
    from lixing.orgs.access import SYSTEM

    return _finalize(actor=SYSTEM, attempt=attempt, status=AttemptStatus.EXPIRED, now=now or timezone.now(), answers={})


def attempts_expire_due(*, now: datetime.datetime | None = None) -> int:
    """Close every open attempt past its deadline (the ``quiz_close_expired`` command)."""
    now = now or timezone.now()
    n = 0
    for attempt in Attempt.objects.filter(status=AttemptStatus.OPEN, deadline__lt=now).select_related("paper"):
        n += int(attempt_expire(attempt=attempt, now=now)[1])
    return n


def _finalize(*, actor: Any, attempt: Attempt, status: str, now: datetime.datetime,
              answers: dict[int, Any]) -> tuple[Attempt, bool]:  # fmt: skip
    with transaction.atomic():
        claimed = Attempt.objects.filter(pk=attempt.pk, status=AttemptStatus.OPEN).update(
            status=status, finished_at=now
        )
        if not claimed:
            attempt.refresh_from_db()
            return attempt, False
        paper = Paper.objects.select_related("org").get(pk=attempt.paper_id)
        items = list(AttemptItem.objects.filter(attempt=attempt).select_related("question").order_by("position"))
        wrong: list[int] = []
        for item in items:
            if item.position in answers:
                item.response = clean_response(item.question.kind, answers[item.position])
                item.answered_at = now
            item.credit = scoring.credit(item.question.kind, item.question.answer, item.response,
                                         multiple_rule=paper.multiple_rule)  # fmt: skip
            if item.credit < 1:
                wrong.append(item.question_id)
        AttemptItem.objects.bulk_update(items, ["response", "answered_at", "credit"])
        score = scoring.paper_score([i.credit or 0.0 for i in items])
        Attempt.objects.filter(pk=attempt.pk).update(score=score)
        attempt.refresh_from_db()
        member = Member.objects.select_related("org").get(pk=attempt.member_id)
        _result_update(paper=paper, member=member, now=now)
        practice_add(member=member, question_ids=wrong, now=now)
        audit(actor=actor, action=f"quizzes.attempt_{status}", obj=attempt, org_path=member.org.path,
              after={"score": score})  # fmt: skip
    return attempt, True


def _result_update(*, paper: Paper, member: Member, now: datetime.datetime) -> None:
    scores = list(
        Attempt.objects.filter(paper=paper, member=member, score__isnull=False)
        .exclude(status=AttemptStatus.OPEN)
        .order_by("number")
        .values_list("score", flat=True)
    )
    score = scoring.counted_score([float(s or 0) for s in scores], paper.counting)
    tenths = round(score * 10)
    result = PaperResult.objects.select_for_update(of=("self",)).filter(paper=paper, member=member).first()
    if result is None:
        result = PaperResult.objects.create(paper=paper, member=member, org=member.org,
                                            day=timezone.localdate(now), attempts=len(scores), score=score,
                                            score_tenths=tenths)  # fmt: skip
        rollup_bump_many(counters.result_bumps(paper, result.org, result.day, entries=1, tenths=tenths))
        return
    delta = tenths - result.score_tenths
    result.attempts, result.score, result.score_tenths = len(scores), score, tenths
    result.save(update_fields=["attempts", "score", "score_tenths"])
    org = Organization.objects.get(pk=result.org_id)
    rollup_bump_many(counters.result_bumps(paper, org, result.day, entries=0, tenths=delta))


# --- Spot checks ---------------------------------------------------------------------------


@transaction.atomic
def spot_check_create(
    *, actor: Any, org: Organization, bank: QuestionBank, title: str, deadline: datetime.datetime,
    share_percent: int, blueprint: Sequence[dict[str, Any]], time_limit_minutes: int = 10,
    rng: random.Random | None = None, now: datetime.datetime | None = None,
) -> SpotCheck:  # fmt: skip
    """Draw a random sample of members, stratified by unit (each unit gives ⌈share × its
    members⌉, at least one), set them a paper with a deadline and notify each of them."""
    now = now or timezone.now()
    rng = rng or random.SystemRandom()
    if not 1 <= share_percent <= 100:
        raise ValidationError({"share_percent": _("The share must be between 1 and 100 percent.")})
    paper = paper_create(actor=actor, org=org, bank=bank, title=title, opens_at=now, closes_at=deadline,
                         blueprint=blueprint, purpose=PaperPurpose.SPOT_CHECK, restricted=True,
                         time_limit_minutes=time_limit_minutes, attempts_allowed=1)  # fmt: skip
    spot = SpotCheck.objects.create(
        paper=paper, title=title, share_percent=share_percent, drawn_at=now, drawn_day=timezone.localdate(now)
    )
    by_unit: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for member_id, org_id, path in Member.objects.filter(org__path__startswith=org.path).values_list(
        "id", "org_id", "org__path"
    ):
        by_unit[org_id].append((member_id, path))
    draws: list[SpotCheckDraw] = []
    bumps: list[Bump] = []
    for org_id in sorted(by_unit):
        people = sorted(by_unit[org_id])
        k = min(len(people), max(1, math.ceil(len(people) * share_percent / 100)))
        for member_id, path in rng.sample(people, k):
            draws.append(SpotCheckDraw(spot_check=spot, member_id=member_id, org_id=org_id))
            bumps.append(Bump(org_id, path, counters.SPOT_DRAWN, spot.drawn_day))
    SpotCheckDraw.objects.bulk_create(draws, batch_size=1000)
    text = _("You were drawn for the spot check “%(title)s”. Please take it before %(deadline)s.") % {
        "title": title, "deadline": timezone.localtime(deadline).strftime("%Y-%m-%d %H:%M")}  # fmt: skip
    from django.urls import reverse

    url = reverse("quizzes:paper", args=[paper.pk])
    Notice.objects.bulk_create([Notice(member_id=d.member_id, text=text[:300], url=url) for d in draws],
                               batch_size=1000)  # fmt: skip
    rollup_bump_many(bumps)
    audit(actor=actor, action="quizzes.spot_check_create", obj=spot, org_path=org.path,
          after={"drawn": len(draws), "share_percent": share_percent})  # fmt: skip
    return spot


def notice_read(*, actor: Any, notice: Notice) -> None:
    member = member_of(actor)
    if member is None or member.pk != notice.member_id:
        raise PermissionDenied(_("This is not your notice."))
    Notice.objects.filter(pk=notice.pk, read_at__isnull=True).update(read_at=timezone.now())


# --- Maze ----------------------------------------------------------------------------------

Room = tuple[int, int]


def door_key(a: Room, b: Room) -> str:
    first, second = sorted([a, b])
    return f"{first[0]},{first[1]}|{second[0]},{second[1]}"


def door_rooms(key: str) -> tuple[Room, Room]:
    left, right = key.split("|")
    r1, c1 = left.split(",")
    r2, c2 = right.split(",")
    return (int(r1), int(c1)), (int(r2), int(c2))


def maze_generate(width: int, height: int, rng: random.Random) -> list[str]:
    """A perfect maze (random depth-first spanning tree) plus a few extra doors, so that a
    door closed by a wrong answer usually leaves another way round."""
    seen = {(0, 0)}
    stack: list[Room] = [(0, 0)]
    doors: set[str] = set()
    while stack:
        r, c = stack[-1]
        nxt = [(r + dr, c + dc) for dr, dc in ((0, 1), (1, 0), (0, -1), (-1, 0))
               if 0 <= r + dr < height and 0 <= c + dc < width and (r + dr, c + dc) not in seen]  # fmt: skip
        if not nxt:
            stack.pop()
            continue
        room = rng.choice(nxt)
        doors.add(door_key((r, c), room))
        seen.add(room)
        stack.append(room)
    walls = [door_key((r, c), (r + dr, c + dc)) for r in range(height) for c in range(width)
             for dr, dc in ((0, 1), (1, 0)) if r + dr < height and c + dc < width]  # fmt: skip
    walls = sorted(w for w in walls if w not in doors)
    for key in rng.sample(walls, min(len(walls), (width * height) // 3)):
        doors.add(key)
    return sorted(doors)


@transaction.atomic
def maze_level_create(*, actor: Any, org: Organization, bank: QuestionBank, number: int, title: str, tag: str,
                      width: int = 3, height: int = 3, rng: random.Random | None = None,
                      doors: Sequence[str] | None = None) -> MazeLevel:  # fmt: skip
    require(actor, org, Cap.STRUCTURE)
    if not 1 <= width <= 6 or not 1 <= height <= 6 or width * height < 2:
        raise ValidationError(_("A maze has between 2 and 36 rooms, at most 6 across."))
    level = MazeLevel(org=org, bank=bank, number=number, title=title, tag=tag, width=width, height=height,
                      doors=list(doors) if doors is not None else maze_generate(width, height,
                                                                                  rng or random.Random(number)))  # fmt: skip
    level.full_clean()
    if not Question.objects.filter(bank=bank, tags__contains=tag, kind__in=MAZE_KINDS).exists():
        raise ValidationError({"tag": _("The bank has no choice questions with this tag.")})
    level.save()
    audit(actor=actor, action="quizzes.maze_level_create", obj=level, org_path=org.path)
    return level


MAZE_KINDS = (QuestionKind.SINGLE, QuestionKind.TRUE_FALSE)


def maze_exit(level: MazeLevel) -> Room:
    return (level.height - 1, level.width - 1)


def maze_reachable(level: MazeLevel, start: Room, closed: Iterable[str]) -> bool:
    """Can the exit still be reached from ``start`` through doors that are not closed?"""
    blocked = set(closed)
    links: dict[Room, list[Room]] = defaultdict(list)
    for key in level.doors:
        if key in blocked:
            continue
        a, b = door_rooms(key)
        links[a].append(b)
        links[b].append(a)
    seen, todo = {start}, [start]
    while todo:
        room = todo.pop()
        if room == maze_exit(level):
            return True
        for nxt in links[room]:
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return False


def maze_unlocked(*, member: Member, level: MazeLevel) -> bool:
    if level.number <= 1:
        return True
    return MazeRun.objects.filter(level__org=level.org, level__number=level.number - 1, member=member,
                                  completed_at__isnull=False).exists()  # fmt: skip


def _maze_member(actor: Any, level: MazeLevel) -> Member:
    member = member_of(actor)
    if member is None:
        raise PermissionDenied(_("Only members play the maze."))
    if not Member.objects.filter(pk=member.pk, org__path__startswith=level.org.path).exists():
        raise PermissionDenied(_("This maze is not for your organisation."))
    if not maze_unlocked(member=member, level=level):
        raise PermissionDenied(_("Finish the previous level first."))
    return member


def maze_run_for(*, actor: Any, level: MazeLevel, restart: bool = False) -> MazeRun:
    member = _maze_member(actor, level)
    run, _created = MazeRun.objects.get_or_create(level=level, member=member)
    if restart:
        MazeRun.objects.filter(pk=run.pk).update(row=0, col=0, opened=[], closed=[], pending_door="",
                                                 pending_question=None, asked=[], correct=0, wrong=0,
                                                 completed_at=None)  # fmt: skip
        run.refresh_from_db()
    return run


@dataclass
class MazeOutcome:
    run: MazeRun
    event: str  # moved / question / closed / wall / reopened / completed / correct / wrong
    question: Question | None = None


@transaction.atomic
def maze_knock(*, actor: Any, run: MazeRun, target: Room) -> MazeOutcome:
    """Try to go to the adjacent room ``target``: through an open door at once, otherwise
    the door asks a question from the level's tag."""
    run = MazeRun.objects.select_for_update(of=("self",)).select_related("level", "level__org").get(pk=run.pk)
    level = run.level
    member = _maze_member(actor, level)
    if member.pk != run.member_id:
        raise PermissionDenied(_("This is not your maze."))
    if run.completed_at is not None:
        return MazeOutcome(run, "completed")
    here = (run.row, run.col)
    if abs(here[0] - target[0]) + abs(here[1] - target[1]) != 1:
        return MazeOutcome(run, "wall")
    key = door_key(here, target)
    if key not in level.doors:
        return MazeOutcome(run, "wall")
    if key in run.closed:
        return MazeOutcome(run, "closed")
    if key in run.opened:
        return _maze_move(run, target)
    if run.pending_door == key and run.pending_question_id:
        return MazeOutcome(run, "question", run.pending_question)
    question = _maze_question(level, run)
    run.pending_door, run.pending_question = key, question
    run.asked = [*run.asked, question.pk]
    run.save(update_fields=["pending_door", "pending_question", "asked", "updated_at"])
    return MazeOutcome(run, "question", question)


def _maze_question(level: MazeLevel, run: MazeRun) -> Question:
    pool = [q for q in Question.objects.filter(bank_id=level.bank_id, kind__in=MAZE_KINDS, is_active=True,
                                               tags__contains=level.tag).order_by("id")
            if level.tag in q.tag_list]  # fmt: skip
    if not pool:
        raise ValidationError(_("The bank has no choice questions with this tag."))
    fresh = [q for q in pool if q.pk not in set(run.asked)] or pool
    return random.SystemRandom().choice(fresh)


def _maze_move(run: MazeRun, target: Room) -> MazeOutcome:
    run.row, run.col = target
    fields = ["row", "col", "updated_at"]
    event = "moved"
    if target == maze_exit(run.level):
        run.completed_at = timezone.now()
        fields.append("completed_at")
        event = "completed"
    run.save(update_fields=fields)
    return MazeOutcome(run, event)


@transaction.atomic
def maze_answer(*, actor: Any, run: MazeRun, response: Any) -> MazeOutcome:
    """Answer the door's question: right opens it and walks through; wrong closes it and the
    player tries another door. If no way to the exit is left, closed doors reopen."""
    run = (
        MazeRun.objects.select_for_update(of=("self",))
        .select_related("level", "level__org", "pending_question")
        .get(pk=run.pk)
    )
    member = _maze_member(actor, run.level)
    if member.pk != run.member_id:
        raise PermissionDenied(_("This is not your maze."))
    question = run.pending_question
    if question is None or not run.pending_door:
        return MazeOutcome(run, "moved")
    key = run.pending_door
    ok = scoring.credit(question.kind, question.answer, clean_response(question.kind, response)) >= 1
    run.pending_door, run.pending_question = "", None
    if ok:
        run.correct += 1
        run.opened = [*run.opened, key]
        run.save(update_fields=["pending_door", "pending_question", "correct", "opened", "updated_at"])
        a, b = door_rooms(key)
        target = b if (run.row, run.col) == a else a
        outcome = _maze_move(run, target)
        outcome.question = question
        if outcome.event != "completed":
            outcome.event = "correct"
        return outcome
    run.wrong += 1
    run.closed = [*run.closed, key]
    event = "wrong"
    if not maze_reachable(run.level, (run.row, run.col), run.closed):
        run.closed = []
        event = "reopened"
    run.save(update_fields=["pending_door", "pending_question", "wrong", "closed", "updated_at"])
    practice_add(member=member, question_ids=[question.pk], now=timezone.now())
    return MazeOutcome(run, event, question)


# --- Spaced practice (FSRS) ----------------------------------------------------------------

# One learning step: a right answer graduates the card to days-long intervals at once, a wrong
# one brings it back in ten minutes (the same day's queue). No fuzz: reviews are reproducible.
SCHEDULER = Scheduler(learning_steps=(datetime.timedelta(minutes=10),), enable_fuzzing=False)


def practice_add(*, member: Member, question_ids: Sequence[int], now: datetime.datetime) -> None:
    """Put questions the member got wrong into their deck, due now."""
    if not question_ids:
        return
    ids = sorted(set(question_ids))
    have = set(PracticeCard.objects.filter(member=member, question_id__in=ids).values_list("question_id", flat=True))
    utc_now = now.astimezone(datetime.UTC)
    PracticeCard.objects.bulk_create(
        [PracticeCard(member=member, question_id=q, due=now, card=Card(card_id=q, due=utc_now).to_dict())
         for q in ids if q not in have],
        ignore_conflicts=True,
    )  # fmt: skip
    if have:
        PracticeCard.objects.filter(member=member, question_id__in=have, due__gt=now).update(due=now)


@transaction.atomic
def practice_review(*, actor: Any, card: PracticeCard, response: Any,
                    now: datetime.datetime | None = None) -> tuple[PracticeCard, bool]:  # fmt: skip
    """Answer a practice question: FSRS schedules the next review (Good if right, Again if
    wrong). Returns (card, correct)."""
    now = now or timezone.now()
    member = member_of(actor)
    if member is None or member.pk != card.member_id:
        raise PermissionDenied(_("This is not your practice card."))
    card = PracticeCard.objects.select_for_update(of=("self",)).select_related("question").get(pk=card.pk)
    question = card.question
    correct = scoring.credit(question.kind, question.answer, clean_response(question.kind, response)) >= 1
    fsrs_card = Card.from_dict(card.card) if card.card else Card(card_id=question.pk)  # type: ignore[arg-type]
    fsrs_card, _log = SCHEDULER.review_card(fsrs_card, Rating.Good if correct else Rating.Again,
                                            review_datetime=now.astimezone(datetime.UTC))  # fmt: skip
    card.card = fsrs_card.to_dict()
    card.due = fsrs_card.due
    card.reviews += 1
    card.lapses += 0 if correct else 1
    card.save(update_fields=["card", "due", "reviews", "lapses"])
    org = Organization.objects.get(pk=Member.objects.filter(pk=member.pk).values_list("org_id", flat=True)[0])
    day = timezone.localdate(now)
    PracticeReview.objects.create(card=card, member_id=member.pk, org=org, day=day, reviewed_at=now, correct=correct)
    rollup_bump_many([Bump(org.pk, org.path, counters.PRACTICE_REVIEWS, day)])
    return card, correct
