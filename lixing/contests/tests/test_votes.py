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


@pytest.mark.django_db(transaction=True)
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


def _code_for(phone: str) -> str:
    import re

    from lixing.deeds.models import OutboxMessage

    message = OutboxMessage.objects.filter(phone=phone).order_by("-id").first()
    assert message is not None
    found = re.search(r"\d{6}", message.text)
    assert found is not None
    return found.group(0)


def test_a_verified_phone_votes_without_an_account_within_the_same_cap(client, django_capture_on_commit_callbacks,
                                                                         district, pk):  # fmt: skip
    a1, a2, b1 = entries(pk)
    listed = client.get(f"/api/v1/contests/public/{pk.pk}/entries").json()
    assert [e["title"] for e in listed] == [a1.title, a2.title, b1.title]
    assert not any(e.member.name in str(listed) for e in (a1, a2, b1) if e.member)
    url = f"/api/v1/contests/public/{pk.pk}/votes"
    phone = "13812345670"

    def vote(entry: Any) -> Any:
        with django_capture_on_commit_callbacks(execute=True):
            client.post("/api/v1/deeds/public/phone-codes", {"phone": phone}, content_type="application/json")
        return client.post(url, {"entry_id": entry.pk, "phone": phone, "code": _code_for(phone)},
                           content_type="application/json")  # fmt: skip

    assert vote(a1).json() == {"votes_today": 1, "cap": 2}
    assert vote(a1).status_code == 400  # the same entry twice a day
    assert vote(a2).status_code == 201
    assert vote(b1).status_code == 400  # the cap
    assert client.post(url, {"entry_id": b1.pk, "phone": phone, "code": "000000"},
                       content_type="application/json").status_code == 400  # fmt: skip
    voters = set(Vote.objects.values_list("voter", flat=True))
    assert len(voters) == 1 and phone not in next(iter(voters)) and Vote.objects.count() == 2
    services.contest_publish(actor=district.district_admin, contest=pk)
    assert client.get(f"/api/v1/contests/public/{pk.pk}/entries").status_code == 404
