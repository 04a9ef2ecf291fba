"""What is escalated, read for a user: scoped to the owner unit's or the issuer's subtree."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from lixing.figures.periods import Period
from lixing.orgs.access import scope_q
from lixing.orgs.models import Organization

from .models import Escalation, Step


def escalations_q(actor: Any) -> Q:
    """Steps the actor sees: those of units in their scope, and those their offices issued."""
    return scope_q(actor, "owner__path") | scope_q(actor, "issuer__path")


def escalations_in(
    *, actor: Any, org: Organization, step: str | None = None, sources: Iterable[str] | None = None,
    series: str | None = None, period: Period | None = None,
) -> QuerySet[Escalation]:  # fmt: skip
    """Steps whose owner unit is in ``org``'s subtree, as far as the actor may see."""
    qs = Escalation.objects.filter(escalations_q(actor), owner__path__startswith=org.path)
    if step:
        qs = qs.filter(step=step)
    if sources is not None:
        qs = qs.filter(source__in=list(sources))
    if series is not None:
        qs = qs.filter(series=series)
    if period is not None and period.start and period.end:
        qs = qs.filter(issued_on__gte=period.start, issued_on__lte=period.end)
    return qs.select_related("owner", "issuer").order_by("-issued_on", "-id")


def access_escalation(actor: Any, escalation_id: int | str) -> Escalation:
    try:
        return Escalation.objects.select_related("owner", "issuer").filter(escalations_q(actor)).get(
            pk=int(escalation_id)
        )
    except (Escalation.DoesNotExist, TypeError, ValueError):
        raise Http404(_("No such notice.")) from None


@dataclass
class MonthlyListing:
    """一月一督办: reminders sent, notices issued and answered in the month, and what is listed by name."""

    period: Period
    reminders: int
    notices: list[Escalation]
    answered: list[Escalation]
    listed: list[Escalation]


def monthly_listing(
    *, actor: Any, period: Period, org: Organization | None = None, series: str | None = None,
    sources: Iterable[str] | None = None,
) -> MonthlyListing:  # fmt: skip
    """One query: every step issued up to the month's end (answers may come later than notices)."""
    assert period.start is not None and period.end is not None
    qs = Escalation.objects.filter(escalations_q(actor), issued_on__lte=period.end)
    if org is not None:
        qs = qs.filter(owner__path__startswith=org.path)
    if series is not None:
        qs = qs.filter(series=series)
    if sources is not None:
        qs = qs.filter(source__in=list(sources))
    rows = list(qs.select_related("owner").order_by("issued_on", "number", "id"))
    in_month = [e for e in rows if period.start <= e.issued_on <= period.end]
    return MonthlyListing(
        period,
        reminders=sum(1 for e in in_month if e.step == Step.REMINDER),
        notices=[e for e in in_month if e.step == Step.NOTICE],
        answered=[e for e in rows if e.step == Step.NOTICE and e.replied_on and period.contains(e.replied_on)],
        listed=[e for e in in_month if e.step == Step.LISTED],
    )
