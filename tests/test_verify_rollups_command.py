"""`manage.py verify_rollups` compares the live counters with a rebuild, writing nothing,
prints every difference and fails (exit status 1) on any."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from line_records import make_records

from lixing.orgs.models import Rollup
from lixing.study.models import AttendanceTally


@pytest.fixture
def records(district: Any) -> Any:
    return make_records(district)


def verify(*args: str) -> str:
    out = StringIO()
    call_command("verify_rollups", *args, stdout=out)
    return out.getvalue()


def test_verify_passes_on_a_district_with_records_of_every_line_of_work(district: Any, records: Any) -> None:
    assert Rollup.objects.filter(key__startswith="study.").exists()
    assert Rollup.objects.filter(key__startswith="deeds.").exists()
    assert Rollup.objects.filter(key__startswith="quizzes.").exists()
    assert "match a rebuild" in verify()


def test_verify_fails_and_names_a_counter_changed_behind_its_back(district: Any, records: Any) -> None:
    row = Rollup.objects.get(org=district.committee_a, key="deeds.v.hours10", bucket="2021")
    Rollup.objects.filter(pk=row.pk).update(total=row.total + 7)
    out = StringIO()
    with pytest.raises(CommandError, match="1 roll-up counters differ"):
        call_command("verify_rollups", stdout=out)
    assert f"{district.committee_a.pk}\t甲党委\tdeeds.v.hours10\t2021\t0/32\t0/25" in out.getvalue()


def test_verify_finds_a_counter_row_that_should_not_exist(district: Any, records: Any) -> None:
    Rollup.objects.create(org=district.branch_b1, key="study.sessions", bucket="2021", own=1, total=1)
    with pytest.raises(CommandError):
        verify()


def test_verify_writes_nothing(district: Any, records: Any) -> None:
    counters = sorted(Rollup.objects.values_list("org_id", "key", "bucket", "own", "total"))
    tallies = sorted(AttendanceTally.objects.values_list("id", "member_id", "org_id", "bucket", "sessions"))
    verify()
    assert sorted(Rollup.objects.values_list("org_id", "key", "bucket", "own", "total")) == counters
    assert sorted(AttendanceTally.objects.values_list("id", "member_id", "org_id", "bucket", "sessions")) == tallies


def test_a_sample_of_subtrees_checks_only_those_subtrees(district: Any, records: Any) -> None:
    Rollup.objects.filter(org=district.branch_b1, key="orgs.members").update(own=40, total=40)
    assert "match a rebuild" in verify("--org", str(district.committee_a.pk))
    with pytest.raises(CommandError):
        verify("--org", str(district.committee_b.pk))
    # Two committees drawn at depth 2: both subtrees, so the drift is found.
    with pytest.raises(CommandError):
        verify("--sample", "2", "--seed", "1")
