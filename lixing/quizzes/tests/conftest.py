"""Fixtures for the quizzes tests: a small bank with every question type, an open paper."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from lixing.orgs.access import SYSTEM
from lixing.quizzes import services
from lixing.quizzes.models import Paper, Question, QuestionBank

SMALL_BANK = [
    {"code": "S1", "kind": "single", "text": "中共一大在哪座城市开幕？", "options": ["上海", "北京", "广州", "武汉"],
     "answer": [0], "tags": "党史事件", "difficulty": 1, "explanation": "1921年7月在上海开幕。", "source": "简史"},
    {"code": "S2", "kind": "single", "text": "遵义会议于哪一年召开？", "options": ["1933年", "1935年", "1937年"],
     "answer": [1], "tags": "党史事件", "difficulty": 1, "explanation": "1935年1月。", "source": "简史"},
    {"code": "S3", "kind": "single", "text": "南昌起义于哪一年爆发？", "options": ["1925年", "1927年", "1929年"],
     "answer": [1], "tags": "党史事件", "difficulty": 2, "explanation": "1927年8月1日。", "source": "简史"},
    {"code": "M1", "kind": "multiple", "text": "“四个自信”包括：", "options": ["道路自信", "理论自信", "制度自信", "速度自信"],
     "answer": [0, 1, 2], "tags": "党的理论", "difficulty": 2, "explanation": "还有文化自信。", "source": "报告"},
    {"code": "T1", "kind": "truefalse", "text": "高质量发展是首要任务。", "options": ["正确", "错误"], "answer": [0],
     "tags": "二十大报告", "difficulty": 1, "explanation": "报告原文。", "source": "报告"},
    {"code": "T2", "kind": "truefalse", "text": "党的二十大于2017年召开。", "options": ["正确", "错误"], "answer": [1],
     "tags": "二十大报告", "difficulty": 1, "explanation": "2022年召开。", "source": "报告"},
    {"code": "F1", "kind": "fill", "text": "江山就是人民，人民就是____。", "options": [], "answer": ["江山"],
     "tags": "二十大报告", "difficulty": 1, "explanation": "报告原文。", "source": "报告"},
]  # fmt: skip


@pytest.fixture
def bank(district: Any) -> QuestionBank:
    b = services.bank_create(actor=SYSTEM, org=district.root, name="测试题库")
    services.bank_load(actor=SYSTEM, bank=b, items=SMALL_BANK)
    return b


def qid(bank: QuestionBank, code: str) -> int:
    return Question.objects.get(bank=bank, code=code).pk


def fixed_paper(district: Any, bank: QuestionBank, codes: list[str], **kw: Any) -> Paper:
    now = timezone.now()
    fields: dict[str, Any] = {"opens_at": now - datetime.timedelta(hours=1), "closes_at": now + datetime.timedelta(days=1),
                              "time_limit_minutes": 10, "title": "测试试卷"}  # fmt: skip
    fields.update(kw)
    return services.paper_create(actor=SYSTEM, org=kw.pop("org", district.root), bank=bank,
                                 fixed_questions=[qid(bank, c) for c in codes],
                                 **{k: v for k, v in fields.items() if k != "org"})  # fmt: skip


@pytest.fixture
def paper(district: Any, bank: QuestionBank) -> Paper:
    return fixed_paper(district, bank, ["S1", "M1", "T1", "F1"], shuffle_options=True)
