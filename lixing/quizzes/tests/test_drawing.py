"""Blueprint papers: drawn afresh for each person, never repeating a question, options shuffled."""

from __future__ import annotations

import datetime
import random
from collections import Counter
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from lixing.orgs.access import SYSTEM
from lixing.quizzes import services
from lixing.quizzes.demo import BLUEPRINT, ensure_bank
from lixing.quizzes.models import AttemptItem, Paper, Question


def _blueprint_paper(district: Any, bank: Any, blueprint: list[dict[str, Any]]) -> Paper:
    now = timezone.now()
    return services.paper_create(actor=SYSTEM, org=district.root, bank=bank, title="抽题卷", blueprint=blueprint,
                                 opens_at=now - datetime.timedelta(hours=1), closes_at=now + datetime.timedelta(days=1))  # fmt: skip


def test_a_drawn_paper_never_repeats_a_question_and_follows_the_blueprint(district: Any) -> None:
    bank, _ = ensure_bank(actor=SYSTEM, org=district.root)
    paper = _blueprint_paper(district, bank, BLUEPRINT)
    questions = {q.pk: q for q in Question.objects.filter(bank=bank)}
    for seed in range(200):
        ids = services.draw_question_ids(paper, random.Random(seed))
        assert len(ids) == len(set(ids)) == 15
        # Every blueprint row is met (a question tagged twice fills one row only).
        for row in BLUEPRINT:
            fits = [i for i in ids if row["tag"] in questions[i].tag_list
                    and (not row["difficulty"] or questions[i].difficulty == row["difficulty"])]  # fmt: skip
            assert len(fits) >= int(str(row["count"]))


def test_each_person_gets_their_own_draw_and_option_order(district: Any) -> None:
    bank, _ = ensure_bank(actor=SYSTEM, org=district.root)
    paper = _blueprint_paper(district, bank, [{"tag": "党史事件", "difficulty": 0, "count": 10}])
    a = services.attempt_start(actor=district.member, paper=paper, rng=random.Random(1))
    b = services.attempt_start(actor=district.other_member, paper=paper, rng=random.Random(2))
    qa = list(AttemptItem.objects.filter(attempt=a).values_list("question_id", flat=True))
    qb = list(AttemptItem.objects.filter(attempt=b).values_list("question_id", flat=True))
    assert qa != qb
    orders = Counter(tuple(o) for o in AttemptItem.objects.filter(attempt__in=[a, b], question__kind="single")
                     .values_list("option_order", flat=True))  # fmt: skip
    assert len(orders) > 1  # not every question kept the bank's order


def test_a_blueprint_the_bank_cannot_fill_is_refused(district: Any, bank: Any) -> None:
    with pytest.raises(ValidationError, match="只有3道"):
        _blueprint_paper(district, bank, [{"tag": "二十大报告", "difficulty": 1, "count": 4}])
