"""The office creates a campaign with its leading group and working groups; units inside see it."""

from __future__ import annotations

import pytest

from lixing.accounts.models import AuditLog
from lixing.campaigns.models import Campaign, GroupPerson, WorkingGroup

from .factories import make_plan

pytestmark = pytest.mark.django_db


def test_the_office_creates_a_campaign_on_screen(district) -> None:
    c = district.client(district.district_admin)
    response = c.post(f"/campaigns/new/?org={district.root.pk}", {
        "title": "学习贯彻二十大精神", "motto": "学思想、强党性", "starts_on": "2022-11-01", "ends_on": "2023-06-30",
        "theme_lead_days": 0, "measure_lead_days": 7, "task_lead_days": 7, "notice_after_days": 3, "reply_days": 5,
    })  # fmt: skip
    campaign = Campaign.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/campaigns/{campaign.pk}/"
    assert campaign.org == district.root
    assert AuditLog.objects.filter(action="campaign.create").count() == 1


def test_end_before_start_is_refused(district) -> None:
    c = district.client(district.district_admin)
    response = c.post(f"/campaigns/new/?org={district.root.pk}", {
        "title": "x", "starts_on": "2022-11-01", "ends_on": "2022-10-01", "theme_lead_days": 0,
        "measure_lead_days": 7, "task_lead_days": 7, "notice_after_days": 3, "reply_days": 5,
    })  # fmt: skip
    assert response.status_code == 200
    assert not Campaign.objects.exists()


def test_a_secretary_cannot_create_a_campaign(district) -> None:
    c = district.client(district.secretary)
    assert c.get(f"/campaigns/new/?org={district.branch_a1.pk}").status_code == 403
    assert c.get(f"/campaigns/new/?org={district.root.pk}").status_code == 404


def test_leading_group_and_working_groups_with_people(district) -> None:
    plan = make_plan(district)
    c = district.client(district.district_admin)
    c.post(f"/campaigns/{plan.campaign.pk}/groups/", {"name": "党史学习教育领导小组", "is_leading": "on"})
    c.post(f"/campaigns/{plan.campaign.pk}/groups/", {"name": "宣传报道组"})
    leading = WorkingGroup.objects.get(is_leading=True)
    c.post(f"/campaigns/{plan.campaign.pk}/people/", {"group": leading.pk, "name": "张书记", "role": "leader",
                                                      "position": "党工委书记"})  # fmt: skip
    assert GroupPerson.objects.get().group == leading
    page = c.get(f"/campaigns/{plan.campaign.pk}/").content.decode()
    assert "党史学习教育领导小组" in page and "张书记" in page and "宣传报道组" in page


def test_a_unit_admin_cannot_change_the_district_campaign(district) -> None:
    plan = make_plan(district)
    c = district.client(district.unit_admin)
    assert c.post(f"/campaigns/{plan.campaign.pk}/groups/", {"name": "x"}).status_code == 403
    assert not WorkingGroup.objects.exists()


def test_units_inside_see_the_campaign_but_not_the_groups(district) -> None:
    plan = make_plan(district)
    page = district.client(district.other_member).get("/campaigns/").content.decode()
    assert "2021年党史学习教育" in page
    detail = district.client(district.other_member).get(f"/campaigns/{plan.campaign.pk}/").content.decode()
    assert "乙党委红色教育" in detail and "甲党委中心组专题学习" not in detail


def test_a_user_outside_the_subtree_sees_nothing(district) -> None:
    from conftest import make_user
    from lixing.accounts.models import Role
    from lixing.orgs.access import SYSTEM
    from lixing.orgs.models import OrgKind
    from lixing.orgs.services import org_create

    plan = make_plan(district)
    elsewhere = org_create(actor=SYSTEM, parent=None, name="另一区", kind=OrgKind.WORKING_COMMITTEE)
    stranger = make_user("stranger", Role.DISTRICT_ADMIN, elsewhere)
    c = district.client(stranger)
    assert "2021年党史学习教育" not in c.get("/campaigns/").content.decode()
    assert c.get(f"/campaigns/{plan.campaign.pk}/").status_code == 404
    assert c.get(f"/campaigns/{plan.campaign.pk}/plan/").status_code == 404
