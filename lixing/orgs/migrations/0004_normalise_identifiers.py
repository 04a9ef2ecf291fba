"""Store every member's ID number and phone in their normalised form (NFKC, no spaces, X
upper case), so that uniqueness holds on what the number is, not on how it was typed.

A number whose normalised form already belongs to another member is left as it is and
named in the migration's output: merging two records of one person is a decision for the
office, not for a migration."""

from __future__ import annotations

import unicodedata
from typing import Any

from django.db import migrations


def _normalise(raw: str) -> str:
    # A frozen copy of lixing.common.identifiers.normalize_identifier (migrations do not
    # import application code that may change later).
    import re

    text = unicodedata.normalize("NFKC", raw or "")
    return re.sub(r"[\s\u200b\u200c\u200d\u2060\ufeff()]+", "", text).upper()


def normalise(apps: Any, schema_editor: Any) -> None:
    Member = apps.get_model("orgs", "Member")
    # Found first, written after: SQLite gives no isolation between a cursor being read and
    # writes to the same table on the same connection.
    pending: list[tuple[int, str, str, str]] = []
    for pk, number, phone in Member.objects.values_list("pk", "id_number", "phone").iterator(chunk_size=2000):
        new_phone = _normalise(phone).removeprefix("+86") if phone else phone
        if _normalise(number) != number or new_phone != phone:
            pending.append((pk, number, phone, new_phone))
    for pk, number, phone, new_phone in pending:
        changes: dict[str, str] = {}
        new_number = _normalise(number)
        if new_number != number and len(new_number) <= 18:
            # Rare (typed before the normaliser existed): one lookup each.
            if Member.objects.filter(id_number=new_number).exists():
                print(f"\n  member {pk}: ID number also held, normalised, by another member; left unchanged")
            else:
                changes["id_number"] = new_number
        if new_phone != phone and len(new_phone) <= 20:
            changes["phone"] = new_phone
        if changes:
            Member.objects.filter(pk=pk).update(**changes)


class Migration(migrations.Migration):
    dependencies = [("orgs", "0003_organization_unit_type")]

    operations = [migrations.RunPython(normalise, migrations.RunPython.noop, elidable=True)]
