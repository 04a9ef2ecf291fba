"""Seed the default session kinds and points rules (configurable afterwards)."""

from django.db import migrations

KINDS = [
    ("central_group", "中心组学习", False, 10),
    ("collective_study", "集中学习", False, 20),
    ("special_lecture", "专题党课", True, 30),
    ("party_day", "主题党日", False, 40),
    ("outreach_talk", "宣讲", False, 50),
    ("onsite_teaching", "现场教学", False, 60),
    ("reading_club", "读书班", False, 70),
    ("live_class", "直播课", False, 80),
    ("workshop_lecture", "车间党课", True, 90),
    ("seminar", "专题研讨", False, 100),
]
RULES = [("checkin", 1, 2), ("attendance", 3, 6), ("makeup", 2, 2)]


def seed(apps, schema_editor):
    SessionKind = apps.get_model("study", "SessionKind")
    PointRule = apps.get_model("study", "PointRule")
    for code, name, is_lecture, order in KINDS:
        SessionKind.objects.get_or_create(code=code, defaults={"name": name, "is_lecture": is_lecture, "order": order})
    for action, points, cap in RULES:
        PointRule.objects.get_or_create(action=action, defaults={"points": points, "daily_cap": cap})


def unseed(apps, schema_editor):
    apps.get_model("study", "SessionKind").objects.filter(code__in=[k[0] for k in KINDS]).delete()
    apps.get_model("study", "PointRule").objects.filter(action__in=[r[0] for r in RULES]).delete()


class Migration(migrations.Migration):
    dependencies = [("study", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
