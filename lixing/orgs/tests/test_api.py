"""The orgs API (/api/v1/orgs/): token auth, scoping, masking, logged reveal, and writes only
with the right — through the same services as the pages."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from lixing.accounts.models import AccessLog, AuditLog
from lixing.accounts.services import token_create
from lixing.common.testing import unique_id_number
from lixing.orgs.access import SYSTEM
from lixing.orgs.models import Member, Organization, OrgKind
from lixing.orgs.validators import mask_id_number, mask_phone

pytestmark = pytest.mark.django_db
API = "/api/v1/orgs"


class Api:
    def __init__(self, user: Any) -> None:
        _token, raw = token_create(actor=SYSTEM, user=user, name="test")
        self.client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")

    def get(self, path: str) -> Any:
        return self.client.get(f"{API}{path}")

    def send(self, method: str, path: str, body: dict[str, Any]) -> Any:
        return getattr(self.client, method)(f"{API}{path}", json.dumps(body), content_type="application/json")


def test_without_a_token_nothing_is_served(district: Any) -> None:
    assert Client().get(f"{API}/{district.root.pk}").status_code == 401
    assert Client(HTTP_AUTHORIZATION="Bearer nonsense").get(f"{API}/{district.root.pk}").status_code == 401


def test_an_org_and_its_children_with_member_counts(district: Any) -> None:
    api = Api(district.unit_admin)
    r = api.get(f"/{district.committee_a.pk}")
    assert r.status_code == 200 and r.json()["members"] == 7 and r.json()["kind"] == "committee"
    kids = api.get(f"/{district.committee_a.pk}/children").json()
    assert {k["name"]: k["members"] for k in kids} == {"甲一支部": 5, "甲二支部": 2}


def test_the_api_is_scoped_like_the_pages(district: Any) -> None:
    api = Api(district.other_member)
    assert api.get(f"/{district.branch_a1.pk}").status_code == 404
    assert api.get(f"/{district.branch_a1.pk}/members").status_code == 404
    assert api.get(f"/members/{district.a1_members[2].pk}").status_code == 404
    assert api.send("post", f"/members/{district.a1_members[2].pk}/reveal", {}).status_code == 404
    assert Api(district.unit_admin).get(f"/{district.branch_b1.pk}").status_code == 404


def test_member_lists_and_details_are_masked(district: Any) -> None:
    api = Api(district.district_admin)  # even with the PII right: full data only through /reveal
    m = district.a1_members[2]
    items = api.get(f"/{district.branch_a1.pk}/members").json()["items"]
    row = next(i for i in items if i["id"] == m.pk)
    assert (row["id_number"], row["phone"]) == (mask_id_number(m.id_number), mask_phone(m.phone))
    detail = api.get(f"/members/{m.pk}").json()
    assert m.id_number not in json.dumps(detail) and detail["id_number"] == mask_id_number(m.id_number)
    assert not AccessLog.objects.exists()


def test_reveal_is_logged_and_refused_to_a_secretary(district: Any) -> None:
    m = district.a1_members[2]
    assert Api(district.secretary).send("post", f"/members/{m.pk}/reveal", {}).status_code == 403
    assert not AccessLog.objects.exists()
    r = Api(district.unit_admin).send("post", f"/members/{m.pk}/reveal", {})
    assert r.json() == {"id_number": m.id_number, "phone": m.phone}
    assert AccessLog.objects.get().context == "api"


def test_create_and_move_need_the_structure_right(district: Any) -> None:
    body = {"parent_id": district.branch_a1.pk, "name": "甲一第一党小组", "kind": OrgKind.CELL}
    assert Api(district.secretary).send("post", "/", body).status_code == 403
    assert Api(district.other_member).send("post", "/", body).status_code == 404
    r = Api(district.unit_admin).send("post", "/", body)
    assert r.status_code == 201
    cell = Organization.objects.get(pk=r.json()["id"])
    assert cell.parent == district.branch_a1
    move = {"new_parent_id": district.committee_b.pk}
    assert Api(district.secretary).send("post", f"/{district.branch_a1.pk}/move", move).status_code == 403
    assert Api(district.unit_admin).send("post", f"/{district.branch_a2.pk}/move", move).status_code == 404
    r = Api(district.district_admin).send("post", f"/{district.branch_a2.pk}/move", move)
    assert r.status_code == 200 and r.json()["parent_id"] == district.committee_b.pk


def test_a_move_into_its_own_subtree_is_refused(district: Any) -> None:
    r = Api(district.district_admin).send("post", f"/{district.committee_a.pk}/move",
                                          {"new_parent_id": district.branch_a1.pk})  # fmt: skip
    assert r.status_code == 400 and "下级" in json.dumps(r.json(), ensure_ascii=False)


def test_a_member_is_created_and_updated_through_the_services(district: Any) -> None:
    number, birth, gender = unique_id_number(900_001)
    body = {"name": "接口党员", "gender": gender, "id_number": number, "joined_at": "2012-07-01",
            "confirmed_at": "2013-07-01", "phone": "13800001234"}  # fmt: skip
    assert Api(district.member).send("post", f"/{district.branch_a1.pk}/members", body).status_code == 403
    r = Api(district.secretary).send("post", f"/{district.branch_a1.pk}/members", body)
    assert r.status_code == 201 and r.json()["id_number"] == mask_id_number(number)
    m = Member.objects.get(id_number=number)
    assert m.birth_date == birth and AuditLog.objects.filter(action="member.create", object_id=str(m.pk)).exists()
    r = Api(district.secretary).send("patch", f"/members/{m.pk}", {"work_unit": "新单位"})
    assert r.status_code == 200 and r.json()["work_unit"] == "新单位"
    assert AuditLog.objects.get(action="member.update", object_id=str(m.pk)).after == {"work_unit": "新单位"}


def test_an_inconsistent_member_is_refused_with_the_field_named(district: Any) -> None:
    number, _birth, gender = unique_id_number(900_002)
    body = {"name": "接口党员", "gender": "F" if gender == "M" else "M", "id_number": number,
            "joined_at": "2012-07-01"}  # fmt: skip
    r = Api(district.secretary).send("post", f"/{district.branch_a1.pk}/members", body)
    assert r.status_code == 400 and "gender" in r.json()["detail"]
    body["gender"], body["id_number"] = gender, number[:-1] + ("0" if number[-1] != "0" else "1")
    r = Api(district.secretary).send("post", f"/{district.branch_a1.pk}/members", body)
    assert r.status_code == 400 and "id_number" in r.json()["detail"]
    assert not Member.objects.filter(name="接口党员").exists()


def test_the_openapi_schema_lists_the_member_endpoints(district: Any) -> None:
    schema = Client().get("/api/v1/openapi.json").json()
    assert "/api/v1/orgs/{org_id}/members" in schema["paths"]
    assert "post" in schema["paths"]["/api/v1/orgs/{org_id}/members"]
