"""The JSON API: banks for the office, attempts for the phone, boards for everybody in scope."""

from __future__ import annotations

import json
from typing import Any

from lixing.quizzes.models import Attempt, AttemptStatus


def test_phone_flow_over_the_api(district: Any, paper: Any) -> None:
    client = district.client(district.member)
    assert [p["id"] for p in client.get("/api/v1/quizzes/papers").json()] == [paper.pk]
    started = client.post(f"/api/v1/quizzes/papers/{paper.pk}/attempts")
    assert started.status_code == 201
    body = started.json()
    assert body["token"] and body["remaining_seconds"] > 500
    items = {i["text"]: i for i in body["items"]}
    s1 = items["中共一大在哪座城市开幕？"]
    shanghai = next(o["index"] for o in s1["options"] if o["text"] == "上海")
    put = client.put(f"/api/v1/quizzes/attempts/{body['id']}/answers/{s1['position']}",
                     json.dumps({"value": [shanghai]}), content_type="application/json")  # fmt: skip
    assert put.status_code == 200
    again = client.post(f"/api/v1/quizzes/papers/{paper.pk}/attempts").json()
    assert again["id"] == body["id"] and again["deadline"] == body["deadline"]
    assert next(i for i in again["items"] if i["position"] == s1["position"])["response"] == [shanghai]
    done = client.post(f"/api/v1/quizzes/attempts/{body['id']}/submit", "{}", content_type="application/json")
    assert done.status_code == 200 and done.json()["counted_now"] is True
    assert done.json()["attempt"]["score"] == 25.0
    review = done.json()["attempt"]["items"]
    assert all(i["answer"] is not None and i["explanation"] for i in review)
    retry = client.post(f"/api/v1/quizzes/attempts/{body['id']}/submit", "{}", content_type="application/json")
    assert retry.json()["counted_now"] is False
    assert Attempt.objects.get().status == AttemptStatus.SUBMITTED
    late = client.put(f"/api/v1/quizzes/attempts/{body['id']}/answers/1", json.dumps({"value": [0]}),
                      content_type="application/json")  # fmt: skip
    assert late.status_code == 409


def test_banks_over_the_api_are_for_the_office(district: Any, bank: Any) -> None:
    admin = district.client(district.district_admin)
    assert [b["id"] for b in admin.get("/api/v1/quizzes/banks").json()] == [bank.pk]
    assert len(admin.get(f"/api/v1/quizzes/banks/{bank.pk}/questions?tag=二十大报告").json()) == 3
    created = admin.post(f"/api/v1/quizzes/banks/{bank.pk}/questions", json.dumps({
        "kind": "single", "text": "遵义会议在哪个省召开？", "options": ["贵州", "江西"], "answer": [0], "tags": "党的会议",
    }), content_type="application/json")  # fmt: skip
    assert created.status_code == 201 and created.json()["code"].startswith("H")
    bad = admin.post(f"/api/v1/quizzes/banks/{bank.pk}/questions", json.dumps({
        "kind": "single", "text": "没有选项", "options": [], "answer": [0]}), content_type="application/json")  # fmt: skip
    assert bad.status_code == 400
    assert district.client(district.member).get("/api/v1/quizzes/banks").json() == []
    assert district.client(district.member).post(f"/api/v1/quizzes/banks/{bank.pk}/questions", "{}",
                                                 content_type="application/json").status_code in (404, 422)  # fmt: skip


def test_board_over_the_api(district: Any, bank: Any) -> None:
    from .test_competition import _competition, _take

    comp = _competition(district, bank)
    _take(district, district.a1_members[1], comp.paper, 2)
    data = district.client(district.district_admin).get(f"/api/v1/quizzes/competitions/{comp.pk}/board").json()
    assert data["org_id"] == district.root.pk
    assert data["top"][0]["score"] == 100.0
    assert district.client(district.other_member).get(
        f"/api/v1/quizzes/competitions/{comp.pk}/board?org={district.committee_a.pk}").status_code == 404  # fmt: skip
    schema = district.client(district.member).get("/api/v1/openapi.json").json()
    assert "/api/v1/quizzes/papers/{paper_id}/attempts" in schema["paths"]
