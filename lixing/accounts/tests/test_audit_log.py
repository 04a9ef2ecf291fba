from __future__ import annotations

from django.urls import reverse

from lixing.accounts.models import AuditLog
from lixing.orgs.services import org_update


def test_every_change_is_audited_with_before_and_after(district):
    org_update(actor=district.district_admin, org=district.branch_a1, name="甲一第一支部")
    entry = AuditLog.objects.filter(action="org.update").latest("id")
    assert entry.actor == district.district_admin
    assert entry.before is not None and entry.after is not None
    assert entry.before["name"] == "甲一支部"
    assert entry.after["name"] == "甲一第一支部"
    assert entry.org_path == district.branch_a1.path


def test_auditor_reads_the_log_with_filters(district):
    org_update(actor=district.district_admin, org=district.branch_a1, name="甲一第一支部")
    client = district.client(district.auditor)
    response = client.get(reverse("accounts:audit_log"), {"action": "org.update"})
    body = response.content.decode()
    assert response.status_code == 200
    table = body[body.index('id="audit"'):]
    assert "甲一第一支部" in table
    assert "新增党员" not in table  # member.create rows are filtered out


def test_the_log_reads_in_words_field_by_field(district):
    org_update(actor=district.district_admin, org=district.branch_a1, name="甲一第一支部")
    body = district.client(district.auditor).get(reverse("accounts:audit_log"), {"action": "org.update"}).content.decode()
    table = body[body.index('id="audit"'):]
    assert "修改党组织" in table and "org.update" not in table  # the action's name, not its code
    assert "<td>全称</td><td>甲一支部</td><td>甲一第一支部</td>" in table  # only what changed, with its label
    assert "{" not in table and "#" not in table  # no dict reprs, no ids
    # The filters are selects that offer the actions by name.
    assert '<select name="action"' in body and '<option value="org.update" selected>修改党组织</option>' in body


def test_auditor_cannot_change_anything(district):
    client = district.client(district.auditor)
    response = client.post(
        "/api/v1/orgs/", {"parent_id": district.root.pk, "name": "x", "kind": "branch"}, content_type="application/json"
    )
    assert response.status_code == 403


def test_secretary_and_member_cannot_read_the_audit_log(district):
    for user in (district.secretary, district.member):
        assert district.client(user).get(reverse("accounts:audit_log")).status_code == 403


def test_unit_auditor_sees_only_their_subtree(district):
    from conftest import make_user
    from lixing.accounts.models import Role

    unit_auditor = make_user("unit_auditor", Role.AUDITOR, district.committee_b)
    org_update(actor=district.district_admin, org=district.branch_a1, name="甲一改名")
    org_update(actor=district.district_admin, org=district.branch_b1, name="乙一改名")
    body = district.client(unit_auditor).get(reverse("accounts:audit_log")).content.decode()
    assert "乙一改名" in body
    assert "甲一改名" not in body


def test_audit_log_page_has_a_fixed_number_of_queries(district, django_assert_max_num_queries):
    for i in range(30):
        org_update(actor=district.district_admin, org=district.branch_a1, name=f"名称{i}")
    client = district.client(district.auditor)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("accounts:audit_log")).status_code == 200
