from django.db import migrations

BASE = [
    ("群众诉求", "public", 15, 10),
    ("企业难题", "enterprise", 15, 20),
    ("基层减负", "grassroots", 30, 30),
]


def create(apps, schema_editor):
    Category = apps.get_model("deeds", "Category")
    for name, group, days, order in BASE:
        Category.objects.get_or_create(name=name, defaults={"group": group, "expected_days": days, "order": order})


class Migration(migrations.Migration):
    dependencies = [("deeds", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
