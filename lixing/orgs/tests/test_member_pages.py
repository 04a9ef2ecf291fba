"""Roster pages: add and edit with validation, transfer with history, list with search and
paging — personal data masked unless the viewer has the right, full views logged."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse

from conftest import make_member
from lixing.accounts.models import AccessLog, AuditLog
from lixing.common.testing import unique_id_number
from lixing.orgs.models import Member
from lixing.orgs.validators import mask_id_number, mask_phone

pytestmark = pytest.mark.django_db


def form_data(n: int, **overrides: Any) -> dict[str, Any]:
    number, birth, gender = unique_id_number(n + 800_000)
    data = {
        "name": "新党员", "gender": gender, "id_number": number, "ethnicity": "汉族", "birth_date": birth.isoformat(),
        "education": "university", "category": "in_service", "joined_at": "2015-07-01", "confirmed_at": "2016-07-01",
        "job_post": "", "phone": "13812345678", "address": "", "standing": "normal", "work_unit": "某单位",
        "position": "", "cadre_level": "",
    }  # fmt: skip
    data.update(overrides)
    return data


def test_a_secretary_adds_a_member_with_all_fields(district: Any) -> None:
    c = district.client(district.secretary)
    url = reverse("orgs:member_create", args=[district.branch_a1.pk])
    assert c.get(url).status_code == 200
    r = c.post(url, form_data(1, is_mobile="on"))
    m = Member.objects.get(name="新党员")
    assert r.status_code == 302 and r["Location"] == reverse("orgs:member", args=[m.pk])
    assert m.org == district.branch_a1 and m.is_mobile and m.status == "full"
    assert AuditLog.objects.filter(action="member.create", object_id=str(m.pk)).exists()


def test_the_birth_date_is_taken_from_the_id_number_when_left_empty(district: Any) -> None:
    c = district.client(district.unit_admin)
    data = form_data(2, birth_date="")
    c.post(reverse("orgs:member_create", args=[district.branch_a1.pk]), data)
    m = Member.objects.get(id_number=data["id_number"])
    assert m.birth_date == unique_id_number(800_002)[1]


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"id_number": "33020619800101001X"}, "校验码不正确"),
        ({"birth_date": "1950-01-01"}, "不一致"),
        ({"phone": "555"}, "不是有效的电话号码"),
        ({"confirmed_at": "2010-01-01"}, "转正日期早于入党日期"),
    ],
)
def test_bad_input_is_refused_with_a_chinese_message(district: Any, override: dict[str, Any], message: str) -> None:
    c = district.client(district.secretary)
    r = c.post(reverse("orgs:member_create", args=[district.branch_a1.pk]), form_data(3, **override))
    assert r.status_code == 200
    assert message in r.content.decode()
    assert not Member.objects.filter(name="新党员").exists()


def test_the_gender_must_match_the_id_number(district: Any) -> None:
    data = form_data(4)
    data["gender"] = "F" if data["gender"] == "M" else "M"
    r = district.client(district.secretary).post(reverse("orgs:member_create", args=[district.branch_a1.pk]), data)
    assert "性别与公民身份号码不一致" in r.content.decode()


def test_editing_keeps_the_masked_id_and_phone_when_left_empty(district: Any) -> None:
    m = district.a1_members[3]
    c = district.client(district.secretary)
    page = c.get(reverse("orgs:member_edit", args=[m.pk])).content.decode()
    assert m.id_number not in page and mask_id_number(m.id_number) in page
    data = form_data(0, name="改名", id_number="", phone="", gender=m.gender, birth_date=m.birth_date.isoformat())
    r = c.post(reverse("orgs:member_edit", args=[m.pk]), data)
    assert r.status_code == 302, r.content.decode()[:2000]
    old_number, old_phone = m.id_number, m.phone
    m.refresh_from_db()
    assert (m.name, m.id_number, m.phone) == ("改名", old_number, old_phone)
    entry = AuditLog.objects.get(action="member.update", object_id=str(m.pk))
    assert entry.before is not None and entry.before["name"] == "甲一4" and "id_number" not in entry.before


def test_a_transfer_moves_the_member_and_shows_in_the_history(district: Any) -> None:
    m = district.a1_members[4]
    c = district.client(district.unit_admin)
    r = c.post(reverse("orgs:member_transfer", args=[m.pk]), {"to_org": district.branch_a2.pk, "reason": "工作调动"})
    assert r.status_code == 302
    m.refresh_from_db()
    assert m.org == district.branch_a2
    page = c.get(reverse("orgs:member", args=[m.pk])).content.decode()
    assert "工作调动" in page and "甲一支部 → 甲二支部" in page


def test_a_secretary_cannot_transfer_out_of_their_branch(district: Any) -> None:
    m = district.a1_members[4]
    r = district.client(district.secretary).post(reverse("orgs:member_transfer", args=[m.pk]),
                                                 {"to_org": district.branch_b1.pk, "reason": "x"})  # fmt: skip
    assert r.status_code == 200  # branch B1 is not a choice for them
    m.refresh_from_db()
    assert m.org == district.branch_a1


def test_the_list_is_masked_searchable_and_paged_with_constant_queries(
    district: Any, django_assert_num_queries: Any
) -> None:
    c = district.client(district.district_admin)
    url = reverse("orgs:members", args=[district.root.pk])
    c.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as before:
        page = c.get(url).content.decode()
    m = district.a1_members[2]
    assert mask_id_number(m.id_number) in page and m.id_number not in page
    assert mask_phone(m.phone) in page and m.phone not in page
    for i in range(60):
        make_member(district.branch_a2, f"加{i}")
    with django_assert_num_queries(len(before.captured_queries)):
        page = c.get(url).content.decode()
    assert "第 1 页" in page or "page=2" in page
    assert c.get(url + "?page=2").status_code == 200
    found = c.get(url + "?q=乙一2").content.decode()
    assert "乙一2" in found and "甲一3" not in found


def test_the_member_page_masks_and_reveal_writes_the_access_log(district: Any) -> None:
    m = district.a1_members[2]
    c = district.client(district.unit_admin)
    page = c.get(reverse("orgs:member", args=[m.pk])).content.decode()
    assert mask_id_number(m.id_number) in page and m.id_number not in page
    assert reverse("orgs:member_reveal", args=[m.pk]) in page
    r = c.post(reverse("orgs:member_reveal", args=[m.pk]))
    assert m.id_number in r.content.decode() and m.phone in r.content.decode()
    log = AccessLog.objects.get(subject_id=str(m.pk))
    assert (log.actor, log.context, log.fields) == (district.unit_admin, "page", "id_number,phone,birth_date,address")


def test_a_secretary_cannot_reveal(district: Any) -> None:
    m = district.a1_members[2]
    c = district.client(district.secretary)
    page = c.get(reverse("orgs:member", args=[m.pk])).content.decode()
    assert reverse("orgs:member_reveal", args=[m.pk]) not in page
    assert c.post(reverse("orgs:member_reveal", args=[m.pk])).status_code == 403
    assert not AccessLog.objects.exists()


@pytest.mark.parametrize("name", ["member", "member_edit", "member_transfer"])
def test_a_member_of_another_branch_gets_404_for_branch_a_members(district: Any, name: str) -> None:
    m = district.a1_members[2]
    c = district.client(district.other_member)
    assert c.get(reverse(f"orgs:{name}", args=[m.pk])).status_code == 404
    assert c.post(reverse("orgs:member_reveal", args=[m.pk])).status_code == 404


def test_a_plain_member_may_not_edit_or_add(district: Any) -> None:
    c = district.client(district.member)
    assert c.get(reverse("orgs:member_edit", args=[district.a1_members[3].pk])).status_code == 403
    assert c.get(reverse("orgs:member_create", args=[district.branch_a1.pk])).status_code == 403


def test_a_member_sees_their_own_page_masked(district: Any) -> None:
    me = district.a1_members[1]
    page = district.client(district.member).get(reverse("orgs:member", args=[me.pk])).content.decode()
    assert mask_id_number(me.id_number) in page and me.id_number not in page
    assert datetime.date.today().year > 2000
