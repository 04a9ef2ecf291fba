"""Coverage figures equal a hand count, and their drill-downs are exactly the complement."""

import datetime

from lixing.figures.periods import Period
from lixing.figures.registry import get
from lixing.figures.selectors import figure_records, figure_values
from lixing.orgs.access import SYSTEM
from lixing.orgs.models import CadreLevel, Member, Organization, OrgKind
from lixing.orgs.services import member_update, org_create
from lixing.study import services
from lixing.study.models import Attendance

from .conftest import make_session


def _value(actor, org, key, period="2021"):
    return figure_values(actor=actor, orgs=[org], period=Period.parse(period), figures=[get(key)])[org.pk][key]


def _records(actor, org, key, period="2021"):
    return list(figure_records(actor=actor, org=org, period=Period.parse(period), key=key))


def test_branches_that_held_a_themed_party_day_and_the_list_of_those_that_did_not(district, kinds):
    a3 = org_create(actor=SYSTEM, parent=district.committee_a, name="甲三支部", kind=OrgKind.BRANCH)
    make_session(district.branch_a1, "party_day")
    make_session(district.branch_a1, "party_day", topic="第二次")
    make_session(district.branch_b1, "party_day", date=datetime.date(2020, 12, 1))  # another year
    make_session(district.committee_a, "party_day")  # a committee is not a branch
    make_session(district.branch_a2, "collective_study")  # another kind
    v = _value(district.district_admin, district.root, "study.held.party_day")
    assert (v.numerator, v.denominator) == (1, 4)
    branches = Organization.objects.filter(kind=OrgKind.BRANCH)
    held = {o.pk for o in branches if o.study_sessions.filter(kinds__code="party_day", date__year=2021).exists()}
    lagging = _records(district.district_admin, district.root, "study.held.party_day")
    assert (
        {o.pk for o in lagging}
        == {o.pk for o in branches} - held
        == {district.branch_a2.pk, district.branch_b1.pk, a3.pk}
    )
    v_all = _value(district.district_admin, district.root, "study.held.party_day", "all")
    assert v_all.numerator == 2
    # A unit admin sees their subtree only.
    v_a = _value(district.unit_admin, district.committee_a, "study.held.party_day")
    assert (v_a.numerator, v_a.denominator) == (1, 3)
    assert {o.pk for o in _records(district.unit_admin, district.committee_a, "study.held.party_day")} == {
        district.branch_a2.pk, a3.pk}  # fmt: skip


def test_members_who_attended_at_least_n_sessions_and_the_list_of_those_who_did_not(district, kinds, settings):
    s1 = make_session(district.branch_a1)
    s2 = make_session(district.branch_a1, date=datetime.date(2021, 5, 3))
    s3 = make_session(district.branch_b1)
    services.attendance_tick(actor=SYSTEM, session=s1, members=district.a1_members[:3])
    services.attendance_tick(actor=SYSTEM, session=s2, members=district.a1_members[1:2])
    services.attendance_tick(actor=SYSTEM, session=s3, members=district.b1_members[:1])
    v = _value(district.district_admin, district.root, "study.attended_n")
    members = list(Member.objects.all())
    attended = {m.pk for m in members if Attendance.objects.filter(member=m, session__date__year=2021).exists()}
    assert (v.numerator, v.denominator) == (len(attended), len(members)) == (4, 10)
    below = _records(district.district_admin, district.root, "study.attended_n")
    assert {m.pk for m in below} == {m.pk for m in members} - attended
    # By month: only April.
    assert _value(district.district_admin, district.root, "study.attended_n", "2021-05").numerator == 1
    assert _value(district.district_admin, district.branch_a1, "study.attended_n", "2021-04").numerator == 3
    assert len(_records(district.district_admin, district.branch_a1, "study.attended_n", "2021-05")) == 4


def test_members_who_attended_at_least_n_with_n_set_to_two(district, kinds, settings):
    settings.LIXING_STUDY_MIN_SESSIONS = 2
    s1 = make_session(district.branch_a1)
    s2 = make_session(district.branch_a1, date=datetime.date(2021, 5, 3))
    services.attendance_tick(actor=SYSTEM, session=s1, members=district.a1_members[:3])
    services.attendance_tick(actor=SYSTEM, session=s2, members=district.a1_members[1:2])
    v = _value(district.district_admin, district.root, "study.attended_n")
    assert v.numerator == 1
    assert len(_records(district.district_admin, district.root, "study.attended_n")) == 9
    services.attendance_remove(actor=SYSTEM, session=s2, member=district.a1_members[1])
    assert _value(district.district_admin, district.root, "study.attended_n").numerator == 0


def test_lectures_by_speaker_level_as_offices_report_them(district, kinds):
    cadre = member_update(actor=SYSTEM, member=district.b1_members[2], cadre_level=CadreLevel.DIVISION)
    make_session(district.branch_a1, "special_lecture", speaker_member=cadre)
    make_session(district.branch_a2, "special_lecture", "party_day", speaker_member=cadre)
    make_session(district.branch_a1, "special_lecture", speaker_member=district.a1_members[0])  # the secretary
    make_session(district.branch_a1, "workshop_lecture", speaker_member=district.a1_members[0])
    make_session(district.branch_a1, "party_day", speaker_member=cadre)  # not a lecture
    root = district.root
    assert _value(SYSTEM, root, "study.lectures.division").value == 2
    assert _value(SYSTEM, root, "study.lectures.branch_secretary").value == 2
    assert _value(SYSTEM, root, "study.lectures").value == 4
    assert len(_records(district.district_admin, root, "study.lectures.division")) == 2
    figure = get("study.lectures.division")
    assert str(figure.sentence).format(value=2) == "处级干部讲党课2次"


def test_online_viewers_are_summed(district, kinds):
    make_session(district.branch_a1, "live_class", place="", online_link="https://live.example.cn/a", online_viewers=1000,
                 expected_members=[])  # fmt: skip
    make_session(district.root, "live_class", place="", online_link="https://live.example.cn/b", online_viewers=234,
                 expected_members=[])  # fmt: skip
    assert _value(SYSTEM, district.root, "study.online_viewers").value == 1234
    assert _value(SYSTEM, district.committee_a, "study.online_viewers").value == 1000
