"""Roster export: masked unless the viewer has the PII right and asks; full exports logged;
a full export re-imports with no change."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from python_calamine import CalamineWorkbook

from lixing.accounts.models import AccessLog
from lixing.imports.services import import_run
from lixing.orgs.roster import COLUMNS
from lixing.orgs.validators import mask_id_number, mask_phone

pytestmark = pytest.mark.django_db


def cells(body: bytes) -> list[list[Any]]:
    return CalamineWorkbook.from_object(io.BytesIO(body)).get_sheet_by_index(0).to_python()


def test_the_export_is_masked_and_has_the_import_columns(district: Any) -> None:
    r = district.client(district.secretary).get(reverse("orgs:export", args=[district.branch_a1.pk]))
    rows = cells(r.content)
    assert rows[0] == [c.header for c in COLUMNS]
    m = district.a1_members[2]
    row = next(row for row in rows if row[0] == m.name)
    assert row[2] == mask_id_number(m.id_number) and row[10] == mask_phone(m.phone)
    assert len(rows) == 1 + 5 and not AccessLog.objects.exists()


def test_a_full_export_needs_the_right_and_is_logged_per_member(district: Any) -> None:
    url = reverse("orgs:export", args=[district.committee_a.pk]) + "?full=1"
    assert (
        district.client(district.unit_admin).get(reverse("orgs:export", args=[district.branch_b1.pk])).status_code
        == 404
    )
    assert (
        district.client(district.secretary)
        .get(reverse("orgs:export", args=[district.branch_a1.pk]) + "?full=1")
        .status_code
        == 403
    )
    r = district.client(district.unit_admin).get(url)
    rows = cells(r.content)
    m = district.a1_members[2]
    assert next(row for row in rows if row[0] == m.name)[2] == m.id_number
    assert AccessLog.objects.filter(context="export", actor=district.unit_admin).count() == 7  # A1: 5, A2: 2
    assert set(AccessLog.objects.values_list("org_path", flat=True)) <= {
        district.branch_a1.path,
        district.branch_a2.path,
    }


def test_a_member_of_another_branch_cannot_export_branch_a(district: Any) -> None:
    assert (
        district.client(district.other_member).get(reverse("orgs:export", args=[district.branch_a1.pk])).status_code
        == 404
    )


def test_a_full_export_reimports_with_no_change(district: Any, tmp_path: Any) -> None:
    out = tmp_path / "roster.xlsx"
    call_command("export_members", "--org", str(district.root.pk), "--out", str(out), "--full")
    outcome = import_run(actor=district.district_admin, kind="members", org=district.root, source=str(out))
    assert (outcome.create, outcome.update, outcome.skip, outcome.errors) == (0, 0, 10, [])
    assert AccessLog.objects.filter(context="command").count() == 10


def test_the_export_command_as_a_user_is_scoped_and_masked(district: Any, tmp_path: Any) -> None:
    out = tmp_path / "a.xlsx"
    call_command("export_members", "--org", str(district.branch_a1.pk), "--out", str(out), "--user", "secretary")
    assert mask_id_number(district.a1_members[0].id_number) in str(cells(out.read_bytes()))
    with pytest.raises(CommandError):
        call_command("export_members", "--org", str(district.branch_a1.pk), "--out", str(out), "--user", "secretary",
                     "--full")  # fmt: skip
    with pytest.raises(CommandError):
        call_command("export_members", "--org", str(district.branch_a1.pk), "--out", str(out),
                     "--user", "other_member")  # fmt: skip
