"""On a phone: take a timed quiz, lose the page half-way (reload), resume, hand in, read the
review; then walk one maze level."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conftest import browser_login
from lixing.orgs.access import SYSTEM
from lixing.quizzes import services
from lixing.quizzes.models import Attempt, AttemptStatus, MazeRun, Question

ITEMS = [
    {"code": "S1", "kind": "single", "text": "中共一大在哪座城市开幕？", "options": ["上海", "北京", "广州"], "answer": [0],
     "tags": "党史事件", "difficulty": 1, "explanation": "1921年7月在上海开幕。", "source": "简史"},
    {"code": "T1", "kind": "truefalse", "text": "高质量发展是全面建设社会主义现代化国家的首要任务。", "options": ["正确", "错误"],
     "answer": [0], "tags": "二十大报告", "difficulty": 1, "explanation": "报告原文。", "source": "报告"},
    {"code": "F1", "kind": "fill", "text": "江山就是人民，人民就是____。", "options": [], "answer": ["江山"],
     "tags": "二十大报告", "difficulty": 1, "explanation": "打江山、守江山，守的是人民的心。", "source": "报告"},
]  # fmt: skip


@pytest.mark.browser
def test_take_a_timed_quiz_reload_resume_hand_in_and_walk_a_maze(
    transactional_db: Any, district: Any, live_server: Any, browser: Any, phone_context_args: dict[str, Any]
) -> None:
    bank = services.bank_create(actor=SYSTEM, org=district.root, name="题库")
    services.bank_load(actor=SYSTEM, bank=bank, items=ITEMS)
    now = timezone.now()
    paper = services.paper_create(
        actor=SYSTEM, org=district.root, bank=bank, title="党史小测", time_limit_minutes=5,
        fixed_questions=list(Question.objects.filter(bank=bank).order_by("code").values_list("id", flat=True)),
        opens_at=now - datetime.timedelta(hours=1), closes_at=now + datetime.timedelta(days=1),
    )  # fmt: skip
    level = services.maze_level_create(actor=SYSTEM, org=district.root, bank=bank, number=1, title="第一关",
                                       tag="党史事件", width=2, height=1, doors=["0,0|0,1"])  # fmt: skip
    ctx = browser.new_context(**phone_context_args)
    page = ctx.new_page()
    page.on("dialog", lambda dialog: dialog.accept())
    browser_login(page, live_server, "member")

    page.goto(f"{live_server.url}/quizzes/papers/{paper.pk}/")
    page.get_by_role("button", name="开始答题").click()
    expect(page.locator("#clock")).to_have_text(__import__("re").compile(r"0[45]:\d\d"))
    option = page.locator("label.option", has_text="上海")
    assert option.bounding_box()["height"] >= 44  # a big touch target
    option.click()
    expect(page.locator("#saved")).to_have_text("已保存")
    deadline = Attempt.objects.get().deadline

    page.reload()  # the connection dropped; the clock and the answer survive
    expect(page.locator("label.option", has_text="上海").locator("input")).to_be_checked()
    assert Attempt.objects.get().deadline == deadline
    page.locator("label.option", has_text="正确").click()
    expect(page.locator("#saved")).to_have_text("已保存")
    page.locator("input.fill").fill("江山")
    page.locator("input.fill").blur()
    expect(page.locator("#saved")).to_have_text("已保存")
    page.get_by_role("button", name="交卷").click()
    expect(page.locator("#score")).to_have_text("100.0")
    expect(page.locator("main")).to_contain_text("打江山、守江山，守的是人民的心。")
    assert Attempt.objects.get().status == AttemptStatus.SUBMITTED

    page.goto(f"{live_server.url}/quizzes/maze/{level.pk}/")
    page.get_by_role("button", name="向右").click()
    expect(page.locator(".maze-question")).to_be_visible()
    run = MazeRun.objects.get()
    assert run.pending_question is not None
    right = run.pending_question.options[run.pending_question.answer[0]]
    page.locator(".maze-question button", has_text=right).click()
    expect(page.locator(".maze-status")).to_contain_text("闯关成功")
    assert MazeRun.objects.get().completed_at is not None
    ctx.close()
