"""A transfer moves the member's counters of every line of work at once, in its own
transaction: study tallies ("members who attended at least N"), confirmed service hours,
quiz results, spot-check draws — no rebuild needed, and the counters equal a rebuild."""

from __future__ import annotations

from typing import Any

import pytest
from line_records import make_records

from lixing.figures.periods import Period
from lixing.figures.registry import get
from lixing.figures.selectors import figure_values
from lixing.orgs.access import SYSTEM
from lixing.orgs.models import Member, Organization
from lixing.orgs.rollups import rollup_verify
from lixing.orgs.services import member_transfer
from lixing.quizzes.models import PaperResult
from lixing.study.models import AttendanceTally


@pytest.fixture
def records(district: Any) -> Any:
    return make_records(district)


def _value(org: Organization, key: str, bucket: str = "all") -> Any:
    return figure_values(actor=SYSTEM, orgs=[org], period=Period.parse(bucket), figures=[get(key)])[org.pk][key]


def test_a_transferred_members_study_tally_counts_at_the_new_branch_at_once(district: Any, records: Any) -> None:
    before_a1 = _value(district.branch_a1, "study.attended_n", "2021")
    before_b1 = _value(district.branch_b1, "study.attended_n", "2021")
    member_transfer(actor=SYSTEM, member=records, to_org=district.branch_b1)
    after_a1 = _value(district.branch_a1, "study.attended_n", "2021")
    after_b1 = _value(district.branch_b1, "study.attended_n", "2021")
    assert (before_a1.numerator, after_a1.numerator) == (1, 0)
    assert (before_b1.numerator, after_b1.numerator) == (0, 1)
    assert after_b1.denominator == before_b1.denominator + 1  # the member counts where they now are
    assert set(AttendanceTally.objects.filter(member=records).values_list("org_id", flat=True)) == {
        district.branch_b1.pk
    }
    # The session and its person-time stay with the branch that held it.
    assert _value(district.branch_a1, "study.sessions").value == 1
    assert rollup_verify() == []


def test_a_transferred_members_service_hours_and_quiz_results_follow_them(district: Any, records: Any) -> None:
    assert _value(district.committee_a, "deeds.volunteer.hours").value == 2.5
    member_transfer(actor=SYSTEM, member=records, to_org=district.branch_b1)
    assert _value(district.committee_a, "deeds.volunteer.hours").value in (0, None)
    assert _value(district.committee_b, "deeds.volunteer.hours").value == 2.5
    assert _value(district.committee_b, "quizzes.entries").value == 1
    assert _value(district.committee_a, "quizzes.entries").value == 0
    assert PaperResult.objects.get(member=records).org_id == district.branch_b1.pk
    assert rollup_verify() == []


def test_a_member_transferred_back_and_forth_leaves_no_trace(district: Any, records: Any) -> None:
    member_transfer(actor=SYSTEM, member=records, to_org=district.branch_b1)
    records.refresh_from_db()
    member_transfer(actor=SYSTEM, member=records, to_org=district.branch_a2)
    assert _value(district.branch_a2, "study.attended_n", "2021").numerator == 1
    assert _value(district.branch_b1, "study.attended_n", "2021").numerator == 0
    assert rollup_verify() == []


def test_a_transfer_by_roster_import_moves_the_counters_too(district: Any, records: Any) -> None:
    import io

    from lixing.imports.services import import_run
    from lixing.orgs.tests.roster_files import roster_row, roster_xlsx

    row = roster_row(0, "甲一支部")
    import_run(actor=district.district_admin, kind="members", org=district.root, source=io.BytesIO(roster_xlsx([row])),
               name="t.xlsx")  # fmt: skip
    member = Member.objects.get(id_number=row["公民身份号码"])
    # Give the imported member a party day at A1, then move them to B1 by a second import.
    from lixing.study import services as study
    from lixing.study.models import StudySession

    study.attendance_tick(actor=SYSTEM, session=StudySession.objects.get(), members=[member])
    row["所在党组织"] = "乙一支部"
    outcome = import_run(actor=district.district_admin, kind="members", org=district.root,
                         source=io.BytesIO(roster_xlsx([row])), name="t.xlsx")  # fmt: skip
    assert outcome.update == 1
    assert _value(district.branch_b1, "study.attended_n", "2021").numerator == 1
    assert rollup_verify() == []
