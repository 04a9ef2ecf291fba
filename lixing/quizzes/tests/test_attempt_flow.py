"""Taking a quiz: server-side clock, answers saved as you go, resume, idempotent hand-in."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from lixing.orgs.rollups import read_totals
from lixing.quizzes import counters, services
from lixing.quizzes.models import Attempt, AttemptItem, AttemptStatus, PaperResult

from .conftest import fixed_paper, qid


def _start(client: Any, paper: Any) -> tuple[Attempt, str]:
    response = client.post(reverse("quizzes:paper_start", args=[paper.pk]))
    assert response.status_code == 302
    token = response.url.rstrip("/").split("/")[-1]
    attempt_id, _deadline = services.token_read(token)
    return Attempt.objects.get(pk=attempt_id), token


def _position(attempt: Attempt, code: str) -> int:
    return AttemptItem.objects.get(attempt=attempt, question__code=code).position


def test_member_takes_a_quiz_saving_answers_as_they_go(district: Any, paper: Any, bank: Any) -> None:
    client = district.client(district.member)
    attempt, token = _start(client, paper)
    page = client.get(reverse("quizzes:take", args=[token]))
    assert page.status_code == 200
    assert "中共一大在哪座城市开幕" in page.content.decode()
    answer_url = reverse("quizzes:answer", args=[token])
    # The page saves without cookies: a bare client with only the token works.
    from django.test import Client

    bare = Client()
    assert bare.post(answer_url, {"pos": _position(attempt, "S1"), "value": "0"}).json() == {"ok": True}
    assert bare.post(answer_url, {"pos": _position(attempt, "M1"), "value": ["0", "1"]}).status_code == 200
    assert bare.post(answer_url, {"pos": _position(attempt, "F1"), "value": "江山", "kind": "fill"}).status_code == 200
    item = AttemptItem.objects.get(attempt=attempt, question__code="M1")
    assert item.response == [0, 1]
    # Hand in (T1 answered in the final form post): S1 1, M1 0 (all or nothing), T1 1, F1 1 → 75.
    response = client.post(reverse("quizzes:submit", args=[token]), {f"q{_position(attempt, 'T1')}": "0"})
    assert response.status_code == 302
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.SUBMITTED
    assert attempt.score == 75.0
    review = client.get(reverse("quizzes:review", args=[attempt.pk])).content.decode()
    assert "1921年7月在上海开幕" in review  # explanations after hand-in


def test_reload_resumes_the_same_attempt_and_clock(district: Any, paper: Any) -> None:
    client = district.client(district.member)
    first, token1 = _start(client, paper)
    services.answer_save(attempt_id=first.pk, position=1, response=[0])
    second, token2 = _start(client, paper)
    assert second.pk == first.pk
    assert second.deadline == first.deadline
    assert token1 == token2
    page = client.get(reverse("quizzes:take", args=[token2])).content.decode()
    assert "checked" in page  # the saved answer is shown again
    assert Attempt.objects.filter(paper=paper).count() == 1


def test_answer_after_the_deadline_is_refused(district: Any, paper: Any) -> None:
    client = district.client(district.member)
    attempt, token = _start(client, paper)
    later = attempt.deadline + datetime.timedelta(seconds=1)
    assert services.answer_save(attempt_id=attempt.pk, position=1, response=[0], now=later) is False
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - datetime.timedelta(seconds=5))
    attempt.refresh_from_db()
    token = services.attempt_token(attempt)
    response = client.post(reverse("quizzes:answer", args=[token]), {"pos": 1, "value": "0"})
    assert response.status_code == 409
    assert AttemptItem.objects.get(attempt=attempt, position=1).response is None


def test_late_submission_is_refused_and_only_saved_answers_count(district: Any, bank: Any) -> None:
    paper = fixed_paper(district, bank, ["S1", "S2"], shuffle_options=False)
    client = district.client(district.member)
    attempt, token = _start(client, paper)
    services.answer_save(attempt_id=attempt.pk, position=_position(attempt, "S1"), response=[0])
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - datetime.timedelta(seconds=1))
    response = client.post(reverse("quizzes:submit", args=[token]), {f"q{_position(attempt, 'S2')}": "1"})
    assert response.status_code == 302
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.EXPIRED
    assert attempt.score == 50.0  # S1 saved in time; the late S2 answer was not accepted
    assert AttemptItem.objects.get(attempt=attempt, question__code="S2").response is None
    with pytest.raises(services.LateSubmission):
        fresh = Attempt.objects.get(pk=attempt.pk)
        Attempt.objects.filter(pk=fresh.pk).update(status=AttemptStatus.OPEN)
        fresh.status = AttemptStatus.OPEN
        services.attempt_submit(actor=district.member, attempt=fresh, answers={})


def test_double_submit_counts_once(district: Any, paper: Any) -> None:
    client = district.client(district.member)
    attempt, token = _start(client, paper)
    for _ in range(3):
        client.post(reverse("quizzes:submit", args=[token]), {"q1": "0"})
    assert Attempt.objects.filter(paper=paper, status=AttemptStatus.SUBMITTED).count() == 1
    assert PaperResult.objects.get(paper=paper).attempts == 1
    _again, counted = services.attempt_submit(actor=district.member, attempt=attempt, answers={})
    assert counted is False


def test_attempts_allowed_and_the_best_attempt_counts(district: Any, bank: Any) -> None:
    paper = fixed_paper(district, bank, ["S1", "S2"], shuffle_options=False, attempts_allowed=2, counting="best",
                        purpose="competition")  # fmt: skip
    member = district.member
    a1 = services.attempt_start(actor=member, paper=paper)
    services.attempt_submit(actor=member, attempt=a1, answers={_position(a1, "S1"): [0], _position(a1, "S2"): [1]})
    a2 = services.attempt_start(actor=member, paper=paper)
    assert a2.number == 2
    services.attempt_submit(actor=member, attempt=a2, answers={_position(a2, "S1"): [0]})
    result = PaperResult.objects.get(paper=paper)
    assert (result.attempts, result.score) == (2, 100.0)
    with pytest.raises(ValidationError, match="2"):
        services.attempt_start(actor=member, paper=paper)
    org = district.branch_a1
    totals = read_totals([org.pk, district.root.pk], [counters.paper_score(paper.pk), counters.ENTRIES], ["all"])
    assert totals[(org.pk, counters.paper_score(paper.pk), "all")] == 1000
    assert totals[(district.root.pk, counters.ENTRIES, "all")] == 1


@pytest.mark.parametrize(("counting", "expected"), [("last", 50.0), ("first", 100.0), ("average", 75.0)])
def test_last_first_and_average_counting(district: Any, bank: Any, counting: str, expected: float) -> None:
    paper = fixed_paper(district, bank, ["S1", "S2"], shuffle_options=False, attempts_allowed=3, counting=counting)
    member = district.member
    a1 = services.attempt_start(actor=member, paper=paper)
    services.attempt_submit(actor=member, attempt=a1, answers={_position(a1, "S1"): [0], _position(a1, "S2"): [1]})
    a2 = services.attempt_start(actor=member, paper=paper)
    services.attempt_submit(actor=member, attempt=a2, answers={_position(a2, "S1"): [0]})
    assert PaperResult.objects.get(paper=paper).score == expected


def test_partial_rule_of_the_paper_applies(district: Any, bank: Any) -> None:
    paper = fixed_paper(district, bank, ["M1"], multiple_rule="partial")
    a = services.attempt_start(actor=district.member, paper=paper)
    services.attempt_submit(actor=district.member, attempt=a, answers={1: [0, 2]})
    a.refresh_from_db()
    assert a.score == 50.0


def test_closed_paper_and_other_subtree_cannot_be_started(district: Any, bank: Any) -> None:
    now = timezone.now()
    closed = fixed_paper(district, bank, ["S1"], opens_at=now - datetime.timedelta(days=2),
                         closes_at=now - datetime.timedelta(days=1))  # fmt: skip
    response = district.client(district.member).post(reverse("quizzes:paper_start", args=[closed.pk]))
    assert response.status_code == 302 and not Attempt.objects.exists()
    for_a = fixed_paper(district, bank, ["S1"], org=district.committee_a)
    assert district.client(district.other_member).get(reverse("quizzes:paper", args=[for_a.pk])).status_code == 404
    assert (
        district.client(district.other_member).post(reverse("quizzes:paper_start", args=[for_a.pk])).status_code == 404
    )
    assert district.client(district.member).get(reverse("quizzes:paper", args=[for_a.pk])).status_code == 200


def test_expired_attempts_are_closed_by_the_command(district: Any, paper: Any) -> None:
    from django.core.management import call_command

    a = services.attempt_start(actor=district.member, paper=paper)
    services.answer_save(attempt_id=a.pk, position=_position(a, "S1"), response=[0])
    Attempt.objects.filter(pk=a.pk).update(deadline=timezone.now() - datetime.timedelta(minutes=1))
    call_command("close_expired_attempts")
    a.refresh_from_db()
    assert a.status == AttemptStatus.EXPIRED and a.score == 25.0
    call_command("close_expired_attempts")  # idempotent
    assert PaperResult.objects.get(paper=paper).attempts == 1


def test_wrong_answers_go_into_the_practice_deck(district: Any, paper: Any, bank: Any) -> None:
    from lixing.quizzes.models import PracticeCard

    a = services.attempt_start(actor=district.member, paper=paper)
    services.attempt_submit(actor=district.member, attempt=a, answers={_position(a, "S1"): [0]})
    cards = set(PracticeCard.objects.values_list("question_id", flat=True))
    assert cards == {qid(bank, "M1"), qid(bank, "T1"), qid(bank, "F1")}
