"""Trigram indexes for name search on PostgreSQL (pg_trgm, a trusted extension since PG 13).

The organisation and member pickers and the public community picker search names with
``LIKE '%…%'``; without these indexes each keystroke scans 50k organisations or 1M members.
A trigram index serves patterns of three characters or more; shorter ones fall back to a
scan, which the pickers keep cheap by limiting their results. SQLite: nothing to do.
"""

from django.db import migrations

INDEXES = [
    ("orgs_org_name_trgm", "orgs_organization", "name"),
    ("orgs_org_short_name_trgm", "orgs_organization", "short_name"),
    ("orgs_member_name_trgm", "orgs_member", "name"),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, table, column in INDEXES:
        schema_editor.execute(f'CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ("{column}" gin_trgm_ops)')


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table, _column in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("orgs", "0004_normalise_identifiers")]
    operations = [migrations.RunPython(create, drop)]
