"""The foundation as a new user meets it: sign in, open the tree, import a roster through the
preview and confirm, and find the new member's ID number masked — on a phone."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from conftest import browser_login
from lixing.orgs.models import Member
from lixing.orgs.tests.roster_files import roster_row, roster_xlsx
from lixing.orgs.validators import mask_id_number


@pytest.mark.browser
def test_admin_opens_the_tree_imports_a_roster_and_sees_a_masked_id(
    transactional_db: Any, district: Any, live_server: Any, browser: Any, phone_context_args: dict[str, Any],
    tmp_path: Path,
) -> None:  # fmt: skip
    rows = [roster_row(1, "甲一支部"), roster_row(2, "甲二支部", 转正日期=None)]
    sheet = tmp_path / "党员花名册.xlsx"
    sheet.write_bytes(roster_xlsx(rows))
    page = browser.new_context(**phone_context_args).new_page()
    browser_login(page, live_server, "unit_admin")

    page.goto(f"{live_server.url}/orgs/tree/")
    expect(page.locator("h1")).to_have_text("组织架构")
    expect(page.locator(".tree")).to_contain_text("甲一支部")
    expect(page.locator(".tree [data-members='7']").first).to_be_visible()  # committee A: 5 + 2
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, "the tree fits a phone"

    page.locator(".tree a", has_text="甲党委").first.click()
    page.locator("#import-roster").click()
    page.set_input_files("input[type=file]", str(sheet))
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#n-create")).to_have_text("2")
    expect(page.locator("#n-errors")).to_have_text("0")
    page.locator("#confirm-import").click()
    expect(page.locator("#import-done")).to_contain_text("新增2条")

    member = Member.objects.get(id_number=rows[0]["公民身份号码"])
    page.goto(f"{live_server.url}/orgs/members/{member.pk}/")
    expect(page.locator("#id-number")).to_have_text(mask_id_number(member.id_number))
    assert member.id_number not in page.content()
    # Nothing sticks out of a 390px-wide screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


@pytest.mark.browser
def test_a_picker_among_many_searches_as_you_type(
    transactional_db: Any, district: Any, live_server: Any, browser: Any, monkeypatch: Any
) -> None:
    from lixing.orgs import forms

    monkeypatch.setattr(forms, "PICKER_SELECT_MAX", 0)  # as at province scale: every picker searches
    page = browser.new_page()
    browser_login(page, live_server, "district_admin")
    page.goto(f"{live_server.url}/orgs/{district.branch_a2.pk}/move/")
    select = page.locator("select[name=new_parent]")
    expect(select.locator("option[value]:not([value=''])")).to_have_count(0)  # nothing listed up front
    page.fill("input[name=q]", "乙")
    expect(select.locator(f"option[value='{district.committee_b.pk}']")).to_have_count(1)
    select.select_option(str(district.committee_b.pk))
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".msg, [role=status]").first).to_contain_text("乙党委")
    district.branch_a2.refresh_from_db()
    assert district.branch_a2.parent_id == district.committee_b.pk
