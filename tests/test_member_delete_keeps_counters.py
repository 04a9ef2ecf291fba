"""Deleting a member with records of every line of work takes them off every counter in
the same transaction (their records go with them): the counters still equal a rebuild."""

from __future__ import annotations

from typing import Any

import pytest
from line_records import make_records

from lixing.orgs.access import SYSTEM
from lixing.orgs.rollups import rollup_verify
from lixing.orgs.services import member_delete
from lixing.study.models import StudySession


@pytest.fixture
def records(district: Any) -> Any:
    return make_records(district)


def test_deleting_a_member_with_records_keeps_every_counter_true(district: Any, records: Any) -> None:
    session = StudySession.objects.get()
    assert session.attended_count == 1
    member_delete(actor=SYSTEM, member=records, reason="去世")
    session.refresh_from_db()
    assert session.attended_count == 0
    assert rollup_verify() == []
