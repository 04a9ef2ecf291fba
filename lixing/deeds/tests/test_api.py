import datetime

from django.core.cache import cache
from django.test import Client

from lixing.deeds.models import Ticket

from .helpers import category


def test_the_openapi_schema_lists_deeds_and_public_operations_need_no_account(district):
    schema = Client().get("/api/v1/openapi.json").json()
    paths = schema["paths"]
    public = paths["/api/v1/deeds/public/tickets"]["post"]
    assert "security" not in public or public["security"] in ([], [{}])
    assert "/api/v1/deeds/public/tickets/{code}" in paths
    assert paths["/api/v1/deeds/tickets"]["get"].get("security")
    for p in (
        "/api/v1/deeds/visits",
        "/api/v1/deeds/projects",
        "/api/v1/deeds/wishes",
        "/api/v1/deeds/activities",
        "/api/v1/deeds/teams",
        "/api/v1/deeds/registrations/units",
        "/api/v1/deeds/tickets/figures",
    ):
        assert p in paths


def test_staff_work_a_ticket_through_the_api(district):
    cache.clear()
    admin, secretary = district.client(district.district_admin), district.client(district.secretary)
    created = admin.post("/api/v1/deeds/tickets", {
        "org_id": district.root.pk, "source": "hotline", "category_id": category().pk, "title": "井盖缺失",
        "description": "幸福路井盖缺失", "submitter_phone": "13800001111", "received_on": "2021-06-01",
    }, content_type="application/json")  # fmt: skip
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["submitter_phone"] == "138****1111"
    tid = body["id"]
    assigned = admin.post(f"/api/v1/deeds/tickets/{tid}/assign", {"unit_id": district.branch_a1.pk},
                          content_type="application/json")  # fmt: skip
    assert assigned.json()["state"] == "assigned"
    assert district.client(district.other_member).post(f"/api/v1/deeds/tickets/{tid}/start").status_code == 404
    assert secretary.post(f"/api/v1/deeds/tickets/{tid}/start").json()["state"] == "in_progress"
    bad = secretary.post(f"/api/v1/deeds/tickets/{tid}/answer", {"outcome": "cannot"}, content_type="application/json")
    assert bad.status_code == 400
    done = secretary.post(f"/api/v1/deeds/tickets/{tid}/answer", {"outcome": "resolved", "reply": "已补装"},
                          content_type="application/json")  # fmt: skip
    assert done.json()["state"] == "resolved"
    code = Ticket.objects.get(pk=tid).code
    confirmed = Client().post(f"/api/v1/deeds/public/tickets/{code}/confirm", {"satisfied": False},
                              content_type="application/json")  # fmt: skip
    assert confirmed.json()["state"] == "in_progress"
    assert [s["kind"] for s in confirmed.json()["steps"]][-1] == "reopened"


def test_visits_and_wishes_through_the_api(district):
    admin = district.client(district.unit_admin)
    visit = admin.post("/api/v1/deeds/visits", {
        "org_id": district.committee_a.pk, "target_type": "enterprise", "target_name": "宁波某石化设备有限公司",
        "visited_on": str(datetime.date(2021, 4, 8)), "topic": "三服务", "member_ids": [district.a1_members[0].pk],
        "problems": ["用工招聘难"], "category_id": category("enterprise").pk,
    }, content_type="application/json")  # fmt: skip
    assert visit.status_code == 201 and visit.json()["problems"] == 1
    wish = admin.post("/api/v1/deeds/wishes", {"org_id": district.committee_a.pk, "beneficiary_name": "李桂芳",
                                               "title": "老花镜"}, content_type="application/json")  # fmt: skip
    assert wish.status_code == 201 and wish.json()["initials"] == "李**"
    assert district.client(district.other_member).post("/api/v1/deeds/wishes", {
        "org_id": district.committee_a.pk, "beneficiary_name": "x", "title": "y"}, content_type="application/json",
    ).status_code == 404  # fmt: skip
