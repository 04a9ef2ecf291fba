"""Derived numbers — 同比, 环比, progress against target, year-to-date — as pure functions.

Nothing here is ever typed in or stored: each number is computed from the values it came
from and carries them (``inputs``), so a page can show "214.6 against 181.1". A missing base
gives ``None`` (shown "—"), never 0 and never infinity: a growth rate needs a prior value
that exists and is not zero; a year-to-date sum needs every period of the year so far.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from lixing.common.cnformat import cn_percent

from . import periods
from .models import Aggregation, PeriodType

D = Decimal


@dataclass(frozen=True)
class Derived:
    """A derived number and the values it came from (label, value)."""

    value: Decimal | None
    inputs: tuple[tuple[str, Decimal | None], ...] = field(default_factory=tuple)

    @property
    def missing(self) -> bool:
        return self.value is None


def growth(current: Decimal | None, prior: Decimal | None) -> Decimal | None:
    """(current − prior) ÷ |prior|; None when either is missing or the prior is zero."""
    if current is None or prior is None or prior == 0:
        return None
    return (current - prior) / abs(prior)


def progress(value: Decimal | None, target: Decimal | None) -> Decimal | None:
    """value ÷ target (may exceed 1); None without a positive target or a value."""
    if value is None or target is None or target <= 0:
        return None
    return value / target


def year_sum(values: Sequence[Decimal | None]) -> Decimal | None:
    """The sum of the year's periods so far; None if any of them is missing."""
    if not values or any(v is None for v in values):
        return None
    return sum((v for v in values if v is not None), D(0))


def from_cumulative(cumulative: Decimal | None, before: Decimal | None, *, first: bool) -> Decimal | None:
    """One month's value from two cumulative figures (1-4月 − 1-3月); January is its own."""
    if first:
        return cumulative
    if cumulative is None or before is None:
        return None
    return cumulative - before


def growth_words(rate: Decimal | None, *, basis: str = "yoy") -> str:
    """``同比增长18.5%``, ``同比下降3.2%``, ``同比持平``; "—" without a rate. ``basis``: yoy or mom."""
    if rate is None:
        return "—"
    text = cn_percent(float(abs(rate)))
    if text == "0.0%":
        return _("flat year on year") if basis == "yoy" else _("flat on the previous period")
    if rate > 0:
        return (_("up %(rate)s year on year") if basis == "yoy" else _("up %(rate)s on the previous period")) % {
            "rate": text
        }
    return (_("down %(rate)s year on year") if basis == "yoy" else _("down %(rate)s on the previous period")) % {
        "rate": text
    }


@dataclass(frozen=True)
class Reading:
    """Everything derived for one indicator, organisation and period."""

    period: str
    value: Decimal | None
    yoy: Derived
    mom: Derived
    ytd: Derived  # year to date (for a cumulative set: the value itself)
    ytd_yoy: Derived
    month_value: Derived  # for a cumulative set: this month alone
    target_progress: Derived


def needed_periods(period: str, period_type: str) -> list[str]:
    """Every period :func:`derive` reads for ``period``."""
    wanted = {period, periods.previous(period, period_type), periods.last_year(period, period_type)}
    wanted.update(periods.year_to(period, period_type))
    wanted.update(periods.year_to(periods.last_year(period, period_type), period_type))
    return sorted(wanted)


def derive(
    *,
    period: str,
    period_type: str,
    aggregation: str,
    series: Mapping[str, Decimal | None],
    target: Decimal | None,
) -> Reading:
    """Derive every number for ``period`` from ``series`` (period → value or None)."""
    cur = series.get(period)
    prev_p = periods.previous(period, period_type)
    ly_p = periods.last_year(period, period_type)
    prev, ly = series.get(prev_p), series.get(ly_p)
    this_label, prev_label, ly_label = (periods.label(p, period_type) for p in (period, prev_p, ly_p))
    yoy = Derived(growth(cur, ly), ((this_label, cur), (ly_label, ly)))
    ytd_periods = periods.year_to(period, period_type)
    ly_ytd_periods = periods.year_to(ly_p, period_type)
    if period_type == PeriodType.YTD:
        first = len(ytd_periods) == 1
        month = from_cumulative(cur, prev, first=first)
        month_value = Derived(month, ((this_label, cur),) if first else ((this_label, cur), (prev_label, prev)))
        prev_month = None if first else from_cumulative(prev, series.get(periods.previous(prev_p, period_type)),
                                                          first=len(ytd_periods) == 2)  # fmt: skip
        mom = Derived(growth(month, prev_month), ((this_label, month), (prev_label, prev_month)))
        ytd = Derived(cur, ((this_label, cur),))
        ytd_yoy = yoy
    else:
        month_value = Derived(cur, ((this_label, cur),))
        mom = Derived(growth(cur, prev), ((this_label, cur), (prev_label, prev)))
        if aggregation == Aggregation.WEIGHTED or period_type == PeriodType.YEAR:
            # An average is not summed over the year; a yearly value is its own year.
            ytd = Derived(cur if period_type == PeriodType.YEAR else None, ())
            ytd_yoy = yoy if period_type == PeriodType.YEAR else Derived(None, ())
        else:
            this_sum = year_sum([series.get(p) for p in ytd_periods])
            ly_sum = year_sum([series.get(p) for p in ly_ytd_periods])
            inputs = tuple((periods.label(p, period_type), series.get(p)) for p in ytd_periods)
            ytd = Derived(this_sum, inputs)
            ytd_yoy = Derived(growth(this_sum, ly_sum), ((_("this year so far"), this_sum),
                                                           (_("same periods last year"), ly_sum)))  # fmt: skip
    basis = ytd.value if aggregation != Aggregation.WEIGHTED else cur
    target_progress = Derived(progress(basis, target), ((_("so far"), basis), (_("annual target"), target)))
    return Reading(period, cur, yoy, mom, ytd, ytd_yoy, month_value, target_progress)
