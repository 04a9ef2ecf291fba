"""Campaign task shares on the escalation ladder (一月一督办), a source of ``lixing.escalation``.

A unit's share of a task is late once the task's due date has passed and the share is not
yet submitted (submitted work waits on the lead unit, not on the unit). The ladder
(``manage.py escalate``, or its alias ``escalate_tasks``) takes it one step per run:
reminder → numbered 督办单 (numbered per campaign and year, after the campaign's
``notice_after_days``, reply within ``reply_days``) → listed by name in the monthly report.

This module says what is late and keeps the campaign's own "late" flag and counters; the
steps themselves are :class:`lixing.escalation.models.Escalation` rows.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lixing.escalation.models import Escalation, Step
from lixing.escalation.registry import EscalationSource, Subject
from lixing.escalation.services import escalate_run
from lixing.orgs.access import SYSTEM
from lixing.orgs.rollups import Bump, rollup_bump_many

from . import counters as K
from .models import ESCALATION_SOURCE, OPEN_STATUSES, Assignment

SOURCE = ESCALATION_SOURCE


def series_of(campaign_id: int) -> str:
    """Notices are numbered per campaign (and year)."""
    return f"campaign:{campaign_id}"


def _scope(filters: Mapping[str, Any]) -> Any:
    qs = Assignment.objects.all()
    if filters.get("campaign_id") is not None:
        qs = qs.filter(campaign_id=filters["campaign_id"])
    return qs


def _late_now(today: datetime.date) -> Q:
    return Q(status__in=OPEN_STATUSES, task__due_on__lt=today)


def _prepare(today: datetime.date, actor: Any, filters: Mapping[str, Any]) -> dict[str, int]:
    """Keep the late flag (and its counter) true both ways: a date moved, work submitted meanwhile."""
    scope = _scope(filters)
    bumps: list[Bump] = []
    cleared = list(scope.filter(is_late=True).exclude(_late_now(today)).select_related("unit"))
    bumps += [Bump(a.unit_id, a.unit.path, K.LATE, None, -1) for a in cleared]
    Assignment.objects.filter(pk__in=[a.pk for a in cleared]).update(is_late=False)
    newly = list(scope.filter(_late_now(today), is_late=False).select_related("unit"))
    bumps += [Bump(a.unit_id, a.unit.path, K.LATE, None, 1) for a in newly]
    Assignment.objects.filter(pk__in=[a.pk for a in newly]).update(is_late=True)
    rollup_bump_many(bumps)
    return {"late_flagged": len(newly), "late_cleared": len(cleared)}


def _late(today: datetime.date, filters: Mapping[str, Any]) -> list[Subject]:
    late = _scope(filters).filter(_late_now(today)).select_related("unit", "task", "campaign__org")
    return [
        Subject(id=a.pk, owner=a.unit, issuer=a.campaign.org, due_on=a.task.due_on, title=a.task.title,
                series=series_of(a.campaign_id), notice_after_days=a.campaign.notice_after_days,
                reply_days=a.campaign.reply_days)
        for a in late.order_by("task__due_on", "id")
    ]  # fmt: skip


def _on_steps(new: list[Escalation], actor: Any, today: datetime.date) -> None:
    rollup_bump_many(Bump(e.owner_id, e.owner.path, K.NOTICES, today, 1) for e in new if e.step == Step.NOTICE)


def _on_answer(e: Escalation, actor: Any) -> None:
    rollup_bump_many([Bump(e.owner_id, e.owner.path, K.ANSWERED, e.replied_on, 1)])


def _notice_lines(e: Escalation) -> list[str]:
    a = Assignment.objects.select_related("campaign", "task__lead_unit").filter(pk=e.subject_id).first()
    if a is None:
        return []
    return [
        _("Campaign: %(c)s") % {"c": a.campaign.title},
        _("Lead unit: %(u)s") % {"u": a.task.lead_unit.name},
        _("Progress reported: %(p)s%%") % {"p": a.percent},
    ]


def _url(e: Escalation) -> str:
    return reverse("campaigns:assignment", args=[e.subject_id])


CAMPAIGN_SOURCE = EscalationSource(
    key=SOURCE, label=gettext_lazy("Campaign tasks"), late=_late, prepare=_prepare, on_steps=_on_steps,
    on_answer=_on_answer, notice_lines=_notice_lines, url=_url, filters=("campaign_id",),
)  # fmt: skip


def attach_assignments(rows: Iterable[Escalation]) -> list[Escalation]:
    """Give each step of this source its ``assignment`` (task, unit, campaign) in one query."""
    rows = list(rows)
    ids = {e.subject_id for e in rows if e.source == SOURCE}
    found = Assignment.objects.select_related("task__lead_unit", "unit", "campaign__org").in_bulk(ids)
    for e in rows:
        e.assignment = found.get(e.subject_id)  # type: ignore[attr-defined]
    return rows


@dataclass
class EscalationResult:
    late_flagged: int = 0
    late_cleared: int = 0
    reminders: int = 0
    notices: int = 0
    listed: int = 0

    def __str__(self) -> str:
        return (f"late+{self.late_flagged} late-{self.late_cleared} reminders={self.reminders} "
                f"notices={self.notices} listed={self.listed}")  # fmt: skip


def escalate(*, today: datetime.date, actor: Any = SYSTEM, campaign_id: int | None = None) -> EscalationResult:
    """Campaign tasks only (``escalate_tasks``): the ladder's run for this one source."""
    (r,) = escalate_run(actor=actor, today=today, sources=[SOURCE], filters={"campaign_id": campaign_id})
    return EscalationResult(r.prepared.get("late_flagged", 0), r.prepared.get("late_cleared", 0), r.reminders, r.notices, r.listed)
