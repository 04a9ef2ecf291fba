"""The quizzes part of the demo district: the 党史 / 二十大 bank, a 党史知识竞赛 with
realistic participation, a spot check and three maze levels.

Participation is written in bulk (attempts, items, results) with the same counter bumps
the services make, so the figures and the rebuild agree.
"""

from __future__ import annotations

import datetime
import json
import random
from collections import defaultdict
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from lixing.common.demo import DemoContext
from lixing.orgs.access import SYSTEM
from lixing.orgs.models import Member, Organization
from lixing.orgs.rollups import Bump, rollup_bump_many

from . import counters, scoring, services
from .models import (
    Attempt,
    AttemptItem,
    AttemptStatus,
    Competition,
    MazeLevel,
    Paper,
    PaperResult,
    Question,
    QuestionBank,
    QuestionKind,
)

DATA = Path(__file__).resolve().parent / "data" / "questions.json"
BANK_NAME = "党史和党的二十大精神题库"
COMPETITION_TITLE = "党史知识竞赛"
BLUEPRINT = [
    {"tag": "党史事件", "difficulty": 1, "count": 4},
    {"tag": "党史事件", "difficulty": 2, "count": 3},
    {"tag": "二十大报告", "difficulty": 1, "count": 3},
    {"tag": "二十大报告", "difficulty": 2, "count": 2},
    {"tag": "党史人物", "difficulty": 0, "count": 2},
    {"tag": "党的会议", "difficulty": 3, "count": 1},
]
MAZE_LEVELS = [
    (1, "第一关：红船启航", "党史事件", 3, 3),
    (2, "第二关：伟大转折", "党的会议", 3, 4),
    (3, "第三关：奋进新征程", "二十大报告", 4, 4),
]


def load_items(path: Path = DATA) -> list[dict[str, Any]]:
    return list(json.loads(path.read_text(encoding="utf-8")))


def ensure_bank(*, actor: Any, org: Organization, path: Path = DATA) -> tuple[QuestionBank, services.LoadOutcome]:
    bank = QuestionBank.objects.filter(org=org, name=BANK_NAME).first()
    if bank is None:
        bank = services.bank_create(actor=actor, org=org, name=BANK_NAME,
                                    description="党史与党的二十大报告知识题，供竞赛、抽查、闯关和练习使用。")  # fmt: skip
    return bank, services.bank_load(actor=actor, bank=bank, items=load_items(path))


def build_demo_quizzes(ctx: DemoContext) -> None:
    root = Organization.objects.get(pk=ctx.root_id)
    bank, loaded = ensure_bank(actor=SYSTEM, org=root)
    ctx.say(f"quizzes: bank {bank.name}: {loaded.created} new questions")
    if Competition.objects.filter(paper__org=root, title=COMPETITION_TITLE).exists():
        return
    if ctx.preset != "district":
        ctx.say("quizzes: province preset: bank and maze only (competitions come from real use)")
        _maze(root, bank)
        return
    now = timezone.now()
    opens = now - datetime.timedelta(days=10)
    competition = services.competition_create(
        actor=SYSTEM, org=root, bank=bank, title=COMPETITION_TITLE, opens_at=opens,
        closes_at=now + datetime.timedelta(days=4), blueprint=BLUEPRINT, time_limit_minutes=20,
        attempts_allowed=2, description="学党史、悟思想、办实事、开新局：全区党员线上党史知识竞赛。",
    )  # fmt: skip
    _participation(ctx, competition.paper, opens, now)
    members = list(Member.objects.filter(org__path__startswith=root.path).values_list("id", flat=True))
    if members:
        services.spot_check_create(
            actor=SYSTEM, org=root, bank=bank, title="二十大精神学习抽查", deadline=now + datetime.timedelta(days=7),
            share_percent=5, rng=random.Random(ctx.rng.random()),
            blueprint=[{"tag": "二十大报告", "difficulty": 0, "count": 10}],
        )  # fmt: skip
    _maze(root, bank)


def _maze(root: Organization, bank: QuestionBank) -> None:
    for number, title, tag, width, height in MAZE_LEVELS:
        if not MazeLevel.objects.filter(org=root, number=number).exists():
            services.maze_level_create(actor=SYSTEM, org=root, bank=bank, number=number, title=title, tag=tag,
                                       width=width, height=height, rng=random.Random(number))  # fmt: skip


def _participation(ctx: DemoContext, paper: Paper, opens: datetime.datetime, now: datetime.datetime) -> None:
    """Members take part unit by unit at different rates (keen units ~90%, slow ones ~35%),
    with abilities that make scores spread realistically. Bulk-written, counters bumped."""
    rng = ctx.rng
    questions = {q.pk: q for q in Question.objects.filter(bank_id=paper.bank_id, is_active=True)}
    by_org: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for mid, org_id, path in Member.objects.filter(org__path__startswith=paper.org.path).values_list(
        "id", "org_id", "org__path"
    ):
        by_org[org_id].append((mid, path))
    span = max(1, int((now - opens).total_seconds()) - 3600)
    with transaction.atomic():
        attempts: list[Attempt] = []
        plans: list[tuple[Attempt, list[int], float, int, str]] = []
        for org_id in sorted(by_org):
            rate = rng.choice([0.35, 0.55, 0.7, 0.8, 0.9, 0.95])
            for mid, path in by_org[org_id]:
                if rng.random() > rate:
                    continue
                ability = min(0.97, max(0.3, rng.gauss(0.72, 0.14)))
                started = opens + datetime.timedelta(seconds=rng.randrange(span))
                qids = services.draw_question_ids(paper, rng)
                attempt = Attempt(paper=paper, member_id=mid, number=1, started_at=started,
                                  deadline=started + datetime.timedelta(minutes=paper.time_limit_minutes),
                                  finished_at=started + datetime.timedelta(minutes=rng.randint(4, 15)),
                                  status=AttemptStatus.SUBMITTED)  # fmt: skip
                attempts.append(attempt)
                plans.append((attempt, qids, ability, org_id, path))
        Attempt.objects.bulk_create(attempts, batch_size=1000)
        items: list[AttemptItem] = []
        results: list[PaperResult] = []
        bumps: list[Bump] = []
        for attempt, qids, ability, org_id, path in plans:
            credits = []
            for position, qid in enumerate(qids, start=1):
                q = questions[qid]
                response = _simulated_answer(q, ability, rng)
                c = scoring.credit(q.kind, q.answer, response, multiple_rule=paper.multiple_rule)
                credits.append(c)
                order = list(range(len(q.options)))
                if q.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
                    rng.shuffle(order)
                items.append(AttemptItem(attempt=attempt, position=position, question_id=qid, option_order=order,
                                         response=response, answered_at=attempt.started_at, credit=c))  # fmt: skip
            attempt.score = scoring.paper_score(credits)
            day = timezone.localdate(attempt.finished_at)
            tenths = round(attempt.score * 10)
            results.append(PaperResult(paper=paper, member_id=attempt.member_id, org_id=org_id, day=day, attempts=1,
                                       score=attempt.score, score_tenths=tenths))  # fmt: skip
            org = Organization(pk=org_id, path=path)
            bumps += counters.result_bumps(paper, org, day, entries=1, tenths=tenths)
        Attempt.objects.bulk_update(attempts, ["score"], batch_size=1000)
        AttemptItem.objects.bulk_create(items, batch_size=2000)
        PaperResult.objects.bulk_create(results, batch_size=1000)
        rollup_bump_many(bumps)
    ctx.say(f"quizzes: {COMPETITION_TITLE}: {len(plans)} entries")


def _simulated_answer(q: Question, ability: float, rng: random.Random) -> Any:
    right = rng.random() < ability - 0.1 * (q.difficulty - 2)
    if q.kind == QuestionKind.FILL:
        return [q.answer[0] if right else "不清楚"]
    if right:
        return sorted(q.answer)
    wrong = [i for i in range(len(q.options)) if i not in q.answer]
    if q.kind == QuestionKind.MULTIPLE and rng.random() < 0.5:
        return sorted(q.answer)[:-1]  # a correct subset: half credit under the partial rule
    return [rng.choice(wrong)] if wrong else []
