"""Lines of work tell the ladder what is late through a registered source.

A source is registered once, in the line of work's ``AppConfig.ready``::

    register_escalation_source(EscalationSource(key="campaigns.assignment", label=…, late=late_shares, …))

``late(today, filters)`` returns the subjects late today (in a fixed number of queries);
the ladder decides which step each one is due, writes the steps and calls ``on_steps`` with
the new rows inside the same transaction (for the line of work's own flags, timeline and
counters). The ladder imports no line of work.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.utils.functional import Promise

from lixing.orgs.models import Organization

if TYPE_CHECKING:
    from .models import Escalation


@dataclass(frozen=True)
class Subject:
    """A late thing, as the ladder sees it: an id within its source, an owner unit, a due date."""

    id: int
    owner: Organization
    due_on: datetime.date | None
    title: str
    issuer: Organization | None = None
    series: str = ""  # numbering series of its notices ("" = the source's key)
    notice_after_days: int = 3  # from the reminder to the notice
    reply_days: int = 5  # from the notice to the reply date
    notice_not_before: datetime.date | None = None  # a source's own rule (e.g. due date + grace)


@dataclass(frozen=True)
class EscalationSource:
    key: str
    label: Promise | str
    late: Callable[[datetime.date, Mapping[str, Any]], Sequence[Subject]]
    # Before the steps, in the same transaction: keep the source's own "late" flags true.
    prepare: Callable[[datetime.date, Any, Mapping[str, Any]], Mapping[str, int]] | None = None
    # After the steps are written, in the same transaction: timelines, flags, counters.
    on_steps: Callable[[list[Escalation], Any, datetime.date], None] | None = None
    # When a notice is answered (counters of the line of work).
    on_answer: Callable[[Escalation, Any], None] | None = None
    # Extra lines on the printed notice (the campaign, the lead unit …).
    notice_lines: Callable[[Escalation], list[str]] | None = None
    # Where a user reads the subject (a link from lists and notices).
    url: Callable[[Escalation], str] | None = None
    last_step: str = "listed"
    filters: tuple[str, ...] = field(default=())  # option names ``late`` understands (e.g. "campaign_id")


_SOURCES: dict[str, EscalationSource] = {}


def register_escalation_source(source: EscalationSource) -> EscalationSource:
    _SOURCES[source.key] = source
    return source


def escalation_sources() -> dict[str, EscalationSource]:
    return dict(_SOURCES)


def get_source(key: str) -> EscalationSource:
    try:
        return _SOURCES[key]
    except KeyError:
        raise LookupError(f"No escalation source {key!r}; registered: {sorted(_SOURCES)}") from None
