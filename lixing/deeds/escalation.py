"""Late tickets on the shared escalation ladder (``lixing.escalation``), source ``deeds.ticket``.

A ticket still open past its due date is flagged late (its ``late_at``, a timeline entry and
the late counter), then goes up the ladder one step per run: a reminder to the responsible
unit, then — ``LIXING_TICKET_SUPERVISION_DAYS`` (default 7) days after the due date — a
numbered supervision notice. Tickets stop there (they are not listed in a monthly report).
The ticket keeps ``reminded_at``/``supervised_at`` and its timeline entries, written in the
same transaction as the ladder's steps.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from lixing.escalation.models import Escalation, Step
from lixing.escalation.registry import EscalationSource, Subject
from lixing.orgs.rollups import rollup_bump_many

from . import counters as c
from .models import OPEN_STATES, EventKind, Ticket, TicketEvent, setting

SOURCE = "deeds.ticket"


def _prepare(today: datetime.date, actor: Any, filters: Mapping[str, Any]) -> dict[str, int]:
    now = timezone.now()
    late = list(
        Ticket.objects.select_for_update(of=("self",))
        .select_related("category", "visit", "office", "unit")
        .filter(state__in=OPEN_STATES, due_on__lt=today, late_at__isnull=True)
    )
    bumps = []
    for t in late:
        bumps += c.ticket_bumps(t, -1)
        t.late_at = now
        bumps += c.ticket_bumps(t, +1)
    Ticket.objects.filter(pk__in=[t.pk for t in late]).update(late_at=now, updated_at=now)
    rollup_bump_many(bumps)
    TicketEvent.objects.bulk_create(
        [TicketEvent(ticket=t, at=now, kind=EventKind.LATE, state=t.state, unit=t.unit, actor_name="system")
         for t in late]
    )  # fmt: skip
    return {"flagged": len(late)}


def _late(today: datetime.date, filters: Mapping[str, Any]) -> list[Subject]:
    grace = datetime.timedelta(days=setting("LIXING_TICKET_SUPERVISION_DAYS", 7) + 1)
    late = Ticket.objects.filter(state__in=OPEN_STATES, late_at__isnull=False).select_related("unit", "office")
    return [
        Subject(id=t.pk, owner=t.unit or t.office, issuer=t.office, due_on=t.due_on, title=f"{t.code} {t.title}",
                series=SOURCE, notice_after_days=0, notice_not_before=t.due_on + grace)
        for t in late.order_by("due_on", "id")
    ]  # fmt: skip


def _on_steps(new: list[Escalation], actor: Any, today: datetime.date) -> None:
    now = timezone.now()
    for step, kind, field in ((Step.REMINDER, EventKind.REMINDER, "reminded_at"),
                              (Step.NOTICE, EventKind.SUPERVISION, "supervised_at")):  # fmt: skip
        ids = [e.subject_id for e in new if e.step == step]
        if not ids:
            continue
        tickets = list(Ticket.objects.filter(pk__in=ids).select_related("unit", "office"))
        Ticket.objects.filter(pk__in=ids).update(**{field: now, "updated_at": now})
        TicketEvent.objects.bulk_create(
            [TicketEvent(ticket=t, at=now, kind=kind, state=t.state, unit=t.unit, actor_name="system",
                         note=(t.unit or t.office).name) for t in tickets]
        )  # fmt: skip


def _url(e: Escalation) -> str:
    return reverse("deeds:ticket", args=[e.subject_id])


TICKET_SOURCE = EscalationSource(
    key=SOURCE, label=gettext_lazy("Tickets"), late=_late, prepare=_prepare, on_steps=_on_steps, url=_url,
    last_step=Step.NOTICE,
)  # fmt: skip
