"""The ladder's writes: one step per subject per run, and the owner's answer to a notice.

For each subject late today, one step per run:

1. a **reminder** as soon as it is late;
2. a numbered **supervision notice** (督办单) once the reminder is ``notice_after_days`` old
   (and not before the source's ``notice_not_before``), with a reply date ``reply_days`` ahead;
3. **listed by name** in the monthly report once the reply date has passed and it is still
   late (unless the source stops at the notice).

Every step is an :class:`Escalation` row, unique per (source, subject, step), so a repeated
or concurrent run never repeats a step: a concurrent run inserting the same step hits the
unique constraint and rolls back whole. A fixed number of queries per source and run.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from lixing.accounts.audit import audit, audit_bulk, audit_entry
from lixing.orgs.access import SYSTEM, Cap, require

from .models import LADDER, Escalation, Step
from .registry import EscalationSource, Subject, escalation_sources, get_source


@dataclass
class RunResult:
    source: str
    reminders: int = 0
    notices: int = 0
    listed: int = 0
    prepared: dict[str, int] = field(default_factory=dict)

    def __str__(self) -> str:
        flags = " ".join(f"{k}={v}" for k, v in self.prepared.items())
        return f"{self.source}: {flags + ' ' if flags else ''}reminders={self.reminders} notices={self.notices} listed={self.listed}"


def _next_step(subject: Subject, have: dict[str, Escalation], today: datetime.date, last: str) -> str | None:
    reminder, notice = have.get(Step.REMINDER), have.get(Step.NOTICE)
    if reminder is None:
        return Step.REMINDER
    if LADDER.index(Step(last)) < LADDER.index(Step.NOTICE):
        return None
    if notice is None:
        if (today - reminder.issued_on).days < subject.notice_after_days:
            return None
        if subject.notice_not_before is not None and today < subject.notice_not_before:
            return None
        return Step.NOTICE
    if last == Step.LISTED and Step.LISTED not in have and notice.reply_due is not None and today > notice.reply_due:
        return Step.LISTED
    return None


def _run_source(
    *, actor: Any, source: EscalationSource, today: datetime.date, filters: Mapping[str, Any]
) -> RunResult:
    result = RunResult(source.key)
    if source.prepare is not None:
        result.prepared = dict(source.prepare(today, actor, filters))
    subjects = list(source.late(today, filters))
    have: dict[int, dict[str, Escalation]] = {}
    for e in Escalation.objects.filter(source=source.key, subject_id__in=[s.id for s in subjects]):
        have.setdefault(e.subject_id, {})[e.step] = e
    series = {s.series or source.key for s in subjects}
    numbers: dict[str, int] = dict(
        Escalation.objects.filter(series__in=series, year=today.year, number__isnull=False)
        .values_list("series")
        .annotate(n=Max("number"))
        .values_list("series", "n")
    )
    new: list[Escalation] = []
    for s in subjects:
        step = _next_step(s, have.get(s.id, {}), today, source.last_step)
        if step is None:
            continue
        row = Escalation(source=source.key, subject_id=s.id, owner=s.owner, issuer=s.issuer, title=s.title[:300],
                         due_on=s.due_on, step=step, issued_on=today, series=s.series or source.key)  # fmt: skip
        if step == Step.NOTICE:
            numbers[row.series] = numbers.get(row.series, 0) + 1
            row.year, row.number = today.year, numbers[row.series]
            row.reply_due = today + datetime.timedelta(days=s.reply_days)
            result.notices += 1
        elif step == Step.REMINDER:
            result.reminders += 1
        else:
            result.listed += 1
        new.append(row)
    Escalation.objects.bulk_create(new, batch_size=1000)
    if source.on_steps is not None and new:
        source.on_steps(new, actor, today)
    audit_bulk([
        audit_entry(actor=actor, action=f"escalation.{e.step}", object_type="escalation.escalation",
                    object_id=e.pk or e.subject_id, object_repr=f"{e.get_step_display()} · {e.title}"[:200],
                    org_path=e.owner.path,
                    after={"source": e.source, "subject_id": e.subject_id, "step": e.step, "issued_on": today,
                           "number": e.number})
        for e in new
    ])  # fmt: skip
    return result


def escalate_run(
    *, actor: Any = SYSTEM, today: datetime.date | None = None, sources: Iterable[str] | None = None,
    filters: Mapping[str, Any] | None = None,
) -> list[RunResult]:  # fmt: skip
    """Escalate every registered source (or those named) one step; idempotent for a given day.

    Each source runs in its own transaction, so one source failing does not undo another's.
    """
    today = today or timezone.localdate()
    chosen = [get_source(k) for k in sources] if sources is not None else list(escalation_sources().values())
    out = []
    for source in chosen:
        with transaction.atomic():
            out.append(_run_source(actor=actor, source=source, today=today, filters=filters or {}))
    return out


@transaction.atomic
def escalation_answer(
    *, actor: Any, escalation: Escalation, text: str, today: datetime.date | None = None
) -> Escalation:
    """The owner unit answers a supervision notice (once; RECORDS over the owner unit)."""
    e = Escalation.objects.select_for_update(of=("self",)).select_related("owner").get(pk=escalation.pk)
    require(actor, e.owner, Cap.RECORDS)
    if e.step != Step.NOTICE:
        raise ValidationError(_("Only a supervision notice is answered."))
    if e.replied_on is not None:
        raise ValidationError(_("This notice has already been answered."))
    if not text.strip():
        raise ValidationError({"text": _("Write the answer: what has been done and when it will be finished.")})
    day = today or timezone.localdate()
    e.reply_text = text.strip()
    e.replied_on = day
    e.replied_by = actor if getattr(actor, "is_authenticated", False) and not getattr(actor, "is_system", False) else None
    e.save(update_fields=["reply_text", "replied_on", "replied_by", "updated_at"])
    source = escalation_sources().get(e.source)
    if source is not None and source.on_answer is not None:
        source.on_answer(e, actor)
    audit(actor=actor, action="escalation.answer", obj=e, org_path=e.owner.path,
          after={"replied_on": day, "text": e.reply_text})  # fmt: skip
    return e
