"""Two judges score a 书记加油PK round on their phones, cell by cell, while the wall board updates
by itself; a judge is never shown their own unit's secretary."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from playwright.sync_api import expect

from conftest import browser_login, make_user
from lixing.accounts.models import Role
from lixing.contests import services
from lixing.orgs.access import SYSTEM
from lixing.orgs.models import Member
from lixing.orgs.services import org_set_secretary


def _score_all(page: Any) -> None:
    """Type each cell as a judge does; each is saved when the judge moves on."""
    cells = page.locator(".sheet input[type=number]")
    for i in range(cells.count()):
        cells.nth(i).fill(str(7 + i % 3))
        cells.nth(i).press("Tab")
        expect(page.locator(".sheet .cell-state .ok").nth(i)).to_be_visible()


@pytest.mark.browser
def test_judges_score_on_phones_while_the_wall_board_updates(
    transactional_db: Any, district: Any, live_server: Any, browser: Any, phone_context_args: dict[str, Any],
) -> None:  # fmt: skip
    org_set_secretary(actor=SYSTEM, org=district.branch_b1, member=district.b1_members[0])
    org_set_secretary(actor=SYSTEM, org=district.branch_a2, member=Member.objects.filter(org=district.branch_a2).first())
    contest = services.contest_create(
        actor=SYSTEM, unit=district.root, kind="secretaries_pk", title="书记加油PK擂台赛",
        held_on=datetime.date.today(), criteria=[("工作实绩", 50, 10), ("现场表现", 50, 10)],
    )  # fmt: skip
    for i, org in enumerate([district.branch_a1, district.branch_a2, district.branch_b1], start=1):
        org.refresh_from_db()
        services.entry_add(actor=SYSTEM, contest=contest, kind="secretary", member=org.secretary,
                           title=f"{org.name}：党建品牌", order=i)  # fmt: skip
    rnd = contest.rounds.get()
    services.judge_assign(actor=SYSTEM, round=rnd, user=make_user("judge_b", Role.MEMBER, district.committee_b),
                          unit=district.committee_b)  # fmt: skip
    services.judge_assign(actor=SYSTEM, round=rnd, user=make_user("judge_a", Role.MEMBER, district.committee_a),
                          unit=district.committee_a)  # fmt: skip

    wall = browser.new_context(viewport={"width": 1600, "height": 900}, locale="zh-CN").new_page()
    browser_login(wall, live_server, "district_admin")
    wall.goto(f"{live_server.url}/contests/{contest.pk}/board/?wall=1")
    expect(wall.locator("#board-state")).to_contain_text("0/2")
    expect(wall.locator("#standings td.total").first).to_have_text("—")

    judge_b = browser.new_context(**phone_context_args).new_page()
    browser_login(judge_b, live_server, "judge_b")
    judge_b.goto(f"{live_server.url}/contests/{contest.pk}/")
    judge_b.locator("#my-sheet").click()
    expect(judge_b.locator(".sheet article")).to_have_count(2)  # 乙一支部's secretary is not on the sheet
    expect(judge_b.get_by_text("乙一支部：党建品牌")).to_have_count(0)
    _score_all(judge_b)
    judge_b.locator("#submit-sheet").click()
    expect(judge_b.locator("#locked")).to_be_visible()
    expect(judge_b.locator(".sheet input").first).to_be_disabled()

    expect(wall.locator("#board-state")).to_contain_text("1/2", timeout=15_000)
    expect(wall.locator("#standings tbody tr").first).to_contain_text("甲", timeout=15_000)

    judge_a = browser.new_context(**phone_context_args).new_page()
    browser_login(judge_a, live_server, "judge_a")
    judge_a.goto(f"{live_server.url}/contests/{contest.pk}/")
    judge_a.locator("#my-sheet").click()
    expect(judge_a.locator(".sheet article")).to_have_count(1)
    _score_all(judge_a)
    judge_a.locator("#submit-sheet").click()
    expect(judge_a.locator("#locked")).to_be_visible()

    expect(wall.locator("#board-state")).to_contain_text("2/2", timeout=15_000)
    expect(wall.locator("#standings td.total").filter(has_text="—")).to_have_count(0, timeout=15_000)
