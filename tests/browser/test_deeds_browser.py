"""On a phone: a resident files a problem without an account, the office assigns it, the
unit resolves it, and the resident confirms it through the tracking code."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from conftest import browser_login
from lixing.deeds.models import Category, Ticket


@pytest.mark.browser
def test_a_resident_files_a_problem_on_a_phone_and_confirms_the_fix_by_its_code(
    transactional_db: Any, district: Any, live_server: Any, browser: Any, phone_context_args: dict[str, Any]
) -> None:
    Category.objects.get_or_create(name="群众诉求", defaults={"group": "public", "expected_days": 15})
    resident = browser.new_context(**phone_context_args).new_page()
    resident.goto(f"{live_server.url}/deeds/report/")
    resident.fill("#id_title", "小区门口路灯不亮")
    resident.fill("#id_description", "海湾社区3幢门口的路灯坏了一周，晚上很黑")
    resident.fill("#id_submitter_phone", "13812345678")
    resident.locator("#report-form button[type=submit]").click()
    code = resident.locator("#tracking-code").inner_text().strip()
    assert len(code) == 10
    expect(resident.locator("#ticket-state")).to_have_text("新提交")
    width = resident.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the tracking page scrolls sideways on a phone ({width}px)"

    ticket = Ticket.objects.get(code=code)
    office = browser.new_context(locale="zh-CN").new_page()
    browser_login(office, live_server, "district_admin")
    office.goto(f"{live_server.url}/deeds/tickets/{ticket.pk}/")
    office.select_option("#id_unit", str(district.branch_a1.pk))
    office.locator("#assign-form button[type=submit]").click()
    expect(office.locator("#ticket-state")).to_have_text("已交办")

    unit = browser.new_context(locale="zh-CN").new_page()
    browser_login(unit, live_server, "secretary")
    unit.goto(f"{live_server.url}/deeds/tickets/{ticket.pk}/")
    unit.click("#start")
    unit.check("#answer-form input[value=resolved]")
    unit.fill("#answer-form textarea[name=reply]", "已更换路灯，感谢反映。")
    unit.locator("#answer-form button[type=submit]").click()
    expect(unit.locator("#ticket-state")).to_have_text("已解决")

    resident.goto(f"{live_server.url}/deeds/track/")
    resident.fill("#code", code.lower())
    resident.locator("main form button[type=submit]").click()
    expect(resident.locator("main")).to_contain_text("已更换路灯")
    resident.check("#confirm-form input[value=yes]")
    resident.locator("#confirm-form button[type=submit]").click()
    expect(resident.locator("#ticket-state")).to_have_text("提交人已确认")
    assert "13812345678" not in resident.content()
    ticket.refresh_from_db()
    assert ticket.state == "confirmed" and ticket.satisfied is True
