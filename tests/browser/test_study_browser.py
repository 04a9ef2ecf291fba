"""On a phone: a member opens the sign-in link from the QR code and is counted; the
secretary's projector page shows the attendance go up without a reload."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from playwright.sync_api import expect

from conftest import browser_login
from lixing.orgs.access import SYSTEM
from lixing.study import services
from lixing.study.defaults import ensure_defaults
from lixing.study.models import Attendance, SessionKind


@pytest.mark.browser
def test_a_member_signs_in_on_a_phone_and_the_secretary_sees_the_count(
    transactional_db: Any, district: Any, live_server: Any, browser: Any, phone_context_args: dict[str, Any]
) -> None:
    ensure_defaults()
    session = services.session_create(
        actor=SYSTEM, unit=district.branch_a1, kinds=list(SessionKind.objects.filter(code="party_day")),
        date=datetime.date.today(), topic="重温入党誓词", place="党员活动室",
    )  # fmt: skip
    secretary_ctx = browser.new_context(**phone_context_args)
    projector = secretary_ctx.new_page()
    browser_login(projector, live_server, "secretary")
    projector.goto(f"{live_server.url}/study/sessions/{session.pk}/qr/")
    expect(projector.locator("#qr-code svg")).to_be_visible()
    expect(projector.locator(".n-attended")).to_have_text("0")
    link = projector.locator("#signin-link").get_attribute("href")
    assert link and link.startswith(live_server.url)

    member_ctx = browser.new_context(**phone_context_args)
    phone = member_ctx.new_page()
    browser_login(phone, live_server, "member")
    phone.goto(link)
    button = phone.locator("#signin-button")
    expect(button).to_be_visible()
    assert button.bounding_box()["height"] >= 44  # a big target for older members
    button.click()
    expect(phone.locator("#signin-result")).to_contain_text("签到成功")

    expect(projector.locator(".n-attended")).to_have_text("1", timeout=15_000)
    assert Attendance.objects.filter(session=session).count() == 1
    secretary_ctx.close()
    member_ctx.close()
