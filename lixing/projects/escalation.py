"""Key projects on the shared escalation ladder (``lixing.escalation``), source ``projects.monthly``.

一月一督办: each month, every project of the current year's lists that is behind plan or has
not reported for over a week (:mod:`lixing.projects.standing`) goes up the ladder for that
month — a reminder to the responsible unit, a numbered 督办单 a week later (reply within 10
days), and named in the monthly report if still lagging after the reply date. The subject is
"this project in this month" (``project id × 100 + month``), so next month starts afresh.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lixing.escalation.models import Escalation
from lixing.escalation.registry import EscalationSource, Subject
from lixing.orgs.access import SYSTEM

from . import selectors
from .models import Project

SOURCE = "projects.monthly"


def subject_id(project_id: int, month: int) -> int:
    return project_id * 100 + month


def _late(today: datetime.date, filters: Mapping[str, Any]) -> list[Subject]:
    out = []
    for root in selectors.list_offices(year=today.year):
        for row in selectors.supervision_list(actor=SYSTEM, org=root, year=today.year, today=today):
            p = row.project
            out.append(Subject(
                id=subject_id(p.pk, today.month), owner=p.owner_unit, issuer=p.office, due_on=None,
                title=_("%(name)s (%(month)s): %(reasons)s") % {
                    "name": p.name, "month": f"{today.year}-{today.month:02d}", "reasons": "；".join(row.standing.reasons)},
                series=SOURCE, notice_after_days=7, reply_days=10,
            ))  # fmt: skip
    return out


def _url(e: Escalation) -> str:
    return reverse("projects:project", args=[e.subject_id // 100])


SOURCE_DEF = EscalationSource(key=SOURCE, label=gettext_lazy("Key projects behind plan"), late=_late, url=_url)

__all__ = ["SOURCE_DEF", "Project"]
