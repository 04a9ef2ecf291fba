import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from lixing.accounts.models import AuditLog
from lixing.orgs.access import SYSTEM
from lixing.orgs.models import CadreLevel, Rollup
from lixing.orgs.rollups import rollup_rebuild
from lixing.orgs.services import member_update
from lixing.study import services
from lixing.study.counters import (
    EXPECTED,
    LECTURES,
    LECTURES_BY_SECRETARY,
    ONLINE_VIEWERS,
    SESSIONS,
    held_key,
    kind_key,
    lecture_level_key,
)
from lixing.study.models import ExpectedAttendee, SpeakerRole

from .conftest import DAY, make_session, total


def _study_rows():
    return sorted(
        Rollup.objects.filter(key__startswith="study.")
        .exclude(own=0, total=0)
        .values_list("org_id", "key", "bucket", "own", "total")
    )


def test_a_session_with_two_kinds_counts_once_as_a_session_and_once_for_each_kind(district, kinds):
    make_session(district.branch_a1, "party_day", "special_lecture", speaker_member=district.a1_members[0])
    for org in (district.branch_a1, district.committee_a, district.root):
        assert total(org, SESSIONS) == 1
        assert total(org, kind_key("party_day")) == 1
        assert total(org, kind_key("special_lecture")) == 1
        assert total(org, SESSIONS, "2021Q2") == 1
    assert total(district.committee_b, SESSIONS) == 0
    assert total(district.root, held_key("party_day"), "2021-04") == 1


def test_expected_attendees_default_to_a_snapshot_of_the_units_members(district, kinds):
    s = make_session(district.branch_a1)
    assert set(ExpectedAttendee.objects.filter(session=s).values_list("member_id", flat=True)) == {
        m.pk for m in district.a1_members
    }
    assert s.expected_count == 5
    assert total(district.root, EXPECTED) == 5


def test_a_secretary_speaker_is_recorded_as_branch_secretary_with_the_cadre_level_snapshot(district, kinds):
    secretary = member_update(actor=SYSTEM, member=district.a1_members[0], cadre_level=CadreLevel.DIVISION)
    s = make_session(district.branch_a1, "special_lecture", speaker_member=secretary)
    assert s.speaker_role == SpeakerRole.BRANCH_SECRETARY
    assert s.speaker_cadre_level == CadreLevel.DIVISION
    assert total(district.root, LECTURES) == 1
    assert total(district.root, LECTURES_BY_SECRETARY) == 1
    assert total(district.root, lecture_level_key(CadreLevel.DIVISION)) == 1
    member_update(actor=SYSTEM, member=secretary, cadre_level=CadreLevel.NONE)
    s.refresh_from_db()
    assert s.speaker_cadre_level == CadreLevel.DIVISION


def test_a_guest_speaker_needs_no_member(district, kinds):
    s = make_session(district.branch_a1, "outreach_talk", speaker_name="宣讲团老党员", open_to_all=True)
    assert s.speaker_member is None
    assert s.speaker_display == "宣讲团老党员"
    assert s.speaker_role == SpeakerRole.OTHER


def test_a_session_needs_a_kind_and_a_place_or_a_link(district, kinds):
    with pytest.raises(ValidationError):
        services.session_create(actor=SYSTEM, unit=district.branch_a1, kinds=[], date=DAY, topic="x", place="y")
    with pytest.raises(ValidationError):
        make_session(district.branch_a1, place="")
    make_session(district.branch_a1, "live_class", place="", online_link="https://live.example.cn/1",
                     online_viewers=1200)  # fmt: skip
    assert total(district.root, ONLINE_VIEWERS) == 1200


def test_only_those_who_record_the_units_work_may_record_its_sessions(district, kinds):
    make_session(district.branch_a1, actor=district.secretary)
    with pytest.raises(PermissionDenied):
        make_session(district.branch_b1, actor=district.secretary)
    with pytest.raises(PermissionDenied):
        make_session(district.branch_a1, actor=district.member)


def test_editing_and_deleting_keep_the_counters_equal_to_a_rebuild(district, kinds):
    s = make_session(district.branch_a1, "party_day", speaker_member=district.a1_members[0])
    services.attendance_tick(actor=SYSTEM, session=s, members=district.a1_members[:3])
    other = make_session(district.branch_a2, "collective_study")
    services.attendance_tick(actor=SYSTEM, session=other, members=list(district.branch_a2.members.all()))
    services.session_update(actor=SYSTEM, session=s, kinds=[kinds["party_day"], kinds["special_lecture"]],
                            date=datetime.date(2021, 6, 1), online_viewers=30)  # fmt: skip
    incremental = _study_rows()
    assert total(district.root, SESSIONS, "2021-06") == 1
    assert total(district.root, SESSIONS, "2021-04") == 1
    rollup_rebuild(sources=["orgs", "study"])
    assert _study_rows() == incremental
    services.session_delete(actor=SYSTEM, session=s)
    incremental = _study_rows()
    assert total(district.root, SESSIONS) == 1
    rollup_rebuild(sources=["orgs", "study"])
    assert _study_rows() == incremental


def test_every_change_is_audited(district, kinds):
    s = make_session(district.branch_a1, actor=district.secretary)
    services.session_update(actor=district.secretary, session=s, topic="新题目")
    actions = list(AuditLog.objects.filter(action__startswith="study.").values_list("action", flat=True))
    assert "study.session_create" in actions and "study.session_update" in actions
