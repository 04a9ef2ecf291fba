"""Hand-ins of the same attempt racing in parallel count once (a conditional UPDATE claims it).

On PostgreSQL the racing transactions queue on the row lock and the losers' UPDATE matches no
row. The in-memory SQLite test database refuses a second writer at once ("table is locked")
instead of waiting, so there a refused request is retried, as a phone would retry it: the
retry must count nothing either.
"""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from django.db import OperationalError, connection

from lixing.orgs.rollups import read_totals
from lixing.quizzes import counters, services
from lixing.quizzes.models import Attempt, AttemptStatus, PaperResult

from .conftest import fixed_paper


@pytest.mark.django_db(transaction=True)
def test_racing_submissions_count_once(transactional_db: Any, district: Any, bank: Any) -> None:
    paper = fixed_paper(district, bank, ["S1", "S2"], shuffle_options=False, purpose="competition")
    attempt = services.attempt_start(actor=district.member, paper=paper)
    barrier = threading.Barrier(4)
    outcomes: list[Any] = []
    errors: list[BaseException] = []

    def hand_in() -> None:
        try:
            mine = Attempt.objects.get(pk=attempt.pk)
            barrier.wait(timeout=10)
            for _try in range(200):
                try:
                    outcome = services.attempt_submit(actor=district.member, attempt=mine, answers={1: [0], 2: [1]})
                except OperationalError as exc:
                    if "locked" not in str(exc):
                        raise
                    time.sleep(0.01)
                    continue
                outcomes.append(outcome[1])
                break
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=hand_in) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert not errors, errors
    assert sorted(outcomes) == [False, False, False, True]
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.SUBMITTED and attempt.score == 100.0
    assert PaperResult.objects.get(paper=paper).attempts == 1
    totals = read_totals([district.root.pk], [counters.ENTRIES, counters.SCORE], ["all"])
    assert totals == {(district.root.pk, counters.ENTRIES, "all"): 1, (district.root.pk, counters.SCORE, "all"): 1000}
