"""Fake figures for the reports tests: reports must work with whatever the lines of work
register, so the tests register their own (and remove them afterwards)."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.urls import reverse

from lixing.figures import registry
from lixing.figures.periods import Period
from lixing.figures.registry import Figure, FigureValue, Group, count_figure, rate_figure
from lixing.figures.selectors import subtree_q
from lixing.orgs.models import Member, Organization
from lixing.orgs.rollups import rollup_bump

DAY = datetime.date(2026, 11, 12)  # in 2026W46, 2026-11, 2026Q4
WEEK = "2026W46"


def _members(actor: Any, org: Organization, period: Period) -> Any:
    return Member.objects.filter(subtree_q(actor, org)).select_related("org").order_by("org__path", "name")


def _member_url(m: Member) -> str:
    return reverse("orgs:member", args=[m.pk])


COLUMNS = [("name", lambda m: m.name), ("organisation", lambda m: m.org.display_name)]


def _examples(actor: Any, org: Organization, period: Period) -> list[tuple[str, str]]:
    return [("甲一支部", "书记带头上党课，党员全员参加")]


def _avg_days(actor: Any, org: Organization, period: Period) -> FigureValue:
    """A compute figure: one bounded query per organisation (members ÷ 4, for the tests)."""
    if period.start is not None and period.start.year < 2026:
        return FigureValue(None)  # nothing recorded before 2026
    return FigureValue(Member.objects.filter(subtree_q(actor, org)).count() / 4)


FAKE = [
    count_figure("test.visits", "走访企业", Group.DEEDS, counter="test.visits", unit="家次", sentence="走访企业{value}家次",
                 records=_members, columns=COLUMNS, record_url=_member_url, order=1,
                 extra={"examples": _examples}),
    count_figure("test.problems", "收集问题", Group.DEEDS, counter="test.problems", unit="个",
                 sentence="收集问题和意见建议{value}个", records=_members, columns=COLUMNS, record_url=_member_url, order=2),
    rate_figure("test.solved_rate", "问题解决率", Group.DEEDS, numerator="test.solved", denominator="test.problems",
                sentence="已解决{numerator}个，解决率{value}", records=_members, columns=COLUMNS,
                record_url=_member_url, order=3),
    Figure(key="test.avg_days", label="平均办结用时", group=Group.DEEDS, compute=_avg_days, unit="天",
           sentence="平均办结用时{value}天", records=_members, columns=COLUMNS, record_url=_member_url, order=4),
    count_figure("test.checkins", "学习打卡", Group.STUDY, counter="test.checkins", unit="次",
                 sentence="学习打卡{value}次", comparable=False, records=_members, columns=COLUMNS,
                 record_url=_member_url, order=1),
    count_figure("test.empty", "空指标", Group.STUDY, counter="test.empty", unit="次",
                 sentence="空指标{value}次", records=_members, columns=COLUMNS, order=2),
]  # fmt: skip


@pytest.fixture
def fake_figures() -> Iterator[list[Any]]:
    """Only the organisation's figures and the fakes, so that the numbers these tests expect
    do not move when a line of work registers a new figure (tests that want every
    registered figure say so)."""
    saved = dict(registry._REGISTRY)
    registry._REGISTRY.clear()
    registry._REGISTRY.update({k: f for k, f in saved.items() if k.startswith("orgs.")})
    for f in FAKE:
        registry.register(f)
    yield FAKE
    registry._REGISTRY.clear()
    registry._REGISTRY.update(saved)


def bump(org: Organization, key: str, n: int, day: datetime.date | None = DAY) -> None:
    with transaction.atomic():
        rollup_bump(org, key, day=day, delta=n)


@pytest.fixture
def figures_data(district: Any, fake_figures: Any) -> Any:
    """Committee A's branches solved well, B1 lags; check-ins only on B1."""
    d = district
    bump(d.branch_a1, "test.visits", 40)
    bump(d.branch_a2, "test.visits", 23)
    bump(d.branch_b1, "test.visits", 100)
    bump(d.branch_a1, "test.problems", 10)
    bump(d.branch_a1, "test.solved", 9)
    bump(d.branch_a2, "test.problems", 6)
    bump(d.branch_a2, "test.solved", 5)
    bump(d.branch_b1, "test.problems", 38)
    bump(d.branch_b1, "test.solved", 9)
    bump(d.branch_b1, "test.checkins", 500)
    bump(d.branch_a1, "test.checkins", 12, day=datetime.date(2026, 10, 3))
    return d
