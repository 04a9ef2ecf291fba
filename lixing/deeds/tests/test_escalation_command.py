import datetime

from django.core.management import call_command

from lixing.deeds import services
from lixing.deeds.models import EventKind, Ticket
from lixing.orgs.access import SYSTEM
from lixing.orgs.rollups import read_totals

from .helpers import assert_counters_equal_rebuild, public_ticket


def _kinds(t):
    return list(t.events.values_list("kind", flat=True))


def test_late_tickets_get_one_reminder_then_one_supervision_notice_however_often_it_runs(district):
    late = public_ticket(district.root, received_on=datetime.date(2021, 3, 1))  # due 2021-03-16
    late = services.ticket_assign(actor=SYSTEM, ticket=late, unit=district.branch_a1)
    on_time = public_ticket(district.root, received_on=datetime.date(2021, 3, 10))  # due 2021-03-25
    call_command("escalate_tickets", "--today", "2021-03-20")
    call_command("escalate_tickets", "--today", "2021-03-20")
    late.refresh_from_db()
    assert late.late_at and late.reminded_at and late.supervised_at is None
    assert _kinds(late).count(EventKind.LATE) == 1 and _kinds(late).count(EventKind.REMINDER) == 1
    assert Ticket.objects.get(pk=on_time.pk).late_at is None
    call_command("escalate_tickets", "--today", "2021-03-30")
    call_command("escalate_tickets", "--today", "2021-03-30")
    late.refresh_from_db()
    assert _kinds(late).count(EventKind.SUPERVISION) == 1 and _kinds(late).count(EventKind.REMINDER) == 1
    on_time.refresh_from_db()
    assert _kinds(on_time).count(EventKind.REMINDER) == 1 and _kinds(on_time).count(EventKind.SUPERVISION) == 0
    t = read_totals([district.root.pk], ["deeds.t.late"], ["all"])
    assert t[(district.root.pk, "deeds.t.late", "all")] == 2
    assert_counters_equal_rebuild([district.root.pk, district.branch_a1.pk])


def test_closed_tickets_are_never_escalated(district):
    t = services.ticket_assign(actor=SYSTEM, ticket=public_ticket(district.root, received_on=datetime.date(2021, 3, 1)),
                               unit=district.branch_a1)  # fmt: skip
    services.ticket_answer(actor=SYSTEM, ticket=t, outcome="resolved", on=datetime.date(2021, 3, 5))
    call_command("escalate_tickets", "--today", "2021-06-01")
    assert _kinds(t) == ["received", "assigned", "answered"]
