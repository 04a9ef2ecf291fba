"""In a real browser: open the dashboard, click a figure, reach a record; write a briefing and
download it."""

from __future__ import annotations

import pytest

from conftest import browser_login


@pytest.mark.browser
def test_dashboard_number_leads_to_the_records_and_to_one_record(transactional_db, district, live_server, page):
    browser_login(page, live_server, "district_admin")
    page.goto(f"{live_server.url}/reports/?org={district.root.pk}&period=all")
    page.wait_for_selector(".chart svg")  # ECharts (the local copy) drew the charts in view
    page.click('#group-organisation .tile[data-figure="orgs.members"] a')
    page.wait_for_url("**/figures/orgs.members/records/**")
    assert page.locator("#records tbody tr").count() == 10
    page.click("#records tbody tr:first-child a")
    page.wait_for_url("**/orgs/members/**")
    assert district.a1_members[0].name in page.content() or page.locator("h1").count() == 1


@pytest.mark.browser
def test_a_briefing_is_written_and_downloaded(transactional_db, district, live_server, page, tmp_path):
    browser_login(page, live_server, "district_admin")
    page.goto(f"{live_server.url}/reports/briefings/?org={district.root.pk}")
    page.fill("input[name=period]", "all")
    page.click("#make-briefing")
    page.wait_for_selector("#archive tr.issued")
    with page.expect_download() as info:
        page.click("#archive tr.issued a.download-docx")
    path = tmp_path / "briefing.docx"
    info.value.save_as(path)
    from lixing.reports.briefing import iter_docx_text

    texts = list(iter_docx_text(path.read_bytes()))
    assert "第1期" in texts
    assert any("测试区" in t and "10" in t for t in texts)
