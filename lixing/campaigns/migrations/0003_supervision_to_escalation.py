"""Campaign supervision steps move onto the shared escalation ladder, numbers and answers kept.

Each ``Supervision`` row becomes an ``escalation.Escalation`` of source
``campaigns.assignment`` (subject = the assignment, owner = its unit, issuer = the campaign's
organisation, series = ``campaign:<id>``, year = the year it was issued). Notices were
numbered per campaign; they keep their numbers (still unique per series and year).
"""

from django.db import migrations

SOURCE = "campaigns.assignment"


def forward(apps, schema_editor):
    Supervision = apps.get_model("campaigns", "Supervision")
    Escalation = apps.get_model("escalation", "Escalation")
    rows = Supervision.objects.select_related("assignment__task", "campaign").order_by("id")
    batch = []
    for s in rows.iterator(chunk_size=2000):
        a = s.assignment
        batch.append(Escalation(
            source=SOURCE, subject_id=a.pk, owner_id=a.unit_id, issuer_id=s.campaign.org_id,
            title=a.task.title[:300], due_on=a.task.due_on, step=s.step, issued_on=s.issued_on,
            series=f"campaign:{s.campaign_id}", year=s.issued_on.year if s.number else None, number=s.number,
            reply_due=s.reply_due, reply_text=s.reply_text, replied_on=s.replied_on, replied_by_id=s.replied_by_id,
        ))
        if len(batch) >= 2000:
            Escalation.objects.bulk_create(batch)
            batch = []
    Escalation.objects.bulk_create(batch)


def backward(apps, schema_editor):
    Supervision = apps.get_model("campaigns", "Supervision")
    Assignment = apps.get_model("campaigns", "Assignment")
    Escalation = apps.get_model("escalation", "Escalation")
    rows = list(Escalation.objects.filter(source=SOURCE))
    campaign_of = dict(Assignment.objects.filter(pk__in=[e.subject_id for e in rows]).values_list("pk", "campaign_id"))
    Supervision.objects.bulk_create([
        Supervision(assignment_id=e.subject_id, campaign_id=campaign_of[e.subject_id], step=e.step,
                    issued_on=e.issued_on, number=e.number, reply_due=e.reply_due, reply_text=e.reply_text,
                    replied_on=e.replied_on, replied_by_id=e.replied_by_id)
        for e in rows if e.subject_id in campaign_of
    ])
    Escalation.objects.filter(source=SOURCE).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0002_unindex_created_at"),
        ("escalation", "0001_initial"),
    ]

    operations = [migrations.RunPython(forward, backward)]
