"""The key pages speak the right words: none of the renderings people found wrong, and no
English a Chinese-language user would read (actors, states, units, empty states)."""

from __future__ import annotations

import datetime
import re
from html.parser import HTMLParser
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lixing.deeds import services as deeds_services
from lixing.deeds.tests.helpers import public_ticket
from lixing.orgs.access import SYSTEM
from lixing.quizzes import services as quiz_services
from lixing.quizzes.models import Attempt
from lixing.quizzes.tests.conftest import SMALL_BANK
from lixing.study import services as study_services
from lixing.study.defaults import ensure_defaults
from lixing.study.models import SessionKind

# Renderings found wrong on these pages (issue 13), by page.
WRONG = {
    "sign_in": ["登录"],
    "quiz_take": ["已报送"],
    "quiz_result": ["已报送", "反馈"],
    "public_report": ["anonymous"],
    "public_track": ["作答人数", "anonymous"],
    "ticket": ["途径", "出处", "anonymous", "推进中"],
    "tickets": ["过滤器", "出处"],
    "attendance_sheet": ["党员类型", "名称"],
    "study": ["会话"],
    "dashboard": ["会话", "过滤器"],
    "audit_log": ["过滤器", "动作", "anonymous"],
    "quizzes": ["开放时间"],
}
# ASCII words a Chinese page may show: the language switch, formats and acronyms.
ALLOWED_ASCII = {"English", "QR", "Excel", "PDF", "Word", "API", "docx", "xlsx", "csv", "ID", "jpg", "jpeg", "png", "gif", "webp"}


class _Text(HTMLParser):
    """The words a reader sees: text outside <script>/<style>, plus button values and labels."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "code"):
            self._skip += 1
        for name, value in attrs:
            if name in ("placeholder", "aria-label", "title") and value:
                self.parts.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "code") and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(parser.parts)


def english_words(text: str) -> set[str]:
    # All-capital runs are codes (a ticket's tracking code), not words.
    return {w for w in re.findall(r"\b[A-Za-z]{3,}\b", text) if w not in ALLOWED_ASCII and not w.isupper()}


@pytest.fixture
def pages(district: Any) -> dict[str, tuple[Client, str]]:
    """Each key page with the client of the person who reads it."""
    ensure_defaults()
    d = district
    for user, name in [(d.member, "王党员"), (d.secretary, "李书记"), (d.district_admin, "区办公室"), (d.auditor, "审计员")]:
        user.display_name = name
        user.save(update_fields=["display_name"])
    member, secretary, admin = d.client(d.member), d.client(d.secretary), d.client(d.district_admin)
    session = study_services.session_create(
        actor=SYSTEM, unit=d.branch_a1, kinds=list(SessionKind.objects.filter(code="party_day")),
        date=timezone.localdate(), topic="学党史、悟思想", place="党员活动室",
    )  # fmt: skip
    bank = quiz_services.bank_create(actor=SYSTEM, org=d.root, name="测试题库")
    quiz_services.bank_load(actor=SYSTEM, bank=bank, items=SMALL_BANK)
    now = timezone.now()
    paper = quiz_services.paper_create(
        actor=SYSTEM, org=d.root, bank=bank, title="测试试卷", opens_at=now - datetime.timedelta(hours=1),
        closes_at=now + datetime.timedelta(days=1), time_limit_minutes=10,
        fixed_questions=list(bank.questions.values_list("pk", flat=True)[:3]),
    )  # fmt: skip
    take_url = member.post(reverse("quizzes:paper_start", args=[paper.pk])).url
    token = take_url.rstrip("/").split("/")[-1]
    take_html = member.get(take_url).content.decode()
    member.post(reverse("quizzes:submit", args=[token]), {})
    attempt = Attempt.objects.get(paper=paper)
    ticket = public_ticket(d.root, location="东门")
    deeds_services.ticket_assign(actor=SYSTEM, ticket=ticket, unit=d.branch_a1)
    return {
        "sign_in": (member, f"{reverse('study:sign_in', args=[session.pk])}?code={study_services.signin_code(session)}"),
        "quiz_take": (member, "=" + take_html),
        "quiz_result": (member, reverse("quizzes:review", args=[attempt.pk])),
        "quizzes": (member, reverse("quizzes:index")),
        "public_report": (Client(), reverse("deeds:report")),
        "public_track": (Client(), reverse("deeds:track_code", args=[ticket.code])),
        "ticket": (admin, reverse("deeds:ticket", args=[ticket.pk])),
        "tickets": (admin, reverse("deeds:tickets")),
        "attendance_sheet": (secretary, reverse("study:session", args=[session.pk])),
        "study": (admin, reverse("study:index")),
        "dashboard": (admin, reverse("reports:index")),
        "audit_log": (d.client(d.auditor), reverse("accounts:audit_log")),
    }


def _html(client: Client, url: str) -> str:
    if url.startswith("="):
        return url[1:]
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_key_pages_show_none_of_the_known_wrong_words(pages: dict[str, tuple[Client, str]]) -> None:
    found = {}
    for name, (client, url) in pages.items():
        text = visible_text(_html(client, url))
        bad = [w for w in WRONG[name] if w in text]
        if bad:
            found[name] = bad
    assert not found, "; ".join(f"{k}: {v}" for k, v in found.items())


def test_key_pages_show_no_english_to_a_chinese_reader(pages: dict[str, tuple[Client, str]]) -> None:
    found = {}
    for name, (client, url) in pages.items():
        words = english_words(visible_text(_html(client, url)))
        if words:
            found[name] = sorted(words)
    assert not found, "; ".join(f"{k}: {v}" for k, v in found.items())


def test_the_checks_catch_a_wrong_word_and_english() -> None:
    text = visible_text("<p>状态: <b>anonymous</b></p><script>var x = 'hidden';</script><button>签到</button>")
    assert "anonymous" in text and "hidden" not in text
    assert english_words(text) == {"anonymous"}
    assert english_words("查询码 RCAZWZGJAA") == set()
