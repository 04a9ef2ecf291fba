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
import secrets
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lixing.orgs.models import Organization
from lixing.orgs.rollups import is_dated_stock

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
        "organisation": pgettext_lazy("figure section", "Organisation"),
        "campaign": pgettext_lazy("figure section", "Campaign plan"),
        "study": pgettext_lazy("figure section", "Study"),
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
    them: flows from the period's bucket, stocks from "all" — or, for a dated stock and a
    period that ended before today, as they stood at the period's end (``as_at_totals``)."""

    def __init__(
        self,
        period_totals: Mapping[str, int],
        stock_totals: Mapping[str, int],
        as_at_totals: Mapping[str, int] | None = None,
    ) -> None:
        self._period = period_totals
        self._stock = stock_totals
        self._as_at = as_at_totals

    def total(self, key: str) -> int:
        if key in _STOCK_COUNTERS:
            if self._as_at is not None and is_dated_stock(key):
                return self._as_at.get(key, 0)
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
    # A stock: members now, or — for a dated stock (``orgs.rollups.register_dated_stock``:
    # units registered, teams) — what existed at the end of the period asked for.
    stock: bool = False
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


# --- Figures defined by data ------------------------------------------------------------------
#
# Some figures follow data that users change at run time (a study kind added, renamed or
# retired on the settings page). Every process — web workers, the task worker, commands, the
# API — must show them at once, without a restart. A line of work registers a *provider* that
# reads that data and says which figures it adds or replaces and which it hides; the writer
# calls :func:`figures_changed` in its transaction, which stamps a version row. Each process
# compares that row with the version it last loaded: once per request (the first figure read
# of the request; a request-started signal clears the mark), and on every read outside a
# request (commands and tasks). One cheap primary-key read; the provider runs only when the
# version moved.


@dataclass(frozen=True)
class Provided:
    """What a provider says: figures added or replacing registered ones, keys hidden."""

    figures: Sequence[Figure] = ()
    hidden: frozenset[str] = frozenset()


_PROVIDERS: dict[str, Callable[[], Provided]] = {}
_PROVIDED: dict[str, Provided] = {}
_LOADED: dict[str, int] = {}  # provider name → version this process last loaded
_state = threading.local()


def register_provider(name: str, provider: Callable[[], Provided]) -> None:
    """Declare figures that depend on data (call in ``AppConfig.ready``; no query here).

    Version 0 (no row yet) means "as registered at start-up": the provider's data is as
    seeded, so nothing is loaded until a change is recorded. A data migration that finds the
    data already changed records version 1."""
    _PROVIDERS[name] = provider
    _LOADED.setdefault(name, 0)


def figures_changed(name: str) -> None:
    """The data behind provider ``name`` changed: every process reloads it at its next read.
    Call inside the transaction that writes the change."""
    from .models import RegistryVersion

    # A fresh random stamp rather than +1: a version that went back (a restored database, a
    # rolled-back test) can then never be mistaken for one already loaded.
    RegistryVersion.objects.update_or_create(name=name, defaults={"version": secrets.randbits(62) + 1})
    _state.checked = False  # this process too, at once


def request_started(**_kwargs: Any) -> None:
    _state.checked = False
    _state.in_request = True


def request_finished(**_kwargs: Any) -> None:
    _state.in_request = False


def refresh() -> None:
    """Reload data-defined figures whose version moved (see above)."""
    if not _PROVIDERS or (getattr(_state, "in_request", False) and getattr(_state, "checked", False)):
        return
    from .models import RegistryVersion

    versions = dict(RegistryVersion.objects.filter(name__in=list(_PROVIDERS)).values_list("name", "version"))
    _state.checked = True
    for name, provider in _PROVIDERS.items():
        version = versions.get(name, 0)
        if _LOADED.get(name) != version:
            _PROVIDED[name] = provider()
            _LOADED[name] = version


def _current() -> dict[str, Figure]:
    refresh()
    figures = dict(_REGISTRY)
    hidden: set[str] = set()
    for provided in _PROVIDED.values():
        hidden |= provided.hidden
        figures.update({f.key: f for f in provided.figures})
    for key in hidden:
        figures.pop(key, None)
    return figures


def _lookup(key: str) -> Figure | None:
    for provided in _PROVIDED.values():
        for f in provided.figures:
            if f.key == key:
                return f
    return _REGISTRY.get(key)


def get(key: str) -> Figure:
    """The figure ``key`` (a hidden one too: a retired kind's drill-down still opens). Reads
    the version only for a key unknown here (a kind another process just added); a page or
    command lists figures through :func:`all_figures`, which always checks."""
    figure = _lookup(key)
    if figure is None:
        refresh()
        figure = _lookup(key)
    if figure is None:
        raise KeyError(key)
    return figure


def all_figures(group: str | None = None) -> list[Figure]:
    figures = [f for f in _current().values() if group is None or f.group == group]
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
    denominator: str | Sequence[str],
    numerator_stock: bool = False,
    **kwargs: Any,
) -> Figure:
    """numerator ÷ denominator, shown only when the denominator reaches the minimum sample.
    ``denominator`` may name several counters, summed (e.g. committees + leading groups).

    Rates may exceed 100% (required readings: sets delivered ÷ members)."""
    denominators = (denominator,) if isinstance(denominator, str) else tuple(denominator)

    def from_counters(r: Reading) -> FigureValue:
        num, den = r.total(numerator), sum(r.total(d) for d in denominators)
        value = num / den if den and den >= min_sample() else None
        return FigureValue(value, numerator=num, denominator=den, is_rate=True)

    return Figure(
        key=key,
        label=label,
        group=group,
        counters=(numerator, *denominators),
        from_counters=from_counters,
        extra={"numerator_stock": numerator_stock, **kwargs.pop("extra", {})},
        **kwargs,
    )


def today() -> datetime.date:
    from django.utils import timezone

    return timezone.localdate()
