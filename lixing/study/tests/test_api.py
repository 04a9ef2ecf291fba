"""The study API: sessions, attendance and check-ins through the same services as the pages."""

import json

from lixing.study import services
from lixing.study.models import Attendance

from .conftest import make_session


def _post(client, url, data):
    return client.post(url, json.dumps(data), content_type="application/json")


def test_a_secretary_records_a_session_and_ticks_attendance_over_the_api(district, kinds):
    c = district.client(district.secretary)
    resp = _post(c, "/api/v1/study/sessions", {
        "unit_id": district.branch_a1.pk, "kinds": ["party_day", "special_lecture"], "date": "2021-04-20",
        "topic": "重温入党誓词", "place": "党员活动室", "speaker_member_id": district.a1_members[0].pk,
    })  # fmt: skip
    assert resp.status_code == 201, resp.content
    body = resp.json()
    assert body["kinds"] == ["special_lecture", "party_day"] and body["expected_count"] == 5
    assert body["speaker_role"] == "branch_secretary"
    sid = body["id"]
    tick = _post(c, f"/api/v1/study/sessions/{sid}/attendance", {"member_ids": [m.pk for m in district.a1_members[:3]]})
    assert tick.json() == {"counted": 3, "attended_count": 3}
    again = _post(c, f"/api/v1/study/sessions/{sid}/attendance", {"member_ids": [district.a1_members[0].pk]})
    assert again.json()["counted"] == 0
    rows = c.get(f"/api/v1/study/sessions/{sid}/attendance").json()
    assert sum(r["attended"] for r in rows) == 3 and len(rows) == 5
    listed = c.get("/api/v1/study/sessions?period=2021").json()
    assert [s["id"] for s in listed["items"]] == [sid]


def test_the_api_refuses_what_the_pages_refuse(district, kinds):
    s = make_session(district.branch_a1)
    other = district.client(district.other_member)
    assert other.get(f"/api/v1/study/sessions/{s.pk}").status_code == 404
    assert other.get(f"/api/v1/study/sessions?org={district.branch_a1.pk}").status_code == 404
    assert _post(district.client(district.member), "/api/v1/study/sessions", {
        "unit_id": district.branch_a1.pk, "kinds": ["party_day"], "date": "2021-04-20", "topic": "x", "place": "y",
    }).status_code == 403  # fmt: skip
    refused = _post(other, f"/api/v1/study/sessions/{s.pk}/signin", {"code": services.signin_code(s)})
    assert refused.status_code == 400 and "仅限" in json.dumps(refused.json(), ensure_ascii=False)
    foreign = _post(district.client(district.member), f"/api/v1/study/sessions/{s.pk}/signin",
                    {"code": services.signin_code(make_session(district.branch_a1, topic="别的"))})  # fmt: skip
    assert foreign.status_code == 400
    assert not Attendance.objects.exists()
    assert district.client(district.secretary).get("/api/v1/study/sessions").status_code == 200
    assert district.client(district.secretary).get("/api/v1/study/sessions?period=bad").status_code == 400


def test_a_member_signs_in_and_checks_in_over_the_api(district, kinds):
    s = make_session(district.branch_a1)
    c = district.client(district.member)
    assert _post(c, f"/api/v1/study/sessions/{s.pk}/signin", {"code": services.signin_code(s)}).json() == {
        "counted": True, "attended_count": 1}  # fmt: skip
    assert (
        _post(c, f"/api/v1/study/sessions/{s.pk}/signin", {"code": services.signin_code(s)}).json()["counted"] is False
    )
    assert _post(c, "/api/v1/study/me/checkins", {"material": "《论中国共产党历史》"}).status_code == 201
    assert [x["material"] for x in c.get("/api/v1/study/me/checkins").json()] == ["《论中国共产党历史》"]
    assert "/api/v1/study/sessions" in c.get("/api/v1/openapi.json").json()["paths"]
