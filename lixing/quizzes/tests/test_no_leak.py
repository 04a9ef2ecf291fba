"""Nobody sees a paper's key before handing in, nor another member's answers."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from lixing.quizzes import services
from lixing.quizzes.models import AttemptItem


def test_take_page_and_api_carry_no_key_before_hand_in(district: Any, paper: Any) -> None:
    client = district.client(district.member)
    attempt = services.attempt_start(actor=district.member, paper=paper)
    page = client.get(reverse("quizzes:take", args=[services.attempt_token(attempt)])).content.decode()
    for secret in ("1921年7月在上海开幕", "还有文化自信", "报告原文", "江山</", '"answer"'):
        assert secret not in page
    data = client.get(f"/api/v1/quizzes/attempts/{attempt.pk}").json()
    assert data["status"] == "open"
    assert all(item["answer"] is None and item["explanation"] is None and item["credit"] is None
               for item in data["items"])  # fmt: skip


def test_review_before_hand_in_sends_the_member_back_to_the_quiz(district: Any, paper: Any) -> None:
    attempt = services.attempt_start(actor=district.member, paper=paper)
    response = district.client(district.member).get(reverse("quizzes:review", args=[attempt.pk]))
    assert response.status_code == 302 and "/quizzes/a/" in response.url


def test_another_member_cannot_see_or_touch_an_attempt(district: Any, paper: Any) -> None:
    attempt = services.attempt_start(actor=district.member, paper=paper)
    token = services.attempt_token(attempt)
    services.attempt_submit(actor=district.member, attempt=attempt, answers={1: [0]})
    for user in (district.other_member, district.secretary, district.district_admin):
        client = district.client(user)
        assert client.get(reverse("quizzes:review", args=[attempt.pk])).status_code == 404
        assert client.get(reverse("quizzes:take", args=[token])).status_code == 404
        assert client.get(f"/api/v1/quizzes/attempts/{attempt.pk}").status_code == 404
        assert client.post(reverse("quizzes:submit", args=[token])).status_code == 404


def test_a_forged_token_saves_nothing(district: Any, paper: Any) -> None:
    attempt = services.attempt_start(actor=district.member, paper=paper)
    token = services.attempt_token(attempt)
    forged = token.replace(f"{attempt.pk}x", f"{attempt.pk + 1}x", 1)
    response = Client().post(reverse("quizzes:answer", args=[forged]), {"pos": 1, "value": "0"})
    assert response.status_code == 400
    assert not AttemptItem.objects.filter(response__isnull=False).exists()


def test_members_cannot_open_question_banks(district: Any, bank: Any) -> None:
    for user in (district.member, district.secretary):
        client = district.client(user)
        assert client.get(reverse("quizzes:bank", args=[bank.pk])).status_code == 404
        assert client.get(reverse("quizzes:banks")).status_code == 403
        assert client.get(f"/api/v1/quizzes/banks/{bank.pk}/questions").status_code == 404
    assert district.client(district.unit_admin).get(reverse("quizzes:bank", args=[bank.pk])).status_code == 200
