"""The JSON API: campaigns, plan tree, tasks and progress reports, with the pages' access rules."""

from __future__ import annotations

import json
from typing import Any

import pytest

from lixing.campaigns.models import Status

from .factories import make_plan

pytestmark = pytest.mark.django_db


def post(client, url: str, data: dict) -> Any:
    return client.post(url, json.dumps(data), content_type="application/json")


def test_the_office_creates_a_campaign_and_builds_its_plan(district) -> None:
    c = district.client(district.district_admin)
    r = post(c, "/api/v1/campaigns/", {"org_id": district.root.pk, "title": "学习贯彻二十大精神",
                                       "starts_on": "2022-11-01", "ends_on": "2023-06-30"})  # fmt: skip
    assert r.status_code == 201, r.content
    cid = r.json()["id"]
    theme = post(c, f"/api/v1/campaigns/{cid}/themes", {"title": "学思想"}).json()["id"]
    measure = post(c, f"/api/v1/campaigns/{cid}/themes/{theme}/measures", {"title": "专题学习"}).json()["id"]
    r = post(
        c,
        f"/api/v1/campaigns/{cid}/measures/{measure}/tasks",
        {
            "title": "中心组专题学习",
            "lead_unit_id": district.root.pk,
            "responsible_unit_ids": [district.branch_a1.pk, district.branch_b1.pk],
            "due_on": "2023-03-31",
            "weight": 2,
        },
    )
    assert r.status_code == 201, r.content
    tree = c.get(f"/api/v1/campaigns/{cid}/plan").json()
    task = tree[0]["measures"][0]["tasks"][0]
    assert task["title"] == "中心组专题学习" and len(task["assignments"]) == 2
    bad = post(c, f"/api/v1/campaigns/{cid}/measures/{measure}/tasks", {
        "title": "超期", "lead_unit_id": district.root.pk, "responsible_unit_ids": [district.branch_a1.pk],
        "due_on": "2024-01-01"})  # fmt: skip
    assert bad.status_code == 400


def test_a_unit_lists_only_its_tasks_reports_and_submits(district) -> None:
    plan = make_plan(district)
    sec = district.client(district.secretary)
    rows = sec.get(f"/api/v1/campaigns/{plan.campaign.pk}/tasks").json()["items"]
    assert [r["task_title"] for r in rows] == ["甲党委中心组专题学习"]
    aid = rows[0]["id"]
    r = post(sec, f"/api/v1/campaigns/assignments/{aid}/reports", {"percent": 60, "text": "已学习三次"})
    assert r.status_code == 201 and r.json()["percent"] == 60
    assert post(sec, f"/api/v1/campaigns/assignments/{aid}/submit", {}).json()["status"] == Status.SUBMITTED
    assert post(sec, f"/api/v1/campaigns/assignments/{aid}/verify", {}).status_code == 403
    lead = district.client(district.unit_admin)
    r = post(lead, f"/api/v1/campaigns/assignments/{aid}/return", {"reason": "请补充照片"})
    assert r.json()["status"] == Status.RETURNED and r.json()["return_reason"] == "请补充照片"
    reports = sec.get(f"/api/v1/campaigns/assignments/{aid}/reports").json()
    assert [x["kind"] for x in reports] == ["returned", "submitted", "progress"]


def test_the_api_hides_other_units_work(district) -> None:
    plan = make_plan(district)
    a = plan.share(plan.task_a, district.branch_a1)
    other = district.client(district.other_member)
    assert other.get(f"/api/v1/campaigns/assignments/{a.pk}").status_code == 404
    assert post(other, f"/api/v1/campaigns/assignments/{a.pk}/reports", {"percent": 1, "text": "x"}).status_code == 404
    assert other.get(f"/api/v1/campaigns/{plan.campaign.pk}/plan").status_code == 403
    assert "/api/v1/campaigns/{campaign_id}/plan" in district.client(district.district_admin).get(
        "/api/v1/openapi.json").json()["paths"]  # fmt: skip
