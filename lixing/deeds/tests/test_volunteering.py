import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from lixing.deeds import services
from lixing.deeds.models import CommunityRegistration
from lixing.figures.periods import Period
from lixing.figures.registry import Group, all_figures
from lixing.figures.selectors import figure_values
from lixing.orgs.access import SYSTEM
from lixing.orgs.models import OrgKind
from lixing.orgs.services import org_create

from .helpers import assert_counters_equal_rebuild


@pytest.fixture
def community(district):
    return org_create(
        actor=SYSTEM,
        parent=district.committee_b,
        name="海湾社区党总支",
        kind=OrgKind.GENERAL_BRANCH,
        unit_name="海湾社区居民委员会",
        unit_type="community",
    )


def test_units_and_members_register_and_service_hours_count_once_confirmed(district, community):
    services.register_unit(actor=district.unit_admin, community=community, unit=district.committee_a)
    with pytest.raises(ValidationError):
        services.register_unit(actor=district.unit_admin, community=community, unit=district.committee_a)
    member = district.client(district.member)
    member.post(reverse("deeds:register_me"), {"community": community.pk})
    assert CommunityRegistration.objects.filter(member=district.a1_members[1], community=community).exists()
    a = services.activity_publish(actor=SYSTEM, community=community, title="党员公益日义剪",
                                  held_on=datetime.date(2021, 5, 28))  # fmt: skip
    member.post(reverse("deeds:activity_sign_up", args=[a.pk]))
    record = a.records.get()
    member.post(reverse("deeds:record_action", args=[record.pk, "log"]), {"hours": "2.5", "people_served": "12"})
    values = figure_values(actor=SYSTEM, orgs=[district.root], period=Period.parse("2021"),
                           figures=all_figures(Group.DEEDS))[district.root.pk]  # fmt: skip
    assert values["deeds.volunteer.hours"].value == 0
    assert (
        district.client(district.member).post(reverse("deeds:record_action", args=[record.pk, "confirm"])).status_code
        == 403
    )
    services.volunteer_confirm(actor=SYSTEM, record=record)
    both = figure_values(actor=SYSTEM, orgs=[district.root, district.branch_a1], period=Period.parse("2021"),
                           figures=all_figures(Group.DEEDS))  # fmt: skip
    root = both[district.root.pk]
    assert root["deeds.volunteer.hours"].display() == "2.5" and root["deeds.volunteer.served"].value == 12
    # Registrations are stocks as at the period's end: made today, they count for all time, not in 2021.
    assert root["deeds.registered.units"].value == 0 and root["deeds.registered.members"].value == 0
    now = figure_values(actor=SYSTEM, orgs=[district.root], period=Period.parse("all"),
                        figures=all_figures(Group.DEEDS))[district.root.pk]  # fmt: skip
    assert now["deeds.registered.units"].value == 1 and now["deeds.registered.members"].value == 1
    assert root["deeds.activities"].value == 1
    assert both[district.branch_a1.pk]["deeds.volunteer.hours"].display() == "2.5"
    assert_counters_equal_rebuild([district.root.pk, district.committee_b.pk, district.branch_a1.pk])


def test_stations_and_action_groups_are_registries_with_members(district):
    admin = district.client(district.unit_admin)
    resp = admin.post(reverse("deeds:teams") + f"?org={district.branch_a1.pk}",
                      {"kind": "action_group", "name": "平安巡防行动小组", "focus": "夜间巡逻"})  # fmt: skip
    assert resp.status_code == 302
    team_url = resp["Location"]
    admin.post(team_url, {"members": [m.pk for m in district.a1_members[:3]]})
    page = admin.get(team_url).content.decode()
    assert all(m.name in page for m in district.a1_members[:3])
    assert district.client(district.other_member).get(team_url).status_code == 404
    api = admin.get(f"/api/v1/deeds/teams?org_id={district.committee_a.pk}").json()
    assert api[0]["name"] == "平安巡防行动小组" and len(api[0]["member_ids"]) == 3


def test_a_visit_without_problems_is_still_a_visit(district):
    admin = district.client(district.unit_admin)
    resp = admin.post(reverse("deeds:visit_new") + f"?org={district.committee_a.pk}", {
        "target_type": "enterprise", "target_name": "宁波艾斐堡智能安防有限公司", "visited_on": "2021-04-12",
        "topic": "我为企业解难题", "members": [district.a1_members[0].pk],
    })  # fmt: skip
    assert resp.status_code == 302
    values = figure_values(actor=SYSTEM, orgs=[district.committee_a], period=Period.parse("2021"),
                           figures=all_figures(Group.DEEDS))[district.committee_a.pk]  # fmt: skip
    assert values["deeds.visits"].value == 1 and values["deeds.visits.enterprise"].value == 1
    assert values["deeds.tickets"].value == 0
    from .helpers import category

    resp = admin.post(reverse("deeds:visit_new") + f"?org={district.committee_a.pk}", {
        "target_type": "community", "target_name": "海湾社区", "visited_on": "2021-04-13", "topic": "走访",
        "problems": "停车难\n路灯不亮", "category": category("grassroots").pk,
    })  # fmt: skip
    detail = admin.get(resp["Location"]).content.decode()
    assert "停车难" in detail and "路灯不亮" in detail
    assert district.client(district.other_member).get(resp["Location"]).status_code == 404


def _one_of_each(district, community, i):
    services.visit_create(actor=SYSTEM, org=district.committee_a, target_type="village", target_name=f"村{i}",
                          visited_on=datetime.date(2021, 4, 1), topic="调研")  # fmt: skip
    services.project_propose(actor=SYSTEM, org=community, title=f"项目{i}", description="d", proposer_kind="unit")
    services.wish_post(actor=SYSTEM, org=community, beneficiary_name="王五", title=f"心愿{i}")
    services.activity_publish(actor=SYSTEM, community=community, title=f"活动{i}", held_on=datetime.date(2021, 5, 1))
    unit = [district.branch_a1, district.branch_a2, district.committee_a, district.root, district.branch_b1][i]
    services.register_unit(actor=SYSTEM, community=community, unit=unit)
    services.team_create(actor=SYSTEM, org=community, kind="station", name=f"驿站{i}")


def test_deeds_pages_use_a_fixed_number_of_queries(district, community, django_assert_max_num_queries):
    admin = district.client(district.district_admin)
    urls = [reverse(n) for n in ("deeds:index", "deeds:visits", "deeds:projects", "deeds:wishes", "deeds:activities",
                                 "deeds:registrations", "deeds:teams")]  # fmt: skip
    _one_of_each(district, community, 0)
    for u in urls:
        admin.get(u)
    counts = {}
    for u in urls:
        with django_assert_max_num_queries(25) as q:
            assert admin.get(u).status_code == 200
        counts[u] = len(q.captured_queries)
    for i in range(1, 5):
        _one_of_each(district, community, i)
    for u in urls:
        with django_assert_max_num_queries(counts[u]):
            assert admin.get(u).status_code == 200
