"""Overdue indicator reports on the shared escalation ladder (``lixing.escalation``), source
``indicators.report``.

A unit that must report a set and has not entered every indicator by the due date (the
period's end plus the set's days to report) goes up the ladder for that report: a reminder,
a numbered 督办单 three days later, and named in the monthly report if still missing after
the reply date. The subject is the report — set, period and unit — packed into one integer
(:func:`subject_id`), so each period's report is escalated on its own.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lixing.escalation.models import Escalation
from lixing.escalation.registry import EscalationSource, Subject
from lixing.orgs.access import SYSTEM

from . import periods, selectors
from .models import IndicatorSet

SOURCE = "indicators.report"
_ORG = 10**9
_PERIOD = 10**5


def _period_index(period: str, period_type: str) -> int:
    year, step = periods.parse(period, period_type)
    return year * 12 + step


def subject_id(set_id: int, period: str, period_type: str, org_id: int) -> int:
    """(set, period, unit) as one integer: set × 10⁵ + period index, × 10⁹ + unit."""
    return (set_id * _PERIOD + _period_index(period, period_type)) * _ORG + org_id


def unpack(subject: int) -> tuple[int, int, int]:
    """(set id, period index, unit id) of a subject id."""
    head, org_id = divmod(subject, _ORG)
    set_id, index = divmod(head, _PERIOD)
    return set_id, index, org_id


def _late(today: datetime.date, filters: Mapping[str, Any]) -> list[Subject]:
    out = []
    for iset in IndicatorSet.objects.select_related("office").order_by("id"):
        period = periods.latest_closed(iset.period_type, today)
        status = selectors.reporting_status(actor=SYSTEM, indicator_set=iset, org=iset.office, period=period)
        if today <= status.due:
            continue
        label = periods.label(period, iset.period_type)
        for unit in status.missing:
            out.append(Subject(
                id=subject_id(iset.pk, period, iset.period_type, unit.org.pk), owner=unit.org, issuer=iset.office,
                due_on=status.due, title=_("%(set)s, %(period)s: not reported") % {"set": iset.name, "period": label},
                series=SOURCE, notice_after_days=3, reply_days=5,
            ))  # fmt: skip
    return out


def _url(e: Escalation) -> str:
    set_id, index, org_id = unpack(e.subject_id)
    year, step = divmod(index, 12)
    if step == 0:
        year, step = year - 1, 12
    return reverse("indicators:entry", args=[set_id]) + "?" + urlencode({"org": str(org_id), "period": f"{year}-{step:02d}"})


SOURCE_DEF = EscalationSource(key=SOURCE, label=gettext_lazy("Indicator reports overdue"), late=_late, url=_url)
