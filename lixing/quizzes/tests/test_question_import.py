"""The question-bank spreadsheet: preview with row errors, confirm, idempotent re-import."""

from __future__ import annotations

import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from lixing.imports.models import ImportJob
from lixing.quizzes.importer import COLUMNS
from lixing.quizzes.models import Question

ROWS = [
    ["Q001", "单选", "中共一大在哪座城市开幕？", "上海", "北京", "广州", "", "", "", "A", "党史事件、党的会议", "易", "1921年", "简史"],
    ["", "多选", "“四个意识”包括：", "政治意识", "大局意识", "核心意识", "看齐意识", "速度意识", "", "ABCD", "党的理论", "中", "", ""],
    ["", "判断", "遵义会议于1935年召开。", "", "", "", "", "", "", "对", "党的会议", "易", "", ""],
    ["", "填空", "到____年基本实现社会主义现代化。", "", "", "", "", "", "", "2035|2035年", "二十大报告", "难", "", ""],
]  # fmt: skip


def _xlsx(rows: list[list[Any]]) -> SimpleUploadedFile:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append([c.header for c in COLUMNS])
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return SimpleUploadedFile("题库.xlsx", buf.getvalue(),
                              content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")  # fmt: skip


def _upload(client: Any, district: Any, bank: Any, rows: list[list[Any]]) -> ImportJob:
    url = reverse("imports:upload", args=["questions"]) + f"?org={district.root.pk}&opt_bank={bank.pk}"
    response = client.post(url, {"file": _xlsx(rows)})
    assert response.status_code == 302, response.content.decode()[:500]
    return ImportJob.objects.latest("created_at")


def test_import_previews_confirms_and_reimports_idempotently(district: Any, bank: Any) -> None:
    client = district.client(district.district_admin)
    before = Question.objects.filter(bank=bank).count()
    job = _upload(client, district, bank, ROWS)
    assert (job.to_create, job.error_count) == (4, 0)
    assert Question.objects.filter(bank=bank).count() == before  # preview writes nothing
    client.post(reverse("imports:confirm", args=[job.pk]))
    assert Question.objects.filter(bank=bank).count() == before + 4
    q = Question.objects.get(bank=bank, code="Q001")
    assert (q.answer, q.tag_list, q.difficulty) == ([0], ["党史事件", "党的会议"], 1)
    assert Question.objects.get(bank=bank, kind="fill", text__startswith="到").answer == ["2035", "2035年"]
    again = _upload(client, district, bank, ROWS)
    assert (again.to_create, again.to_update, again.to_skip) == (0, 0, 4)
    changed = [list(r) for r in ROWS]
    changed[0][12] = "1921年7月在上海开幕。"
    third = _upload(client, district, bank, changed)
    assert (third.to_create, third.to_update, third.to_skip) == (0, 1, 3)


def test_row_errors_are_shown_and_nothing_is_written(district: Any, bank: Any) -> None:
    client = district.client(district.district_admin)
    bad = [
        ["", "单选", "没有正确答案的题", "甲", "乙", "", "", "", "", "C", "", "", "", ""],
        ["", "问答", "不支持的题型", "", "", "", "", "", "", "x", "", "", "", ""],
        ["", "判断", "判断题答案写错", "", "", "", "", "", "", "也许", "", "", "", ""],
        ["", "多选", "只有一个正确项的多选", "甲", "乙", "丙", "", "", "", "A", "", "很难", "", ""],
    ]  # fmt: skip
    job = _upload(client, district, bank, bad)
    columns = {(row, column) for row, column, _m in job.errors}
    assert (2, "答案") in columns and (3, "题型") in columns and (4, "答案") in columns and (5, "难度") in columns
    assert client.post(reverse("imports:confirm", args=[job.pk])).status_code == 302
    assert not Question.objects.filter(text="没有正确答案的题").exists()


def test_only_the_office_may_import_into_a_bank(district: Any, bank: Any) -> None:
    url = reverse("imports:upload", args=["questions"]) + f"?org={district.branch_a1.pk}&opt_bank={bank.pk}"
    assert district.client(district.secretary).get(url).status_code == 403
    assert (
        district.client(district.unit_admin)
        .get(reverse("imports:upload", args=["questions"]) + f"?org={district.committee_a.pk}&opt_bank={bank.pk}")
        .status_code
        == 403
    )  # the bank is the district's; a unit admin cannot change it
    assert (
        district.client(district.district_admin).get(reverse("imports:template", args=["questions"])).status_code == 200
    )
