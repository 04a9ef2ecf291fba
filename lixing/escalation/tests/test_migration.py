"""Moving campaign supervision and ticket steps onto the ladder loses nothing (numbers,
answers, dates), and the ladder then carries on from where they were."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from lixing.campaigns.tests.factories import make_plan
from lixing.deeds import services as deeds
from lixing.deeds.tests.helpers import public_ticket
from lixing.escalation.models import Escalation
from lixing.escalation.services import escalate_run
from lixing.orgs.access import SYSTEM

BEFORE = [("campaigns", "0002_unindex_created_at"), ("deeds", "0003_unindex_created_at"),
          ("escalation", "0001_initial")]  # fmt: skip
D = datetime.date


def _migrate(targets: list[tuple[str, str]] | None = None) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.migrate(targets or executor.loader.graph.leaf_nodes())
    return executor


@pytest.mark.django_db(transaction=True)
def test_old_supervision_rows_and_ticket_steps_become_ladder_steps_with_nothing_lost(district) -> None:
    plan = make_plan(district)
    share_a = plan.share(plan.task_a, district.branch_a1)
    share_b = plan.share(plan.task_b, district.branch_b1)
    ticket = deeds.ticket_assign(actor=SYSTEM, ticket=public_ticket(district.root, received_on=D(2021, 5, 1)),
                                 unit=district.branch_a1)  # fmt: skip
    executor = _migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    Supervision = old.get_model("campaigns", "Supervision")
    c = plan.campaign.pk
    Supervision.objects.bulk_create([
        Supervision(assignment_id=share_a.pk, campaign_id=c, step="reminder", issued_on=D(2021, 6, 1)),
        Supervision(assignment_id=share_a.pk, campaign_id=c, step="notice", issued_on=D(2021, 6, 4), number=7,
                    reply_due=D(2021, 6, 9), reply_text="已落实", replied_on=D(2021, 6, 8),
                    replied_by_id=district.secretary.pk),
        Supervision(assignment_id=share_a.pk, campaign_id=c, step="listed", issued_on=D(2021, 6, 10)),
        Supervision(assignment_id=share_b.pk, campaign_id=c, step="reminder", issued_on=D(2021, 7, 1)),
    ])  # fmt: skip
    moment = timezone.make_aware(datetime.datetime(2021, 5, 20, 9))
    old.get_model("deeds", "Ticket").objects.filter(pk=ticket.pk).update(
        late_at=moment, reminded_at=moment, supervised_at=moment + datetime.timedelta(days=10)
    )
    _migrate()

    rows = {(e.source, e.subject_id, e.step): e for e in Escalation.objects.all()}
    assert set(rows) == {
        ("campaigns.assignment", share_a.pk, "reminder"), ("campaigns.assignment", share_a.pk, "notice"),
        ("campaigns.assignment", share_a.pk, "listed"), ("campaigns.assignment", share_b.pk, "reminder"),
        ("deeds.ticket", ticket.pk, "reminder"), ("deeds.ticket", ticket.pk, "notice"),
    }  # fmt: skip
    n = rows[("campaigns.assignment", share_a.pk, "notice")]
    assert (n.number, n.code, n.series, n.reply_due, n.replied_on, n.reply_text, n.replied_by_id) == (
        7, "督办〔2021〕第7号", f"campaign:{c}", D(2021, 6, 9), D(2021, 6, 8), "已落实", district.secretary.pk)
    assert (n.owner_id, n.issuer_id, n.title, n.due_on) == (
        district.branch_a1.pk, district.root.pk, "甲党委中心组专题学习", D(2021, 5, 31))
    t = rows[("deeds.ticket", ticket.pk, "notice")]
    assert (t.issued_on, t.number, t.owner_id, t.issuer_id) == (D(2021, 5, 30), 1, district.branch_a1.pk,
                                                                 district.root.pk)  # fmt: skip
    # The ladder carries on: B1's share gets its notice, numbered after the kept number 7.
    escalate_run(actor=SYSTEM, today=D(2021, 7, 10))
    nb = Escalation.objects.get(subject_id=share_b.pk, source="campaigns.assignment", step="notice")
    assert nb.number == 8
    assert Escalation.objects.filter(source="deeds.ticket").count() == 2  # the ticket repeats nothing
