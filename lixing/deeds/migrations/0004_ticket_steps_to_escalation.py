"""Tickets' past reminders and supervision notices become steps on the shared escalation ladder.

A ticket with ``reminded_at`` gets a reminder step, one with ``supervised_at`` a notice step
(numbered per year in the order they were issued, series ``deeds.ticket``), so the ladder
never repeats a step a ticket already had. The ticket's own fields and timeline stay.
"""

import datetime

from django.conf import settings
from django.db import migrations
from django.utils import timezone

SOURCE = "deeds.ticket"


def _day(moment):
    return timezone.localtime(moment).date() if settings.USE_TZ else moment.date()


def forward(apps, schema_editor):
    Ticket = apps.get_model("deeds", "Ticket")
    Escalation = apps.get_model("escalation", "Escalation")
    rows, numbers = [], {}
    tickets = Ticket.objects.filter(reminded_at__isnull=False).order_by("supervised_at", "id")
    for t in tickets.iterator(chunk_size=2000):
        common = dict(source=SOURCE, subject_id=t.pk, owner_id=t.unit_id or t.office_id, issuer_id=t.office_id,
                      title=f"{t.code} {t.title}"[:300], due_on=t.due_on, series=SOURCE)
        rows.append(Escalation(step="reminder", issued_on=_day(t.reminded_at), **common))
        if t.supervised_at is not None:
            day = _day(t.supervised_at)
            numbers[day.year] = numbers.get(day.year, 0) + 1
            rows.append(Escalation(step="notice", issued_on=day, year=day.year, number=numbers[day.year],
                                   reply_due=day + datetime.timedelta(days=5), **common))
        if len(rows) >= 2000:
            Escalation.objects.bulk_create(rows)
            rows = []
    Escalation.objects.bulk_create(rows)


def backward(apps, schema_editor):
    apps.get_model("escalation", "Escalation").objects.filter(source=SOURCE).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("deeds", "0003_unindex_created_at"),
        ("escalation", "0001_initial"),
    ]

    operations = [migrations.RunPython(forward, backward)]
