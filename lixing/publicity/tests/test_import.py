"""Bulk entry from .xlsx through the generic flow: good rows recorded (copies flagged), a file
with any bad row gets row errors and writes nothing."""

from __future__ import annotations

import io

import openpyxl

from lixing.imports.services import import_run
from lixing.publicity.importer import COLUMNS
from lixing.publicity.models import Article


def _xlsx(rows):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append([c.header for c in COLUMNS])
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    return buf


GOOD = ["党史学习教育走深走实", "宁波日报", "市级", "文章", "2021-04-01", "https://example.org/1", "", ""]


def test_a_good_file_records_every_row_and_flags_the_repeated_story(district, levels):
    rows = [GOOD, ["百年党史微视频·第一集", "大榭发布", "区级", "视频", "2021-04-02", "https://example.org/v1", "甲一支部",
                   "百年党史微视频"],
            ["党史学习教育 走深走实", "宁波日报", "市级", "", "2021/4/3", "https://example.org/2", "", ""]]  # fmt: skip
    outcome = import_run(actor=district.unit_admin, kind="publicity", org=district.committee_a, source=_xlsx(rows))
    assert outcome.ok and outcome.create == 3
    assert Article.objects.filter(unit=district.branch_a1, series="百年党史微视频").count() == 1
    assert Article.objects.filter(duplicate_of__isnull=False).count() == 1


def test_bad_rows_get_row_errors_and_nothing_is_half_applied(district, levels):
    rows = [GOOD,
            ["", "宁波日报", "县级", "文章", "2021-13-01", "example.org", "乙一支部", ""],
            [12345, "宁波日报", "市级", "文章", "2021-04-01", "https://example.org/3", "", ""]]  # fmt: skip
    outcome = import_run(actor=district.unit_admin, kind="publicity", org=district.committee_a, source=_xlsx(rows))
    assert not outcome.ok
    by_row: dict[int, set[str]] = {}
    for e in outcome.errors:
        by_row.setdefault(e.row, set()).add(e.column)
    assert by_row[3] == {"标题", "媒体级别", "发布日期", "链接", "报送单位"}
    assert by_row[4] == {"标题"}
    assert 2 not in by_row
    assert Article.objects.count() == 0


def test_a_member_may_not_import(district, levels):
    import pytest
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        import_run(actor=district.member, kind="publicity", org=district.branch_a1, source=_xlsx([GOOD]))
