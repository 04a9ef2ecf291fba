"""Editing a bank on screen."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from lixing.quizzes.models import Paper, Question

from .conftest import qid


def test_office_adds_and_edits_questions_on_screen(
    district: Any, bank: Any, django_assert_max_num_queries: Any
) -> None:
    client = district.client(district.district_admin)
    response = client.post(reverse("quizzes:question_new", args=[bank.pk]), {
        "kind": "multiple", "text": "新发展理念包括：", "options": "创新\n协调\n绿色\n速度", "answer": "ABC",
        "tags": "党的理论、二十大报告", "difficulty": 2, "explanation": "还有开放、共享。", "source": "报告", "is_active": "on",
    })  # fmt: skip
    assert response.status_code == 302
    q = Question.objects.get(text="新发展理念包括：")
    assert (q.answer, q.tags) == ([0, 1, 2], "党的理论,二十大报告")
    edit = reverse("quizzes:question_edit", args=[bank.pk, qid(bank, "T1")])
    assert "对" in client.get(edit).content.decode()
    client.post(
        edit,
        {"kind": "truefalse", "text": "高质量发展是首要任务。", "answer": "错", "difficulty": 1, "is_active": "on"},
    )
    assert Question.objects.get(pk=qid(bank, "T1")).answer == [1]
    invalid = client.post(reverse("quizzes:question_new", args=[bank.pk]),
                          {"kind": "single", "text": "题", "options": "甲", "answer": "A", "difficulty": 1})  # fmt: skip
    assert invalid.status_code == 200 and not Question.objects.filter(text="题").exists()
    with django_assert_max_num_queries(12):
        assert client.get(reverse("quizzes:bank", args=[bank.pk])).status_code == 200


def test_office_creates_a_bank_and_a_competition_on_screen(district: Any, bank: Any) -> None:
    client = district.client(district.district_admin)
    assert client.post(reverse("quizzes:banks"), {"name": "新题库"}).status_code == 302
    response = client.post(reverse("quizzes:competition_new"), {
        "title": "知识竞赛", "bank": bank.pk, "blueprint": "党史事件, 0, 2\n二十大报告, 1, 2", "time_limit_minutes": 10,
        "attempts_allowed": 2, "counting": "best", "multiple_rule": "partial",
        "opens_at": "2026-01-01T08:00", "closes_at": "2030-01-01T08:00",
    })  # fmt: skip
    assert response.status_code == 302
    index = district.client(district.member).get(reverse("quizzes:index")).content.decode()
    assert "知识竞赛" in index
    bad = client.post(reverse("quizzes:paper_new"), {
        "title": "太多", "bank": bank.pk, "blueprint": "党史事件, 0, 20", "time_limit_minutes": 10,
        "attempts_allowed": 1, "counting": "best", "multiple_rule": "all",
        "opens_at": "2026-01-01T08:00", "closes_at": "2030-01-01T08:00",
    })  # fmt: skip
    assert bad.status_code == 200 and not Paper.objects.filter(title="太多").exists()
    assert district.client(district.member).get(reverse("quizzes:paper_new")).status_code == 403
