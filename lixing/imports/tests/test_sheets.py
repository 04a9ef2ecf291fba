"""Reading cells as what they are: a number in a text column is never a value; CSV files in
the encodings offices save are detected."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook

from lixing.imports.sheets import Column, NumberCell, SheetError, is_formula_like, read_rows

COLUMNS = [Column("姓名", "name", required=True), Column("公民身份号码", "id_number", text=True),
           Column("人数", "count")]  # fmt: skip


def xlsx(*rows: list[object]) -> io.BytesIO:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    return buf


def test_a_number_in_a_text_column_comes_as_a_number_cell_and_elsewhere_as_a_number() -> None:
    _n, rows = read_rows(xlsx(["姓名", "公民身份号码", "人数"], ["张三", 110105199003071234, 3.0]), COLUMNS)
    ((_row, cells),) = list(rows)
    assert type(cells["id_number"]) is NumberCell and cells["count"] == 3 and type(cells["count"]) is int


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        ("姓名,公民身份号码\n张三,11010519900307123X\n".encode(), "UTF-8"),
        (b"\xef\xbb\xbf" + "姓名,公民身份号码\n张三,11010519900307123X\n".encode(), "UTF-8 (BOM)"),
        ("姓名,公民身份号码\r\n张三,11010519900307123X\r\n".encode("gbk"), "GB18030/GBK"),
        ("姓名\t公民身份号码\n张三\t11010519900307123X\n".encode("gb18030"), "GB18030/GBK"),
    ],
)
def test_csv_files_in_the_encodings_offices_save_are_detected(data: bytes, encoding: str) -> None:
    count, rows = read_rows(io.BytesIO(data), COLUMNS)
    assert (count, rows.described) == (1, f"CSV, {encoding}")
    assert list(rows) == [(2, {"name": "张三", "id_number": "11010519900307123X"})]


def test_a_csv_id_written_in_scientific_notation_is_a_number_cell() -> None:
    _n, rows = read_rows(io.BytesIO("姓名,公民身份号码\n张三,1.10105E+17\n".encode()), COLUMNS)
    assert type(next(rows)[1]["id_number"]) is NumberCell


def test_a_binary_file_that_is_no_spreadsheet_is_refused_in_words() -> None:
    with pytest.raises(SheetError):
        read_rows(io.BytesIO(b"PK\x03\x04not really a zip"), COLUMNS)
    with pytest.raises(SheetError):
        read_rows(io.BytesIO(bytes(range(256)) * 4), COLUMNS)


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\t=cmd", "\r@x"])
def test_text_starting_like_a_formula_is_recognised(text: str) -> None:
    assert is_formula_like(text)


@pytest.mark.parametrize("value", ["", "1+1", "张=三", 1, None, -1])
def test_other_values_are_not_formula_like(value: object) -> None:
    assert not is_formula_like(value)
