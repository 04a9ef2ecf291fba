"""Absentees are listed with a reason and can be marked as made up (补学)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from lixing.orgs.access import SYSTEM
from lixing.study import selectors, services

from .conftest import make_session


def test_the_secretary_records_a_reason_and_a_make_up(district, kinds):
    s = make_session(district.branch_a1)
    services.attendance_tick(actor=SYSTEM, session=s, members=district.a1_members[:3])
    absent = district.a1_members[3]
    c = district.client(district.secretary)
    c.post(reverse("study:absence_reason", args=[s.pk]), {"member": absent.pk, "reason": "出差"})
    page = c.get(reverse("study:session", args=[s.pk]))
    assert "出差" in page.text and "缺席" in page.text
    c.post(reverse("study:make_up", args=[s.pk]), {"member": absent.pk, "note": "自学会议材料"})
    rows = {r.member.pk: r for r in selectors.attendance_sheet(actor=district.secretary, session=s)}
    assert rows[absent.pk].made_up_at is not None and rows[absent.pk].absence_reason == "出差"


def test_a_member_sees_and_makes_up_their_own_absences(district, kinds):
    s = make_session(district.branch_a1)
    assert [a.session_id for a in selectors.my_absences(actor=district.member)] == [s.pk]
    c = district.client(district.member)
    me = c.get(reverse("study:me"))
    assert s.topic in me.text and "待补学" in me.text
    c.post(reverse("study:make_up", args=[s.pk]), {"note": "观看回放"})
    assert list(selectors.my_absences(actor=district.member)) == []


def test_an_attendee_has_no_absence_and_others_cannot_make_up_for_someone(district, kinds):
    s = make_session(district.branch_a1)
    services.attendance_tick(actor=SYSTEM, session=s, members=[district.a1_members[1]])
    with pytest.raises(ValidationError):
        services.absence_make_up(actor=SYSTEM, session=s, member=district.a1_members[1])
    with pytest.raises(PermissionDenied):
        services.absence_make_up(actor=district.other_member, session=s, member=district.a1_members[2])
    with pytest.raises(PermissionDenied):
        services.absence_set_reason(actor=district.member, session=s, member=district.a1_members[2], reason="x")
