"""Key-project figures (group 开新局): projects on the list, started, completed, behind plan,
investment against the annual plan, problems raised and solved — for the list of the
period's year, as of the period's end (or today). Each reads the subtree's projects in two
queries (projects are hundreds, not millions: no counters needed). The briefing says them
in the seeds' words: "N个重点项目完成投资N亿元，完成年度计划N%"."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lixing.common.cnformat import cn_amount, cn_percent
from lixing.figures.periods import Period
from lixing.figures.registry import Figure, FigureValue, Group, register, today
from lixing.orgs.models import Organization

from . import selectors


def _when(period: Period) -> tuple[int, datetime.date]:
    now = today()
    as_of = min(period.end, now) if period.end else now
    return (period.start.year if period.start else now.year), as_of


def _summary(actor: Any, org: Organization, period: Period) -> selectors.Summary:
    year, as_of = _when(period)
    return selectors.summary(actor=actor, org=org, year=year, today=as_of)


def investment_words(invested_wan: Decimal) -> str:
    """万元 as offices write them: 201400 → 20.1亿元."""
    return _("%(amount)s yuan") % {"amount": cn_amount(invested_wan * 10_000)}


def headline(s: selectors.Summary) -> str | None:
    if not s.listed:
        return None
    return _("%(n)s key projects have invested %(amount)s, %(share)s of this year's plan") % {
        "n": s.listed, "amount": investment_words(s.invested), "share": cn_percent(s.plan_share)}  # fmt: skip


def _examples(actor: Any, org: Organization, period: Period) -> Iterable[str]:
    text = headline(_summary(actor, org, period))
    return [text] if text else []


def _count(attr: str) -> Any:
    def compute(actor: Any, org: Organization, period: Period) -> FigureValue:
        return FigureValue(getattr(_summary(actor, org, period), attr))

    return compute


def _plan_share(actor: Any, org: Organization, period: Period) -> FigureValue:
    s = _summary(actor, org, period)
    return FigureValue(s.plan_share, numerator=int(s.invested), denominator=int(s.annual_plan), is_rate=True)


def _solved(actor: Any, org: Organization, period: Period) -> FigureValue:
    s = _summary(actor, org, period)
    return FigureValue(s.solved / s.problems if s.problems else None, numerator=s.solved, denominator=s.problems,
                       is_rate=True)  # fmt: skip


def register_project_figures() -> None:
    g = Group.RESULTS
    register(Figure("projects.listed", gettext_lazy("Key projects on the list"), g, compute=_count("listed"),
                    unit=gettext_lazy("projects"), order=20, extra={"examples": _examples},
                    sentence=gettext_lazy("{value} key projects on the list")))  # fmt: skip
    register(Figure("projects.started", gettext_lazy("Key projects started"), g, compute=_count("started"),
                    unit=gettext_lazy("projects"), order=21,
                    sentence=gettext_lazy("{value} under way or completed")))  # fmt: skip
    register(Figure("projects.completed", gettext_lazy("Key projects completed"), g, compute=_count("completed"),
                    unit=gettext_lazy("projects"), order=22, sentence=gettext_lazy("{value} completed")))  # fmt: skip
    register(Figure("projects.plan_share", gettext_lazy("Share of this year's planned investment"), g,
                    compute=_plan_share, order=23, comparable=True,
                    sentence=gettext_lazy("{value} of this year's planned investment completed")))  # fmt: skip
    register(Figure("projects.behind", gettext_lazy("Key projects behind plan"), g, compute=_count("behind"),
                    unit=gettext_lazy("projects"), order=24,
                    sentence=gettext_lazy("{value} behind plan and supervised")))  # fmt: skip
    register(Figure("projects.problems_solved", gettext_lazy("Project problems solved"), g, compute=_solved,
                    order=25, sentence=gettext_lazy("{denominator} problems raised on the projects, {numerator} solved")))  # fmt: skip
