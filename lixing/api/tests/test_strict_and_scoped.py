"""The API is strict about types, checks every id in a body like the URL's, and documents its errors."""

from __future__ import annotations

import datetime
import typing

import pytest
from django.test import Client
from ninja.params.models import BodyModel
from pydantic import BaseModel

from lixing.accounts.services import token_create
from lixing.api.urls import api
from lixing.campaigns.services import campaign_create
from lixing.deeds.models import ServiceTeam
from lixing.deeds.services import team_create
from lixing.orgs.access import SYSTEM
from lixing.study.models import SessionKind


def _post(user, path: str, body: dict) -> typing.Any:  # type: ignore[no-untyped-def]
    _t, raw = token_create(actor=SYSTEM, user=user, name="t")
    return Client().post(path, body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {raw}")


@pytest.fixture
def team(district) -> ServiceTeam:  # type: ignore[no-untyped-def]
    return team_create(actor=SYSTEM, org=district.branch_a1, kind="action_group", name="先锋队")


def test_a_boolean_is_not_a_member_id(district, team):
    response = _post(district.secretary, f"/api/v1/deeds/teams/{team.pk}/members", {"member_ids": [True]})
    assert response.status_code == 422
    assert not team.members.exists()


def test_a_string_is_not_a_member_id_either(district, team):
    member = district.a1_members[2]
    response = _post(district.secretary, f"/api/v1/deeds/teams/{team.pk}/members", {"member_ids": [str(member.pk)]})
    assert response.status_code == 422
    assert not team.members.exists()


def test_a_member_of_another_branch_cannot_be_added_to_a_team(district, team):
    outsider = district.b1_members[1]
    response = _post(district.secretary, f"/api/v1/deeds/teams/{team.pk}/members", {"member_ids": [outsider.pk]})
    assert response.status_code == 404
    assert not team.members.exists()


def test_a_member_of_the_branch_is_added_by_its_secretary(district, team):
    mine = district.a1_members[2]
    response = _post(district.secretary, f"/api/v1/deeds/teams/{team.pk}/members", {"member_ids": [mine.pk]})
    assert response.status_code == 200
    assert list(team.members.all()) == [mine]


def test_a_flag_must_be_a_boolean(district):
    response = _post(district.secretary, "/api/v1/study/sessions", {
        "unit_id": district.branch_a1.pk, "kinds": ["party_day"], "date": "2026-11-20", "topic": "学习",
        "open_to_all": 1,
    })  # fmt: skip
    assert response.status_code == 422


def test_a_session_cannot_be_filed_under_a_campaign_the_caller_cannot_see(district):
    hidden = campaign_create(actor=SYSTEM, org=district.committee_b, title="乙的活动",
                             starts_on=datetime.date(2026, 1, 1), ends_on=datetime.date(2026, 12, 31))  # fmt: skip
    kind = SessionKind.objects.values_list("code", flat=True).first()
    response = _post(district.secretary, "/api/v1/study/sessions", {
        "unit_id": district.branch_a1.pk, "kinds": [kind], "date": "2026-11-20", "topic": "学习",
        "campaign_id": hidden.pk,
    })  # fmt: skip
    assert response.status_code == 404


def _lax_fields(model: type[BaseModel], seen: set[type] | None = None) -> list[str]:
    """Fields of a body model typed plain int or bool (which would take true as 1, or "1" as true)."""
    seen = seen or set()
    if model in seen:
        return []
    seen.add(model)
    found = []
    for name, field in model.model_fields.items():
        strict = any(getattr(m, "strict", False) for m in field.metadata)
        for t in _leaf_types(field.annotation):
            if t in (int, bool) and not strict:
                found.append(f"{model.__name__}.{name}")
            elif isinstance(t, type) and issubclass(t, BaseModel):
                found += _lax_fields(t, seen)
    return found


def _leaf_types(annotation: typing.Any) -> list[typing.Any]:
    args = typing.get_args(annotation)
    if typing.get_origin(annotation) is dict:
        return _leaf_types(args[1])  # JSON object keys are strings: only the values count
    if typing.get_origin(annotation) is typing.Annotated:
        return [annotation] if any(getattr(m, "strict", False) for m in args[1:]) else _leaf_types(args[0])
    if args:
        return [t for a in args for t in _leaf_types(a)]
    return [annotation]


def test_every_body_schema_types_ids_and_flags_strictly():
    lax, bodies = [], 0
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for op in path_view.operations:
                for model in op.models:
                    if issubclass(model, BodyModel):
                        bodies += 1
                        lax += _lax_fields(model)
    assert bodies > 30  # the walk reaches the operations' bodies
    assert lax == []


def test_every_operation_documents_its_error_answers(db):
    schema = Client().get("/api/v1/openapi.json").json()
    undocumented = []
    for path, item in schema["paths"].items():
        for method, op in item.items():
            codes = set(op["responses"])
            wanted = {"400", "404"} | ({"422"} if op.get("parameters") or op.get("requestBody") else set())
            if op.get("security"):
                wanted |= {"401", "403"}
            if not wanted <= codes:
                undocumented.append((method, path, sorted(wanted - codes)))
    assert undocumented == []
    assert schema["components"]["schemas"]["Error"]["required"] == ["detail"]


def test_a_nul_character_in_a_body_or_query_is_refused_not_a_server_error(district):
    _t, raw = token_create(actor=SYSTEM, user=district.member, name="t")
    auth = {"Authorization": f"Bearer {raw}"}
    response = Client().post("/api/v1/study/me/checkins", {"material": "学习\x00"}, content_type="application/json",
                             headers=auth)  # fmt: skip
    assert response.status_code in {400, 422}
    members = Client().get(f"/api/v1/orgs/{district.branch_a1.pk}/members", {"q": "a\x00"}, headers=auth)
    assert members.status_code in {400, 422}
