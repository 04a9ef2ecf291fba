"""The office imports its plan spreadsheet, a branch reports progress on a phone, and the
wall chart (挂图作战) shows the bar move."""

from __future__ import annotations

import datetime
import io
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from playwright.sync_api import expect

from conftest import browser_login
from lixing.campaigns import services
from lixing.campaigns.importer import PlanImporter
from lixing.campaigns.models import Assignment
from lixing.orgs.access import SYSTEM


def plan_sheet(path: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append([c.header for c in PlanImporter.columns])
    ws.append(["红色教育专题活动", "专题宣讲", "开展青年理论宣讲", "甲党委", "甲一支部", "", "", "", "宣讲3场"])
    ws.append(["红色教育专题活动", "专题宣讲", "组建党史宣讲团", "测试区党工委", "乙一支部", "", "", 2, ""])
    buf = io.BytesIO()
    wb.save(buf)
    path.write_bytes(buf.getvalue())
    return path


@pytest.mark.browser
def test_office_imports_a_plan_a_unit_reports_and_the_wall_chart_shows_it(
    transactional_db: Any, district: Any, live_server: Any, browser: Any, phone_context_args: dict[str, Any],
    tmp_path: Path,
) -> None:  # fmt: skip
    today = datetime.date.today()
    campaign = services.campaign_create(actor=SYSTEM, org=district.root, title="党史学习教育",
                                        starts_on=today - datetime.timedelta(days=30),
                                        ends_on=today + datetime.timedelta(days=150))  # fmt: skip
    office = browser.new_context(viewport={"width": 1400, "height": 900}).new_page()
    browser_login(office, live_server, "district_admin")
    office.goto(f"{live_server.url}/campaigns/{campaign.pk}/plan/")
    office.locator("a[href*='/imports/campaign_plan/upload/']").click()
    office.set_input_files("input[type=file]", str(plan_sheet(tmp_path / "工作清单.xlsx")))
    office.locator("form button[type=submit]").last.click()
    expect(office.locator("#n-create")).to_have_text("2")
    office.locator("#confirm-import").click()
    expect(office.locator("#import-done")).to_be_visible()
    office.goto(f"{live_server.url}/campaigns/{campaign.pk}/schedule/")
    office.locator("main form button[type=submit]").click()

    share = Assignment.objects.get(task__title="开展青年理论宣讲")
    phone = browser.new_context(**phone_context_args).new_page()
    browser_login(phone, live_server, "secretary")
    phone.goto(f"{live_server.url}/campaigns/{campaign.pk}/tasks/")
    expect(phone.get_by_text("组建党史宣讲团")).to_have_count(0)  # another unit's task
    phone.get_by_role("link", name="开展青年理论宣讲").click()
    phone.fill("input[name=percent]", "60")
    phone.fill("textarea[name=text]", "已开展两场青年理论宣讲")
    phone.get_by_role("button", name="提交进展").click()
    expect(phone.locator(".timeline")).to_contain_text("已开展两场青年理论宣讲")

    office.goto(f"{live_server.url}/campaigns/{campaign.pk}/chart/")
    bar = office.locator(f"a[href='/campaigns/assignments/{share.pk}/']").locator("xpath=../..").locator(".wc-bar")
    expect(bar).to_have_class("wc-bar status-in_progress")
    expect(bar).to_contain_text("60%")
    expect(office.locator(".wc-bar")).to_have_count(2)
