"""The indicator figures: reporting rate and on-time rate (all sets, each at the period now
being reported), and the headline values said in the seeds' words (briefing examples)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext_lazy as _

from lixing.figures.periods import Period
from lixing.figures.registry import Figure, FigureValue, Group, register, today
from lixing.orgs.models import Organization

from . import periods, selectors
from .models import Aggregation, IndicatorSet
from .words import headline


def _as_of(period: Period) -> Any:
    now = today()
    return min(period.end, now) if period.end else now


def _sets() -> list[IndicatorSet]:
    return list(IndicatorSet.objects.select_related("office"))


def _reporting(actor: Any, org: Organization, period: Period) -> tuple[int, int, int]:
    expected = received = on_time = 0
    for iset in _sets():
        if not (org.path.startswith(iset.office.path) or iset.office.path.startswith(org.path)):
            continue
        p = periods.latest_closed(iset.period_type, _as_of(period))
        status = selectors.reporting_status(actor=actor, indicator_set=iset, org=org, period=p, today=_as_of(period))
        expected += status.expected
        received += status.received
        on_time += status.on_time
    return expected, received, on_time


def reporting_rate(actor: Any, org: Organization, period: Period) -> FigureValue:
    expected, received, _on_time = _reporting(actor, org, period)
    return FigureValue(received / expected if expected else None, numerator=received, denominator=expected,
                       is_rate=True)  # fmt: skip


def on_time_rate(actor: Any, org: Organization, period: Period) -> FigureValue:
    expected, _received, on_time = _reporting(actor, org, period)
    return FigureValue(on_time / expected if expected else None, numerator=on_time, denominator=expected,
                       is_rate=True)  # fmt: skip


def _complete_period(actor: Any, iset: IndicatorSet, org: Organization, as_of: Any) -> str | None:
    """The latest period (of the last three closed) that every expected unit has reported:
    a sum over part of the units is not said against last year's full figure."""
    p = periods.latest_closed(iset.period_type, as_of)
    for _step in range(3):
        status = selectors.reporting_status(actor=actor, indicator_set=iset, org=org, period=p)
        if status.expected and status.received == status.expected:
            return p
        p = periods.previous(p, iset.period_type)
    return None


def headline_sentences(actor: Any, org: Organization, period: Period) -> list[str]:
    """One sentence per summed indicator, for the latest period every unit has reported."""
    out: list[str] = []
    for iset in _sets():
        if not org.path.startswith(iset.office.path):
            continue
        p = _complete_period(actor, iset, org, _as_of(period))
        if p is None:
            continue
        table = selectors.indicator_table(actor=actor, indicator_set=iset, org=org, period=p)
        when = periods.short_label(p, iset.period_type)
        for row in table.rows:
            if row.indicator.aggregation == Aggregation.WEIGHTED:
                continue
            text = headline(when=when, org=org.display_name, name=row.indicator.name, value=row.reading.value,
                            unit=row.indicator.unit, yoy=row.reading.yoy.value)  # fmt: skip
            if text:
                out.append(text)
    return out


def _headline_count(actor: Any, org: Organization, period: Period) -> FigureValue:
    return FigureValue(len(headline_sentences(actor, org, period)))


def _examples(actor: Any, org: Organization, period: Period) -> Iterable[str]:
    return headline_sentences(actor, org, period)


def register_indicator_figures() -> None:
    register(Figure(
        "indicators.reporting_rate", _("Indicator reports received"), Group.RESULTS, compute=reporting_rate,
        sentence=_("received {numerator} of {denominator} indicator reports ({value})"), order=10,
        description=_("Units that entered every indicator of a set for the period now being reported, of those that must."),
    ))  # fmt: skip
    register(Figure(
        "indicators.on_time_rate", _("Indicator reports on time"), Group.RESULTS, compute=on_time_rate,
        sentence=_("{numerator} indicator reports on time ({value})"), order=11,
        description=_("Reports complete by the set's due date, of those expected."),
    ))  # fmt: skip
    register(Figure(
        "indicators.headlines", _("Indicators reported"), Group.RESULTS, compute=_headline_count, order=12,
        unit=_("indicators"), comparable=False, sentence="-",
        extra={"examples": _examples},
        description=_("Indicators with a value for the period now being reported; said in the briefing."),
    ))  # fmt: skip
