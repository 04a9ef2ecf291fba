"""Spaced practice with FSRS: a daily queue of wrong and due questions, private to the member."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone

from lixing.orgs.rollups import read_totals
from lixing.quizzes import counters, services
from lixing.quizzes.models import PracticeCard

from .conftest import qid


def test_wrong_questions_are_due_today_and_a_right_answer_pushes_them_out(district: Any, bank: Any) -> None:
    member = district.a1_members[1]
    services.practice_add(member=member, question_ids=[qid(bank, "S1"), qid(bank, "T2")], now=timezone.now())
    client = district.client(district.member)
    page = client.get(reverse("quizzes:practice"))
    assert page.context["left"] == 2
    card = page.context["card"]
    q = card.question
    result = client.post(reverse("quizzes:practice_answer", args=[card.pk]), {"value": q.answer[0]})
    assert result.context["correct"] is True
    card.refresh_from_db()
    assert card.due > timezone.now() and card.reviews == 1
    assert card.card["state"] in (1, 2)  # FSRS learning/review state
    assert client.get(reverse("quizzes:practice")).context["left"] == 1


def test_a_wrong_practice_answer_keeps_it_due_soon(district: Any, bank: Any) -> None:
    member = district.a1_members[1]
    services.practice_add(member=member, question_ids=[qid(bank, "S2")], now=timezone.now())
    card = PracticeCard.objects.get()
    _card, correct = services.practice_review(actor=district.member, card=card, response=[0])
    assert correct is False
    card.refresh_from_db()
    assert card.lapses == 1
    assert (card.due - timezone.now()).total_seconds() < 3600
    assert read_totals([district.root.pk], [counters.PRACTICE_REVIEWS], ["all"])[
        (district.root.pk, counters.PRACTICE_REVIEWS, "all")] == 1  # fmt: skip


def test_practice_cards_are_private(district: Any, bank: Any) -> None:
    services.practice_add(member=district.a1_members[1], question_ids=[qid(bank, "S1")], now=timezone.now())
    card = PracticeCard.objects.get()
    for user in (district.other_member, district.secretary, district.district_admin):
        assert (
            district.client(user).post(reverse("quizzes:practice_answer", args=[card.pk]), {"value": 0}).status_code
            == 404
        )
        assert district.client(user).get(reverse("quizzes:practice")).context["card"] is None


def test_practice_over_the_api(district: Any, bank: Any) -> None:
    import json

    services.practice_add(member=district.a1_members[1], question_ids=[qid(bank, "T2")], now=timezone.now())
    client = district.client(district.member)
    queue = client.get("/api/v1/quizzes/practice").json()
    assert len(queue) == 1 and "answer" not in queue[0]
    result = client.post(f"/api/v1/quizzes/practice/{queue[0]['id']}", json.dumps({"value": [1]}),
                         content_type="application/json").json()  # fmt: skip
    assert result["correct"] is True and result["answer"] == [1]
    assert client.get("/api/v1/quizzes/practice").json() == []
    other = district.client(district.other_member)
    assert other.post(f"/api/v1/quizzes/practice/{queue[0]['id']}", json.dumps({"value": [1]}),
                      content_type="application/json").status_code == 404  # fmt: skip
