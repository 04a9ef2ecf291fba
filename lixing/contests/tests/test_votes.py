"""Audience votes: capped per person and day, one per entry a day, held by the database even when
votes race; shown in their own column.

On PostgreSQL racing inserts queue on the unique index and the losers move to the next slot or
are refused. The in-memory SQLite test database refuses a second writer at once ("table is
locked"), so there a refused request is retried, as a phone would retry it."""

from __future__ import annotations

import datetime
import threading
import time
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import OperationalError, connection

from lixing.contests import services
from lixing.contests.models import Vote

from .conftest import entries

DAY = datetime.date(2021, 6, 18)


def test_the_cap_per_person_and_day_and_one_vote_per_entry(district, pk):
    a1, a2, b1 = entries(pk)
    services.vote_cast(voter="u1", contest=pk, entry=a1, day=DAY)
    with pytest.raises(ValidationError):
        services.vote_cast(voter="u1", contest=pk, entry=a1, day=DAY)
    services.vote_cast(voter="u1", contest=pk, entry=a2, day=DAY)
    with pytest.raises(ValidationError):
        services.vote_cast(voter="u1", contest=pk, entry=b1, day=DAY)  # cap of 2 reached
    services.vote_cast(voter="u1", contest=pk, entry=b1, day=DAY + datetime.timedelta(days=1))
    services.vote_cast(voter="u2", contest=pk, entry=b1, day=DAY)
    assert Vote.objects.filter(voter="u1").count() == 3


def test_votes_close_when_the_results_are_published(district, pk):
    services.contest_publish(actor=district.district_admin, contest=pk)
    with pytest.raises(ValidationError):
        services.vote_cast(voter="u1", contest=pk, entry=entries(pk)[0])


def test_voting_through_the_api_needs_an_account_and_reports_the_cap(client, district, pk):
    a1, a2, b1 = entries(pk)
    c = district.client(district.member)
    url = f"/api/v1/contests/contests/{pk.pk}/votes"
    assert c.post(url, {"entry_id": a1.pk}, content_type="application/json").json() == {"votes_today": 1, "cap": 2}
    assert c.post(url, {"entry_id": a2.pk}, content_type="application/json").status_code == 201
    r = c.post(url, {"entry_id": b1.pk}, content_type="application/json")
    assert r.status_code == 400 and Vote.objects.count() == 2
    assert client.post(url, {"entry_id": b1.pk}, content_type="application/json").status_code in (401, 403)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # keep the migrations' seeded rows for later tests
def test_racing_votes_never_pass_the_cap(transactional_db: Any, district: Any, pk: Any) -> None:
    targets = entries(pk) * 2  # six votes by one person for three entries, cap two a day
    barrier = threading.Barrier(len(targets))
    outcomes: list[str] = []
    errors: list[BaseException] = []

    def vote(entry: Any) -> None:
        try:
            barrier.wait(timeout=10)
            for _try in range(300):
                try:
                    services.vote_cast(voter="u7", contest=pk, entry=entry, day=DAY)
                    outcomes.append("ok")
                except ValidationError:
                    outcomes.append("refused")
                except OperationalError as exc:
                    if "locked" not in str(exc):
                        raise
                    time.sleep(0.01)
                    continue
                break
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=vote, args=(e,)) for e in targets]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors, errors
    assert sorted(outcomes) == ["ok", "ok", "refused", "refused", "refused", "refused"]
    assert Vote.objects.filter(voter="u7", day=DAY).count() == 2
    assert len(set(Vote.objects.filter(voter="u7").values_list("entry_id", flat=True))) == 2
