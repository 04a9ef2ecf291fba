"""Signing in by QR code: a signed, time-limited code bound to one session; counted once."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from lixing.orgs.rollups import rollup_rebuild
from lixing.study import services
from lixing.study.counters import ATTENDANCES, attended_key
from lixing.study.models import Attendance, StudySession

from .conftest import make_session, total


def _url(session, code):
    return f"{reverse('study:sign_in', args=[session.pk])}?code={code}"


def test_a_member_signs_in_with_the_sessions_code_and_is_counted(district, kinds):
    s = make_session(district.branch_a1)
    client = district.client(district.member)
    page = client.get(_url(s, services.signin_code(s)))
    assert page.status_code == 200 and "signin-button" in page.text
    done = client.post(reverse("study:sign_in", args=[s.pk]), {"code": services.signin_code(s)})
    assert done.status_code == 200 and "签到成功" in done.text
    s.refresh_from_db()
    assert s.attended_count == 1
    assert total(district.root, ATTENDANCES) == 1
    assert total(district.branch_a1, attended_key("month"), "2021-04") == 1


def test_signing_in_twice_counts_once(district, kinds):
    s = make_session(district.branch_a1)
    code = services.signin_code(s)
    assert services.attendance_sign_in(actor=district.member, session=s, code=code) is True
    assert services.attendance_sign_in(actor=district.member, session=s, code=code) is False
    page = district.client(district.member).post(reverse("study:sign_in", args=[s.pk]), {"code": code})
    assert "只计一次" in page.text
    assert Attendance.objects.filter(session=s).count() == 1
    assert StudySession.objects.get(pk=s.pk).attended_count == 1
    assert total(district.root, ATTENDANCES) == 1


def test_the_database_refuses_a_second_attendance_row(district, kinds):
    from django.db import IntegrityError, transaction

    s = make_session(district.branch_a1)
    m = district.a1_members[1]
    Attendance.objects.create(session=s, member=m, member_org=m.org, method="qr")
    with pytest.raises(IntegrityError), transaction.atomic():
        Attendance.objects.create(session=s, member=m, member_org=m.org, method="ticked")


def test_an_expired_code_is_refused_with_a_clear_message(district, kinds, settings):
    s = make_session(district.branch_a1)
    code = services.signin_code(s)
    settings.LIXING_STUDY_QR_TTL_SECONDS = -1
    page = district.client(district.member).post(reverse("study:sign_in", args=[s.pk]), {"code": code})
    assert page.status_code == 400
    assert "签到码已过期，请重新扫描现场屏幕上的二维码" in page.text
    with pytest.raises(ValidationError) as exc:
        services.attendance_sign_in(actor=district.member, session=s, code=code)
    assert exc.value.code == "expired"
    assert not Attendance.objects.exists()


def test_a_code_of_another_session_is_refused_with_a_clear_message(district, kinds):
    s = make_session(district.branch_a1)
    other = make_session(district.branch_a1, topic="另一场")
    page = district.client(district.member).post(
        reverse("study:sign_in", args=[s.pk]), {"code": services.signin_code(other)}
    )
    assert page.status_code == 400
    assert "该签到码不属于本次学习活动" in page.text
    assert not Attendance.objects.exists()


def test_a_forged_code_is_refused(district, kinds):
    s = make_session(district.branch_a1)
    forged = f"{s.pk}:1abcde:forged"
    page = district.client(district.member).get(_url(s, forged))
    assert page.status_code == 400 and "签到码无效" in page.text


def test_a_member_of_another_branch_cannot_sign_in_to_a_closed_session(district, kinds):
    s = make_session(district.branch_a1)
    page = district.client(district.other_member).post(
        reverse("study:sign_in", args=[s.pk]), {"code": services.signin_code(s)}
    )
    assert page.status_code == 400
    assert "仅限甲一支部党员参加" in page.text
    assert not Attendance.objects.exists()


def test_a_member_of_another_branch_may_sign_in_to_an_open_session(district, kinds):
    s = make_session(district.branch_a1, "outreach_talk", open_to_all=True)
    assert services.attendance_sign_in(actor=district.other_member, session=s, code=services.signin_code(s))
    rows = {r.member.pk: r for r in __import__("lixing.study.selectors", fromlist=["x"]).attendance_sheet(
        actor=district.secretary, session=s)}  # fmt: skip
    assert rows[district.b1_members[0].pk].expected is False


def test_an_account_without_a_member_cannot_sign_in(district, kinds):
    s = make_session(district.branch_a1)
    page = district.client(district.unit_admin).post(
        reverse("study:sign_in", args=[s.pk]), {"code": services.signin_code(s)}
    )
    assert page.status_code == 400
    assert not Attendance.objects.exists()


def test_the_sign_in_link_needs_an_account(district, kinds, client):
    s = make_session(district.branch_a1)
    page = client.get(_url(s, services.signin_code(s)))
    assert page.status_code == 302 and "/accounts/login/" in page["Location"]


def test_sign_ins_and_ticks_keep_the_tallies_equal_to_a_rebuild(district, kinds):
    s1 = make_session(district.branch_a1)
    s2 = make_session(district.branch_a1, topic="第二次")
    services.attendance_sign_in(actor=district.member, session=s1, code=services.signin_code(s1))
    services.attendance_tick(actor=district.secretary, session=s2, members=district.a1_members[:2])
    services.attendance_remove(actor=district.secretary, session=s2, member=district.a1_members[0])
    from lixing.orgs.models import Rollup

    before = sorted(Rollup.objects.filter(key__startswith="study.").exclude(own=0, total=0).values_list(
        "org_id", "key", "bucket", "own", "total"))  # fmt: skip
    rollup_rebuild(sources=["orgs", "study"])
    after = sorted(Rollup.objects.filter(key__startswith="study.").exclude(own=0, total=0).values_list(
        "org_id", "key", "bucket", "own", "total"))  # fmt: skip
    assert before == after
    assert total(district.branch_a1, attended_key("month"), "2021-04") == 1  # a1_members[1] only
