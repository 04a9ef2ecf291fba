from __future__ import annotations

import time

import pytest
from django.test import Client
from django.urls import reverse

from conftest import PASSWORD


def _login(client: Client, username: str, password: str):  # type: ignore[no-untyped-def]
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


def test_login_page_is_in_chinese_by_default(db):
    response = Client().get(reverse("accounts:login"))
    assert response.status_code == 200
    assert "登录" in response.content.decode()


def test_secretary_signs_in_and_lands_on_their_branch(district):
    client = Client()
    response = _login(client, "secretary", PASSWORD)
    assert response.status_code == 302
    home = client.get("/", follow=True)
    assert home.redirect_chain[-1][0] == reverse("orgs:detail", args=[district.branch_a1.pk])


def test_five_wrong_passwords_lock_the_account_even_with_the_right_one_after(district):
    client = Client()
    for _ in range(5):
        _login(client, "secretary", "wrong-password-1")
    response = _login(client, "secretary", PASSWORD)
    assert response.status_code == 429
    assert "锁定" in response.content.decode()


def test_four_wrong_passwords_do_not_lock(district):
    client = Client()
    for _ in range(4):
        _login(client, "secretary", "wrong-password-1")
    assert _login(client, "secretary", PASSWORD).status_code == 302


def test_idle_session_is_signed_out(district, settings):
    settings.LIXING_IDLE_TIMEOUT_SECONDS = 60
    client = district.client(district.secretary)
    assert client.get(reverse("orgs:tree")).status_code == 200
    session = client.session
    session["_lixing_last_seen"] = int(time.time()) - 3600
    session.save()
    response = client.get(reverse("orgs:tree"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


@pytest.mark.parametrize(
    ("password", "ok"),
    [("short1", False), ("onlyletterslong", False), ("1234567890123", False), ("Lixing-2026-ok", True)],
)
def test_password_rules(db, password, ok):
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    try:
        validate_password(password)
    except ValidationError:
        assert not ok
    else:
        assert ok


def test_anonymous_user_is_sent_to_login(db):
    response = Client().get(reverse("orgs:tree"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
