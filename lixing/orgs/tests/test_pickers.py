"""Pickers among many: a search box instead of a 50,000-line select, scoped like the form."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

from lixing.orgs import forms
from lixing.orgs.models import Organization

pytestmark = pytest.mark.django_db


def options(html: str) -> list[str]:
    return re.findall(r'<option value="(\d+)"', html)


def test_a_few_choices_stay_a_plain_select(district: Any) -> None:
    page = district.client(district.district_admin).get(reverse("orgs:move", args=[district.branch_a2.pk]))
    html = page.content.decode()
    assert 'name="q"' not in html and str(district.committee_b.pk) in options(html)


def test_many_choices_become_a_search_that_finds_only_what_the_actor_may_choose(
    district: Any, monkeypatch: Any
) -> None:
    monkeypatch.setattr(forms, "PICKER_SELECT_MAX", 0)
    c = district.client(district.unit_admin)  # committee A only
    html = c.get(reverse("orgs:move", args=[district.branch_a2.pk])).content.decode()
    assert 'name="q"' in html and "hx-get" in html and options(html) == []  # nothing listed up front
    url = reverse("orgs:pick", args=[district.branch_a2.pk, "move"])
    found = c.get(url, {"q": "甲"}).content.decode()
    assert options(found) == [str(district.branch_a1.pk)]  # not its own parent, not itself
    assert str(district.committee_b.pk) not in options(c.get(url, {"q": "乙"}).content.decode())  # outside A
    assert "没有匹配" in c.get(url, {"q": "不存在的名字"}).content.decode()
    # What the search found is what the form accepts; what it hides, the form refuses.
    refused = c.post(reverse("orgs:move", args=[district.branch_a2.pk]), {"new_parent": district.committee_b.pk})
    assert refused.status_code == 200
    district.branch_a2.refresh_from_db()
    assert district.branch_a2.parent == district.committee_a
    moved = c.post(reverse("orgs:move", args=[district.branch_a2.pk]), {"new_parent": district.branch_a1.pk})
    assert moved.status_code == 302 and Organization.objects.get(pk=district.branch_a2.pk).parent == district.branch_a1


def test_the_secretary_and_transfer_pickers_search_by_name(district: Any, monkeypatch: Any) -> None:
    monkeypatch.setattr(forms, "PICKER_SELECT_MAX", 0)
    c = district.client(district.unit_admin)
    someone = district.a1_members[2]
    page = c.get(reverse("orgs:secretary", args=[district.branch_a1.pk])).content.decode()
    assert 'name="q"' in page and str(district.branch_a1.secretary_id) in options(page)  # the current one stays
    found = c.get(reverse("orgs:pick", args=[district.branch_a1.pk, "secretary"]), {"q": someone.name}).content
    assert str(someone.pk) in options(found.decode()) and "（暂无书记）" in found.decode()
    to = c.get(reverse("orgs:pick_transfer", args=[someone.pk]), {"q": "甲二"}).content.decode()
    assert options(to) == [str(district.branch_a2.pk)]


def test_pickers_are_closed_to_outsiders_and_unknown_purposes(district: Any) -> None:
    outsider = district.client(district.other_member)
    assert outsider.get(reverse("orgs:pick", args=[district.branch_a1.pk, "move"]), {"q": "甲"}).status_code in (
        403,
        404,
    )
    admin = district.client(district.district_admin)
    assert admin.get(reverse("orgs:pick", args=[district.branch_a1.pk, "nothing"])).status_code == 404
