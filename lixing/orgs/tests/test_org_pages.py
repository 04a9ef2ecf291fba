"""Organisation pages: create, edit, secretary, move, merge, dissolve — and who may do it."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from lixing.accounts.models import AuditLog
from lixing.orgs.access import SYSTEM
from lixing.orgs.models import Member, Organization, OrgKind, Transfer
from lixing.orgs.services import org_create, org_move

pytestmark = pytest.mark.django_db


def test_admin_creates_a_sub_organisation(district: Any) -> None:
    c = district.client(district.unit_admin)
    url = reverse("orgs:create", args=[district.committee_a.pk])
    assert c.get(url).status_code == 200
    r = c.post(url, {"name": "中共甲三支部委员会", "short_name": "甲三支部", "kind": OrgKind.BRANCH,
                     "contact_name": "张三", "contact_phone": "13800001111", "unit_name": "甲公司"})  # fmt: skip
    org = Organization.objects.get(short_name="甲三支部")
    assert r.status_code == 302 and r["Location"] == reverse("orgs:detail", args=[org.pk])
    assert org.parent == district.committee_a and org.path.startswith(district.committee_a.path)
    assert AuditLog.objects.filter(action="org.create", object_id=str(org.pk)).exists()


def test_a_bad_contact_phone_is_refused_in_chinese(district: Any) -> None:
    c = district.client(district.unit_admin)
    r = c.post(reverse("orgs:create", args=[district.committee_a.pk]),
               {"name": "甲四支部", "kind": OrgKind.BRANCH, "contact_phone": "12345"})  # fmt: skip
    assert r.status_code == 200
    assert "不是有效的电话号码" in r.content.decode()
    assert not Organization.objects.filter(name="甲四支部").exists()


def test_admin_edits_an_organisation(district: Any) -> None:
    c = district.client(district.district_admin)
    r = c.post(reverse("orgs:edit", args=[district.branch_a1.pk]),
               {"name": "中共甲一支部委员会", "short_name": "甲一", "kind": OrgKind.BRANCH, "unit_name": "甲公司"})  # fmt: skip
    assert r.status_code == 302
    district.branch_a1.refresh_from_db()
    assert (district.branch_a1.name, district.branch_a1.short_name) == ("中共甲一支部委员会", "甲一")
    entry = AuditLog.objects.get(action="org.update", object_id=str(district.branch_a1.pk))
    assert entry.before is not None and entry.before["name"] == "甲一支部"


def test_admin_sets_the_secretary(district: Any) -> None:
    c = district.client(district.unit_admin)
    new = district.a1_members[2]
    r = c.post(reverse("orgs:secretary", args=[district.branch_a1.pk]), {"member": new.pk})
    assert r.status_code == 302
    district.branch_a1.refresh_from_db()
    assert district.branch_a1.secretary == new


def test_moving_a_subtree_keeps_paths_and_refuses_cycles_with_a_clear_message(district: Any) -> None:
    c = district.client(district.district_admin)
    # Its own subtree is not offered, and a forged choice of it is refused …
    page = c.get(reverse("orgs:move", args=[district.committee_a.pk])).content.decode()
    assert f'value="{district.branch_a1.pk}"' not in page and f'value="{district.committee_b.pk}"' in page
    r = c.post(reverse("orgs:move", args=[district.committee_a.pk]), {"new_parent": district.branch_a1.pk})
    assert r.status_code == 200 and "选择一个有效的选项" in r.content.decode()
    # … and the service, whoever calls it, refuses a cycle with a clear message.
    with pytest.raises(ValidationError, match="不能把党组织移到它自身或它的下级党组织之下"):
        org_move(actor=district.district_admin, org=district.committee_a, new_parent=district.branch_a1)
    r = c.post(reverse("orgs:move", args=[district.branch_a2.pk]), {"new_parent": district.committee_b.pk})
    assert r.status_code == 302
    district.branch_a2.refresh_from_db()
    assert district.branch_a2.parent == district.committee_b
    assert district.branch_a2.path.startswith(district.committee_b.path)


def test_merging_two_branches_transfers_members_with_history_and_dissolves_the_source(district: Any) -> None:
    c = district.client(district.unit_admin)
    moved = list(Member.objects.filter(org=district.branch_a2))
    r = c.post(reverse("orgs:merge", args=[district.branch_a2.pk]), {"target": district.branch_a1.pk, "reason": "合并"})
    assert r.status_code == 302 and r["Location"] == reverse("orgs:detail", args=[district.branch_a1.pk])
    district.branch_a2.refresh_from_db()
    assert district.branch_a2.dissolved_at is not None and district.branch_a2.merged_into == district.branch_a1
    for m in moved:
        m.refresh_from_db()
        assert m.org == district.branch_a1
        assert Transfer.objects.filter(member=m, from_org=district.branch_a2, to_org=district.branch_a1).exists()
    page = c.get(reverse("orgs:detail", args=[district.branch_a2.pk])).content.decode()
    assert "该党组织已撤销" in page and "已并入" in page


def test_dissolving_an_organisation_with_members_is_refused_and_an_empty_one_is_dissolved(district: Any) -> None:
    c = district.client(district.unit_admin)
    r = c.post(reverse("orgs:dissolve", args=[district.branch_a1.pk]))
    assert r.status_code == 200 and "有党员的党组织不能撤销" in r.content.decode()
    district.branch_a1.refresh_from_db()
    assert district.branch_a1.is_active
    empty = org_create(actor=SYSTEM, parent=district.committee_a, name="空支部", kind=OrgKind.BRANCH)
    r = c.post(reverse("orgs:dissolve", args=[empty.pk]))
    assert r.status_code == 302
    empty.refresh_from_db()
    assert empty.dissolved_at is not None


@pytest.mark.parametrize("name", ["create", "edit", "secretary", "move", "merge", "dissolve"])
def test_a_secretary_may_not_change_the_structure(district: Any, name: str) -> None:
    c = district.client(district.secretary)
    assert c.get(reverse(f"orgs:{name}", args=[district.branch_a1.pk])).status_code == 403
    assert c.post(reverse(f"orgs:{name}", args=[district.branch_a1.pk]), {}).status_code == 403


@pytest.mark.parametrize("name", ["detail", "create", "edit", "move", "members", "export"])
def test_a_member_of_another_branch_sees_nothing_of_branch_a(district: Any, name: str) -> None:
    c = district.client(district.other_member)
    assert c.get(reverse(f"orgs:{name}", args=[district.branch_a1.pk])).status_code == 404


def test_action_buttons_show_only_to_those_with_the_right(district: Any) -> None:
    url = reverse("orgs:detail", args=[district.branch_a1.pk])
    admin_page = district.client(district.unit_admin).get(url).content.decode()
    assert reverse("orgs:move", args=[district.branch_a1.pk]) in admin_page
    assert reverse("orgs:member_create", args=[district.branch_a1.pk]) in admin_page
    secretary_page = district.client(district.secretary).get(url).content.decode()
    assert reverse("orgs:move", args=[district.branch_a1.pk]) not in secretary_page
    assert reverse("orgs:member_create", args=[district.branch_a1.pk]) in secretary_page
    member_page = district.client(district.member).get(url).content.decode()
    assert 'id="org-actions"' not in member_page


def test_the_tree_shows_member_counts_per_node_and_kind(district: Any, django_assert_max_num_queries: Any) -> None:
    c = district.client(district.district_admin)
    c.get(reverse("orgs:tree"))  # warm the session
    with django_assert_max_num_queries(12):
        r = c.get(reverse("orgs:tree"))
    page = r.content.decode()
    assert r.status_code == 200
    assert 'data-members="10"' in page  # the whole district
    assert 'data-members="5"' in page  # branch A1
    assert "党支部" in page and "<details" in page


def test_the_tree_page_costs_the_same_queries_for_a_bigger_tree(district: Any, django_assert_num_queries: Any) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    c = district.client(district.district_admin)
    c.get(reverse("orgs:tree"))
    with CaptureQueriesContext(connection) as small:
        c.get(reverse("orgs:tree"))
    for i in range(5):
        org_create(actor=SYSTEM, parent=district.committee_b, name=f"新支部{i}", kind=OrgKind.BRANCH)
    with django_assert_num_queries(len(small.captured_queries)):
        c.get(reverse("orgs:tree"))


def test_the_organisation_page_costs_the_same_queries_with_more_members(district: Any) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from conftest import make_member

    c = district.client(district.unit_admin)
    url = reverse("orgs:detail", args=[district.branch_a1.pk])
    c.get(url)
    with CaptureQueriesContext(connection) as small:
        c.get(url)
    for i in range(30):
        make_member(district.branch_a1, f"加{i}")
    with CaptureQueriesContext(connection) as big:
        page = c.get(url).content.decode()
    assert len(big.captured_queries) == len(small.captured_queries)
    assert "加29" in page
