"""The member's pages cost a constant number of queries, whatever the data."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from lixing.quizzes import services

from .conftest import fixed_paper


def test_quiz_index_and_take_pages_have_pinned_query_counts(district: Any, bank: Any,
                                                          django_assert_max_num_queries: Any) -> None:  # fmt: skip
    client = district.client(district.member)
    papers = [fixed_paper(district, bank, ["S1", "S2", "S3", "M1", "T1", "T2", "F1"], title=f"卷{i}") for i in range(3)]
    attempt = services.attempt_start(actor=district.member, paper=papers[0])
    client.get(reverse("quizzes:index"))
    with django_assert_max_num_queries(16):
        assert client.get(reverse("quizzes:index")).status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get(reverse("quizzes:take", args=[services.attempt_token(attempt)])).status_code == 200
    services.attempt_submit(actor=district.member, attempt=attempt, answers={})
    with django_assert_max_num_queries(8):
        assert client.get(reverse("quizzes:review", args=[attempt.pk])).status_code == 200
