"""Kinds say which organisations hold them: central-group study is held by party committees
and leading party groups, so its coverage is counted over them, not over branches.

After upgrading a database with sessions, run ``manage.py rebuild_rollups --source study``
once (``verify_rollups`` shows the counters that need it)."""

from django.db import migrations, models


SEEDED = {
    "central_group": ("中心组学习", 10), "collective_study": ("集中学习", 20), "special_lecture": ("专题党课", 30),
    "party_day": ("主题党日", 40), "outreach_talk": ("宣讲", 50), "onsite_teaching": ("现场教学", 60),
    "reading_club": ("读书班", 70), "live_class": ("直播课", 80), "workshop_lecture": ("车间党课", 90),
    "seminar": ("专题研讨", 100),
}  # fmt: skip


def central_group_by_committees(apps, schema_editor):
    SessionKind = apps.get_model("study", "SessionKind")
    SessionKind.objects.filter(code="central_group").update(held_by="committee")
    # Kinds already changed on the settings page: every process must load them from the
    # database (version 0 means "as seeded"; see lixing.figures.registry.register_provider).
    current = {k.code: (k.name, k.order, k.is_active) for k in SessionKind.objects.all()}
    if current != {code: (name, order, True) for code, (name, order) in SEEDED.items()}:
        apps.get_model("figures", "RegistryVersion").objects.update_or_create(
            name="study.kinds", defaults={"version": 1}
        )


class Migration(migrations.Migration):
    dependencies = [("study", "0004_unindex_created_at"), ("figures", "0001_registry_version")]

    operations = [
        migrations.AddField(
            model_name="sessionkind",
            name="held_by",
            field=models.CharField(
                choices=[("branch", "Branches"), ("committee", "Party committees and leading party groups")],
                default="branch",
                help_text="Which organisations are expected to hold it: its coverage is counted over them.",
                max_length=20,
                verbose_name="held by",
            ),
        ),
        migrations.RunPython(central_group_by_committees, migrations.RunPython.noop),
    ]
