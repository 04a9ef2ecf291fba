"""Escalation of late work (一月一督办), run daily by ``manage.py escalate_tasks``.

For each unit whose share of a task is past due and not yet submitted, one step per run:

1. a **reminder** as soon as it is late;
2. a numbered **supervision notice** (督办单) once the reminder is ``notice_after_days`` old,
   with a reply date ``reply_days`` ahead;
3. **listed by name** in the monthly report once the reply date has passed and it is still late.

Each step is a :class:`Supervision` row, unique per (assignment, step): running the job
twice, or two jobs at once, never repeats a step. The run also keeps the "late" flag
(and its counter) true. A fixed number of queries per run, whatever the number of tasks.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Max, Q

from lixing.accounts.audit import audit_bulk, audit_entry
from lixing.orgs.access import SYSTEM
from lixing.orgs.rollups import Bump, rollup_bump_many

from . import counters as K
from .models import OPEN_STATUSES, Assignment, Step, Supervision


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


@transaction.atomic
def escalate(*, today: datetime.date, actor: Any = SYSTEM, campaign_id: int | None = None) -> EscalationResult:
    result = EscalationResult()
    scope = Assignment.objects.all() if campaign_id is None else Assignment.objects.filter(campaign_id=campaign_id)
    late_now = Q(status__in=OPEN_STATUSES, task__due_on__lt=today)
    bumps: list[Bump] = []
    # Keep the late flag true both ways (a date moved, work submitted meanwhile).
    cleared = list(scope.filter(is_late=True).exclude(late_now).select_related("unit"))
    for a in cleared:
        bumps.append(Bump(a.unit_id, a.unit.path, K.LATE, None, -1))
    Assignment.objects.filter(pk__in=[a.pk for a in cleared]).update(is_late=False)
    result.late_cleared = len(cleared)
    late = list(scope.filter(late_now).select_related("unit", "task", "campaign").order_by("task__due_on", "id"))
    newly = [a for a in late if not a.is_late]
    for a in newly:
        bumps.append(Bump(a.unit_id, a.unit.path, K.LATE, None, 1))
    Assignment.objects.filter(pk__in=[a.pk for a in newly]).update(is_late=True)
    result.late_flagged = len(newly)

    steps: dict[tuple[int, str], Supervision] = {
        (s.assignment_id, s.step): s for s in Supervision.objects.filter(assignment__in=[a.pk for a in late])
    }
    numbers: dict[int, int] = dict(
        Supervision.objects.filter(campaign_id__in={a.campaign_id for a in late}, number__isnull=False)
        .values_list("campaign_id")
        .annotate(n=Max("number"))
        .values_list("campaign_id", "n")
    )
    new: list[Supervision] = []
    for a in late:
        reminder = steps.get((a.pk, Step.REMINDER))
        notice = steps.get((a.pk, Step.NOTICE))
        if reminder is None:
            new.append(Supervision(assignment=a, campaign=a.campaign, step=Step.REMINDER, issued_on=today))
            result.reminders += 1
        elif notice is None:
            if (today - reminder.issued_on).days >= a.campaign.notice_after_days:
                numbers[a.campaign_id] = numbers.get(a.campaign_id, 0) + 1
                new.append(Supervision(
                    assignment=a, campaign=a.campaign, step=Step.NOTICE, issued_on=today,
                    number=numbers[a.campaign_id], reply_due=today + datetime.timedelta(days=a.campaign.reply_days),
                ))  # fmt: skip
                bumps.append(Bump(a.unit_id, a.unit.path, K.NOTICES, today, 1))
                result.notices += 1
        elif (a.pk, Step.LISTED) not in steps and notice.reply_due is not None and today > notice.reply_due:
            new.append(Supervision(assignment=a, campaign=a.campaign, step=Step.LISTED, issued_on=today))
            result.listed += 1
    # A concurrent run inserting the same step hits the unique constraint and rolls back whole.
    Supervision.objects.bulk_create(new, batch_size=1000)
    rollup_bump_many(bumps)
    audit_bulk([
        audit_entry(actor=actor, action=f"campaign.supervision_{s.step}", object_type="campaigns.supervision",
                    object_id=s.assignment_id, object_repr=f"{s.get_step_display()} · {s.assignment}",
                    org_path=s.assignment.unit.path,
                    after={"assignment_id": s.assignment_id, "step": s.step, "issued_on": today, "number": s.number})
        for s in new
    ])  # fmt: skip
    return result
