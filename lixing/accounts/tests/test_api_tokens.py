from __future__ import annotations

from django.test import Client
from django.urls import reverse

from lixing.accounts.models import ApiToken
from lixing.accounts.services import token_create, token_revoke


def _get(raw: str, path: str):  # type: ignore[no-untyped-def]
    return Client().get(path, HTTP_AUTHORIZATION=f"Bearer {raw}")


def test_token_sees_exactly_what_its_user_sees(district):
    _token, raw = token_create(actor=district.secretary, user=district.secretary, name="t")
    assert _get(raw, f"/api/v1/orgs/{district.branch_a1.pk}").status_code == 200
    assert _get(raw, f"/api/v1/orgs/{district.branch_b1.pk}").status_code == 404


def test_only_the_hash_is_stored_and_revoked_tokens_fail(district):
    token, raw = token_create(actor=district.secretary, user=district.secretary, name="t")
    assert raw not in ApiToken.objects.values_list("key_hash", flat=True)
    token_revoke(actor=district.secretary, token=token)
    assert _get(raw, f"/api/v1/orgs/{district.branch_a1.pk}").status_code == 401


def test_a_forged_token_is_refused(district):
    assert _get("lx_forged", f"/api/v1/orgs/{district.branch_a1.pk}").status_code == 401


def test_tokens_page_shows_a_new_token_once(district):
    client = district.client(district.secretary)
    response = client.post(reverse("accounts:tokens"), {"name": "报表系统"})
    raw = response.context["raw"]
    assert raw.startswith("lx_")
    assert raw not in client.get(reverse("accounts:tokens")).content.decode()


def test_openapi_schema_is_served(db):
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert "/api/v1/orgs/{org_id}" in response.json()["paths"]
