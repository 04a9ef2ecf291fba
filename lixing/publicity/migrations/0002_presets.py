"""Seed the preset media levels and the national 两优一先 honour kinds (configurable afterwards)."""

from django.db import migrations

LEVELS = [
    ("central", "中央", True, 10),
    ("provincial", "省级", True, 20),
    ("municipal", "市级", False, 30),
    ("district", "区级", False, 40),
    ("xuexi", "学习强国", False, 50),
    ("own_media", "本单位新媒体", False, 60),
]
KINDS = [
    ("advanced_org", "先进基层党组织", "org", 10),
    ("excellent_member", "优秀共产党员", "member", 20),
    ("excellent_worker", "优秀党务工作者", "member", 30),
]


def seed(apps, schema_editor):
    MediaLevel = apps.get_model("publicity", "MediaLevel")
    HonourKind = apps.get_model("publicity", "HonourKind")
    for code, name, high, order in LEVELS:
        MediaLevel.objects.get_or_create(code=code, defaults={"name": name, "central_or_provincial": high, "order": order})
    for code, name, target, order in KINDS:
        HonourKind.objects.get_or_create(code=code, defaults={"name": name, "target": target, "order": order})


def unseed(apps, schema_editor):
    apps.get_model("publicity", "MediaLevel").objects.filter(code__in=[c for c, *_ in LEVELS]).delete()
    apps.get_model("publicity", "HonourKind").objects.filter(code__in=[c for c, *_ in KINDS]).delete()


class Migration(migrations.Migration):
    dependencies = [("publicity", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
