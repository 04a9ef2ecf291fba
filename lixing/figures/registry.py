"""The figure registry: what a figure is, and how the lines of work declare theirs.

A *figure* is a named, translatable count or rate over an organisation subtree and a
period, with a drill-down to the records behind it. Each line of work registers its
figures in its ``AppConfig.ready``::

    from lixing.figures.registry import Group, count_figure, rate_figure, register

    register(count_figure(
        "study.party_days", _("Themed party days"), Group.STUDY, counter="study.sessions.party_day",
        unit=_("sessions"), records=party_day_records, columns=SESSION_COLUMNS,
        sentence=_("held {value} themed party days"),
    ))

Most figures read roll-up counters (:mod:`lixing.orgs.rollups`), so a figure costs one row
read whatever the subtree's size, and every figure of a page is fetched in one query. A
figure that cannot be a counter (a median, say) gives ``compute`` instead and must keep to
a fixed number of bounded queries.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from lixing.orgs.models import Organization

from .periods import Period


class Group:
    ORGANISATION = "organisation"
    CAMPAIGN = "campaign"
    STUDY = "study"
    QUIZZES = "quizzes"
    DEEDS = "deeds"
    RESULTS = "results"  # 开新局: indicators and key projects
    PUBLICITY = "publicity"
    CONTESTS = "contests"

    LABELS: Mapping[str, Promise] = {
        "organisation": _("Organisation"),
        "campaign": _("Campaign plan"),
        "study": _("Study"),
        "quizzes": _("Quizzes"),
        "deeds": _("Practical deeds"),
        "results": _("New results"),
        "publicity": _("Publicity and honours"),
        "contests": _("Contests"),
    }
    ORDER = ["organisation", "campaign", "study", "quizzes", "deeds", "results", "publicity", "contests"]


@dataclass(frozen=True)
class FigureValue:
    """A computed figure. ``value`` is None when there is nothing to say (no data, or a rate
    whose sample is below the minimum); ``sample`` is then still shown."""

    value: float | int | None
    numerator: int | None = None
    denominator: int | None = None
    is_rate: bool = False

    @property
    def sample(self) -> int | None:
        return self.denominator

    @property
    def is_empty(self) -> bool:
        return self.value is None or (not self.is_rate and self.value == 0)

    def display(self) -> str:
        if self.value is None:
            return "—"
        if self.is_rate:
            return f"{self.value * 100:.1f}%"
        if isinstance(self.value, float) and not self.value.is_integer():
            return f"{self.value:.1f}"
        return f"{int(self.value):,}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "value": self.value,
            "display": self.display(),
            "numerator": self.numerator,
            "denominator": self.denominator,
            "is_rate": self.is_rate,
        }


_STOCK_COUNTERS: set[str] = set()


def register_stock_counters(*keys: str) -> None:
    """Declare counters that are stocks (kept in bucket "all" only, e.g. members now):
    a figure reads them as they stand, whatever period it is asked for."""
    _STOCK_COUNTERS.update(keys)


def is_stock_counter(key: str) -> bool:
    return key in _STOCK_COUNTERS


class Reading:
    """Counter totals for one organisation and period, as a figure's ``from_counters`` sees
    them: flows from the period's bucket, stocks from "all"."""

    def __init__(self, period_totals: Mapping[str, int], stock_totals: Mapping[str, int]) -> None:
        self._period = period_totals
        self._stock = stock_totals

    def total(self, key: str) -> int:
        if key in _STOCK_COUNTERS:
            return self._stock.get(key, 0)
        return self._period.get(key, 0)


Column = tuple[Promise | str, Callable[[Any], Any]]
RecordsFn = Callable[[Any, Organization, Period], QuerySet[Any]]


@dataclass(frozen=True)
class Figure:
    key: str
    label: Promise | str
    group: str
    counters: tuple[str, ...] = ()
    # From counter totals (the fast path) …
    from_counters: Callable[[Reading], FigureValue] | None = None
    # … or computed directly (fixed number of bounded queries): (actor, org, period) → value.
    compute: Callable[[Any, Organization, Period], FigureValue] | None = None
    unit: Promise | str = ""
    stock: bool = False  # a stock ("members now") ignores the period
    records: RecordsFn | None = None
    columns: Sequence[Column] = ()
    record_url: Callable[[Any], str | None] | None = None
    description: Promise | str = ""
    # Briefing sentence with placeholders {value} {numerator} {denominator} {org} {unit}.
    sentence: Promise | str = ""
    # May units be compared and ranked by it? (Never for study time, likes or check-ins.)
    comparable: bool = True
    order: int = 100
    extra: Mapping[str, Any] = field(default_factory=dict)

    @property
    def has_records(self) -> bool:
        """For templates, which would otherwise *call* ``records`` instead of testing it."""
        return self.records is not None


_REGISTRY: dict[str, Figure] = {}


def register(figure: Figure) -> Figure:
    if figure.from_counters is None and figure.compute is None:
        raise ValueError(f"figure {figure.key} needs from_counters or compute")
    _REGISTRY[figure.key] = figure
    return figure


def get(key: str) -> Figure:
    return _REGISTRY[key]


def all_figures(group: str | None = None) -> list[Figure]:
    figures = [f for f in _REGISTRY.values() if group is None or f.group == group]
    group_rank = {g: i for i, g in enumerate(Group.ORDER)}
    return sorted(figures, key=lambda f: (group_rank.get(f.group, 99), f.order, f.key))


def min_sample() -> int:
    return int(settings.LIXING_MIN_RATE_SAMPLE)


def count_figure(key: str, label: Promise | str, group: str, *, counter: str, **kwargs: Any) -> Figure:
    """A figure that is one counter's subtree total."""
    return Figure(
        key=key,
        label=label,
        group=group,
        counters=(counter,),
        from_counters=lambda r: FigureValue(r.total(counter)),
        **kwargs,
    )


def rate_figure(
    key: str,
    label: Promise | str,
    group: str,
    *,
    numerator: str,
    denominator: str,
    numerator_stock: bool = False,
    **kwargs: Any,
) -> Figure:
    """numerator ÷ denominator, shown only when the denominator reaches the minimum sample.

    Rates may exceed 100% (required readings: sets delivered ÷ members)."""

    def from_counters(r: Reading) -> FigureValue:
        num, den = r.total(numerator), r.total(denominator)
        value = num / den if den and den >= min_sample() else None
        return FigureValue(value, numerator=num, denominator=den, is_rate=True)

    return Figure(
        key=key,
        label=label,
        group=group,
        counters=(numerator, denominator),
        from_counters=from_counters,
        extra={"numerator_stock": numerator_stock, **kwargs.pop("extra", {})},
        **kwargs,
    )


def today() -> datetime.date:
    from django.utils import timezone

    return timezone.localdate()
