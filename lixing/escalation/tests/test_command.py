"""``manage.py escalate`` runs every registered source; the old commands are aliases of it."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import CommandError, call_command

from lixing.campaigns.tests.factories import make_plan
from lixing.deeds import services as deeds
from lixing.deeds.models import EventKind, Ticket
from lixing.deeds.tests.helpers import public_ticket
from lixing.escalation.models import Escalation, Step
from lixing.orgs.access import SYSTEM

pytestmark = pytest.mark.django_db


def escalate(*args: str) -> str:
    out = io.StringIO()
    call_command("escalate", *args, stdout=out)
    return out.getvalue()


def test_one_run_escalates_campaign_tasks_and_tickets_alike(district) -> None:
    make_plan(district)  # a task due 2021-05-31 for branch A1
    t = deeds.ticket_assign(actor=SYSTEM, ticket=public_ticket(district.root, received_on=datetime.date(2021, 5, 1)),
                            unit=district.branch_a1)  # fmt: skip
    out = escalate("--today", "2021-06-01")
    assert "campaigns.assignment: late_flagged=1 late_cleared=0 reminders=1" in out and "deeds.ticket: flagged=1 reminders=1" in out
    escalate("--today", "2021-06-01")
    assert Escalation.objects.filter(step=Step.REMINDER).count() == 2
    escalate("--today", "2021-06-04")
    got = {(e.source, e.step): e.number for e in Escalation.objects.filter(step=Step.NOTICE)}
    assert got == {("campaigns.assignment", Step.NOTICE): 1, ("deeds.ticket", Step.NOTICE): 1}
    t.refresh_from_db()
    assert t.supervised_at is not None
    assert list(t.events.filter(kind=EventKind.SUPERVISION).values_list("note", flat=True)) == ["甲一支部"]


def test_one_source_can_be_run_alone_and_an_unknown_source_is_refused(district) -> None:
    make_plan(district)
    public_ticket(district.root, received_on=datetime.date(2021, 5, 1))
    escalate("--today", "2021-06-01", "--source", "deeds.ticket")
    assert set(Escalation.objects.values_list("source", flat=True)) == {"deeds.ticket"}
    assert Ticket.objects.get().late_at is not None
    with pytest.raises(CommandError):
        escalate("--source", "nope")


def test_the_old_command_names_still_work(district) -> None:
    make_plan(district)
    out = io.StringIO()
    call_command("escalate_tasks", "--today", "2021-06-01", stdout=out)
    assert "reminders=1" in out.getvalue()
    call_command("escalate_tickets", "--today", "2021-06-01", stdout=out)
    assert Escalation.objects.filter(source="campaigns.assignment").count() == 1
