"""Reporting periods of an indicator set, as strings: ``2021-04`` (a month, or months 1–4 of a
cumulative set), ``2021Q2``, ``2021``. The same strings are the roll-up buckets, so a subtree
total for a period is one counter row. Pure functions, no database."""

from __future__ import annotations

import datetime
import re

from django.utils.translation import gettext as _

from .models import PeriodType

_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
_QUARTER = re.compile(r"^(\d{4})Q([1-4])$")
_YEAR = re.compile(r"^(\d{4})$")


def kind_of(period_type: str) -> str:
    """The calendar kind behind a period type: a cumulative set is reported by month."""
    return "month" if period_type in {PeriodType.MONTH, PeriodType.YTD} else str(period_type)


def parse(period: str, period_type: str) -> tuple[int, int]:
    """(year, step) of ``period`` — step is the month, quarter or 1. ValueError when the
    period is not of the set's type."""
    kind = kind_of(period_type)
    text = (period or "").strip()
    pattern = {"month": _MONTH, "quarter": _QUARTER, "year": _YEAR}[kind]
    m = pattern.match(text)
    if not m:
        example = {"month": "2021-04", "quarter": "2021Q2", "year": "2021"}[kind]
        raise ValueError(_("%(p)s is not a period of this set (write it like %(e)s).") % {"p": text, "e": example})
    return int(m[1]), int(m[2]) if kind != "year" else 1


def make(year: int, step: int, period_type: str) -> str:
    kind = kind_of(period_type)
    if kind == "month":
        return f"{year}-{step:02d}"
    if kind == "quarter":
        return f"{year}Q{step}"
    return f"{year}"


def steps_per_year(period_type: str) -> int:
    return {"month": 12, "quarter": 4, "year": 1}[kind_of(period_type)]


def previous(period: str, period_type: str) -> str:
    """The period before (环比's base): last month, last quarter, last year."""
    year, step = parse(period, period_type)
    if step > 1:
        return make(year, step - 1, period_type)
    return make(year - 1, steps_per_year(period_type), period_type)


def last_year(period: str, period_type: str) -> str:
    """The same period a year earlier (同比's base)."""
    year, step = parse(period, period_type)
    return make(year - 1, step, period_type)


def year_to(period: str, period_type: str) -> list[str]:
    """The periods of the year up to and including ``period``."""
    year, step = parse(period, period_type)
    return [make(year, s, period_type) for s in range(1, step + 1)]


def start_of(period: str, period_type: str) -> datetime.date:
    year, step = parse(period, period_type)
    kind = kind_of(period_type)
    if kind == "month":
        return datetime.date(year, step, 1)
    if kind == "quarter":
        return datetime.date(year, 3 * step - 2, 1)
    return datetime.date(year, 1, 1)


def end_of(period: str, period_type: str) -> datetime.date:
    year, step = parse(period, period_type)
    kind = kind_of(period_type)
    if kind == "month":
        nxt = datetime.date(year + 1, 1, 1) if step == 12 else datetime.date(year, step + 1, 1)
    elif kind == "quarter":
        nxt = datetime.date(year + 1, 1, 1) if step == 4 else datetime.date(year, 3 * step + 1, 1)
    else:
        nxt = datetime.date(year + 1, 1, 1)
    return nxt - datetime.timedelta(days=1)


def latest_closed(period_type: str, today: datetime.date) -> str:
    """The last period that has ended by ``today`` (the one now being reported)."""
    kind = kind_of(period_type)
    if kind == "month":
        return previous(make(today.year, today.month, period_type), period_type)
    if kind == "quarter":
        return previous(make(today.year, (today.month - 1) // 3 + 1, period_type), period_type)
    return make(today.year - 1, 1, period_type)


def label(period: str, period_type: str) -> str:
    """As the seeds write it: ``2021年4月``, ``2021年1-4月`` (cumulative), ``2021年第二季度``, ``2021年``."""
    year, step = parse(period, period_type)
    if period_type == PeriodType.YTD:
        if step == 1:
            return _("%(y)s-%(m)s (month)") % {"y": year, "m": step}
        return _("%(y)s, months 1-%(m)s") % {"y": year, "m": step}
    kind = kind_of(period_type)
    if kind == "month":
        return _("%(y)s-%(m)s (month)") % {"y": year, "m": step}
    if kind == "quarter":
        return _("%(y)s, quarter %(q)s") % {"y": year, "q": "一二三四"[step - 1]}
    return _("%(y)s (year)") % {"y": year}


def short_label(period: str, period_type: str) -> str:
    """Without the year, for sentences: ``1-4月``, ``4月``, ``二季度``."""
    year, step = parse(period, period_type)
    if period_type == PeriodType.YTD and step > 1:
        return _("months 1-%(m)s") % {"m": step}
    kind = kind_of(period_type)
    if kind == "month":
        return _("month %(m)s") % {"m": step}
    if kind == "quarter":
        return _("quarter %(q)s") % {"q": "一二三四"[step - 1]}
    return _("%(y)s (year)") % {"y": year}
