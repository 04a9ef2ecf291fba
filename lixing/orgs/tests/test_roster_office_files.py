"""Rosters as offices really send them (made by LibreOffice, see ``office_files``): an ID
column that became numbers is a row error on every row, saying how to fix it, and nothing is
imported; a GBK CSV is read and says so in the preview; the same file with text columns
imports, whatever the format."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lixing.imports.models import ImportJob, JobStatus
from lixing.imports.services import import_run
from lixing.orgs.models import Member
from lixing.orgs.tests import office_files
from lixing.orgs.tests.office_files import needs_soffice

pytestmark = [pytest.mark.django_db, needs_soffice]

ROWS_AT_LEAST = 8  # of 12 generated rows, those not ending in X
NUMBER_MESSAGE = "该列被 Excel 存成了数字，末几位已丢失：请将该列设为文本后重新填写"


def _expected_rows() -> set[int]:
    """Spreadsheet rows whose ID number LibreOffice turned into a number (all but those
    ending in X, which stay text)."""
    return {i + 2 for i, row in enumerate(office_files.roster_rows()) if not row["公民身份号码"].endswith("X")}


def test_a_libreoffice_xlsx_with_a_numeric_id_column_errs_on_every_rounded_number_and_imports_nothing(
    district: Any,
) -> None:
    outcome = import_run(actor=district.unit_admin, kind="members", org=district.committee_a,
                         source=io.BytesIO(office_files.numeric_xlsx()), name="花名册.xlsx")  # fmt: skip
    id_errors = {e.row: e.message for e in outcome.errors if e.column == "公民身份号码"}
    assert set(id_errors) == _expected_rows() and len(id_errors) >= ROWS_AT_LEAST
    assert set(id_errors.values()) == {NUMBER_MESSAGE}
    # The phone column became numbers too: the same message, not a silently converted value.
    assert {e.message for e in outcome.errors if e.column == "联系电话"} == {NUMBER_MESSAGE}
    assert outcome.create == 0 and not Member.objects.filter(name__startswith="导入").exists()


def test_a_gbk_csv_saved_from_that_sheet_is_detected_and_every_rounded_number_is_a_row_error(district: Any) -> None:
    c = district.client(district.unit_admin)
    url = f"{reverse('imports:upload', args=['members'])}?org={district.committee_a.pk}"
    r = c.post(url, {"file": SimpleUploadedFile("花名册.csv", office_files.numeric_csv_gbk())})
    job = ImportJob.objects.get()
    assert job.status == JobStatus.CHECKED and job.file_format == "CSV, GB18030/GBK"
    page = c.get(r["Location"]).content.decode()
    assert "GB18030/GBK" in page and NUMBER_MESSAGE in page and 'id="confirm-import"' not in page
    assert {row for row, column, _m in job.errors if column == "公民身份号码"} == _expected_rows()
    # Every other cell (names, branches, dates in Chinese text) was read right: no other error.
    assert {column for _row, column, _m in job.errors} == {"公民身份号码"}
    assert not Member.objects.filter(name__startswith="导入").exists()


@pytest.mark.parametrize("kind", ["ods", "xls"])
def test_the_same_roster_with_text_columns_imports_from_an_ods_or_xls_file(district: Any, kind: str) -> None:
    outcome = import_run(actor=district.unit_admin, kind="members", org=district.committee_a,
                         source=io.BytesIO(office_files.text_sheet(kind)), name=f"花名册.{kind}")  # fmt: skip
    assert outcome.errors == [] and outcome.create == office_files.ROWS
    for row in office_files.roster_rows():
        assert Member.objects.get(id_number=row["公民身份号码"]).name == row["姓名"]
