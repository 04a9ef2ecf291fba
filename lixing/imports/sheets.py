"""Reading and writing the spreadsheets people already use.

Reading goes through python-calamine (fast, streaming); writing templates and exports
through openpyxl (write-only mode for large exports).
"""

from __future__ import annotations

import contextlib
import csv
import datetime
import io
import itertools
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import IO, Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from python_calamine import CalamineWorkbook


@dataclass(frozen=True)
class Column:
    """A spreadsheet column: its Chinese header (as offices write it), the field it fills,
    and a hint shown in the template's second row.

    ``text``: the column holds identifiers (ID numbers, phones, codes) that must be text. A
    number cell there has already lost what made it an identifier (Excel keeps 15 digits of
    an 18-digit ID number, and no leading zero), so the reader hands it over as a
    :class:`NumberCell`, which the importer reports as a row error, never as a value."""

    header: str
    field: str
    required: bool = False
    hint: str = ""
    width: int = 16
    text: bool = False


class SheetError(Exception):
    """The file as a whole cannot be read (not a spreadsheet, headers missing …)."""


class NumberCell:
    """A number found in a text column (see ``Column.text``): not a value, an error to report."""

    __slots__ = ("value",)

    def __init__(self, value: object) -> None:
        self.value = value

    def __repr__(self) -> str:
        return f"NumberCell({self.value!r})"


def number_in_text_message() -> str:
    """What to tell the user about a :class:`NumberCell`: what happened and how to fix it."""
    return _(
        "Excel stored this column as numbers, and the last digits are lost: format the column as text and "
        "fill it in again."
    )


def _cell(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        return value.strip()
    return value


# What a number looks like once a spreadsheet program has written it into a CSV file
# (1.10105E+17): the digits are gone before the file reaches us.
_SCIENTIFIC = re.compile(r"^[0-9](\.[0-9]+)?[eE]\+[0-9]+$")
_ZIP, _OLE = b"PK\x03\x04", b"\xd0\xcf\x11\xe0"


@dataclass(frozen=True)
class _Opened:
    """An opened file: its kind ("xlsx", "xls", "ods" or "csv"), the text encoding of a CSV,
    the 0-based row of the first row, the number of rows and an iterator of raw rows."""

    kind: str
    encoding: str
    first_row: int
    height: int
    rows: Iterator[list[Any]]


def _open(source: str | IO[bytes]) -> _Opened:
    if isinstance(source, str):
        with open(source, "rb") as fh:
            magic = fh.read(8)
    else:
        source.seek(0)
        magic = source.read(8)
        source.seek(0)
    if not (magic.startswith(_ZIP) or magic.startswith(_OLE)):
        if isinstance(source, str):
            with open(source, "rb") as fh:
                return _open_csv(fh.read())
        return _open_csv(source.read())
    try:
        workbook = (
            CalamineWorkbook.from_object(source) if not isinstance(source, str) else CalamineWorkbook.from_path(source)
        )
        sheet = workbook.get_sheet_by_index(0)
        first_row = sheet.start[0] if sheet.start else 0
        rows = sheet.iter_rows()
    except Exception as exc:  # calamine raises several types for a bad file
        raise SheetError(_("The file could not be read as a spreadsheet (.xlsx, .xls, .ods or .csv).")) from exc
    kind = "xls" if magic.startswith(_OLE) else "ods" if _is_ods(source) else "xlsx"
    return _Opened(kind, "", first_row, sheet.height, rows)


def _is_ods(source: str | IO[bytes]) -> bool:
    """An OpenDocument spreadsheet names its type in its first zip member ("mimetype")."""
    if isinstance(source, str):
        with open(source, "rb") as fh:
            head = fh.read(100)
    else:
        source.seek(0)
        head = source.read(100)
        source.seek(0)
    return b"application/vnd.oasis.opendocument" in head


def decode_text(data: bytes) -> tuple[str, str]:
    """Text as offices save it: UTF-8 (with or without the BOM Excel writes) or GB18030,
    the superset of GBK that Chinese Windows writes. Returns (text, encoding's name)."""
    if data.startswith(b"\xef\xbb\xbf"):
        with contextlib.suppress(UnicodeDecodeError):
            return data[3:].decode("utf-8"), "UTF-8 (BOM)"
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "GB18030/GBK"
    except UnicodeDecodeError:
        raise SheetError(_("The file is neither a spreadsheet nor text in UTF-8 or GBK.")) from None


def _open_csv(data: bytes) -> _Opened:
    text, encoding = decode_text(data)
    if "\x00" in text:
        raise SheetError(_("The file could not be read as a spreadsheet (.xlsx, .xls, .ods or .csv)."))
    first_line = text.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first_line and "," not in first_line else ","
    height = text.count("\n") + (0 if text.endswith("\n") else 1)

    def rows() -> Iterator[list[Any]]:
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            yield list(row)

    return _Opened("csv", encoding, 0, height, rows())


def read_rows(
    source: str | IO[bytes], columns: Sequence[Column], *, header_row: int | None = None
) -> tuple[int, SheetRows]:
    """Open the first sheet (.xlsx, .xls, .ods) or a CSV file (UTF-8, UTF-8 with BOM or
    GB18030/GBK, detected); map headers to fields; return (row count, rows).

    Rows are (spreadsheet row number, {field: value}); empty rows are skipped. The header
    row is found among the first five rows (templates put a title above it). Raises
    SheetError with a readable message when the file or its headers are wrong. The row
    count includes empty rows (it is for progress bars). Cells are read as what they are:
    a number in a ``Column.text`` column comes as a :class:`NumberCell`, never as a value.

    Rows are converted to Python one at a time (calamine's ``iter_rows``), so a 100k-row
    file never exists as 2 million Python objects at once.
    """
    opened = _open(source)
    first_row, it = opened.first_row, opened.rows
    try:
        head = list(itertools.islice(it, 5 if header_row is None else header_row + 1))
    except Exception as exc:
        raise SheetError(_("The file could not be read as a spreadsheet (.xlsx, .xls, .ods or .csv).")) from exc
    by_header = {c.header: c for c in columns}
    start = None
    candidates = (
        list(enumerate(head))
        if header_row is None
        else [(header_row, head[header_row])]
        if header_row < len(head)
        else []
    )
    for i, row in candidates:
        cells = [str(_cell(v)) if v is not None else "" for v in row]
        if sum(1 for c in cells if c in by_header) >= max(1, len([c for c in columns if c.required])):
            start = i
            break
    if start is None:
        raise SheetError(_("No header row found. Please use the template: its first row holds the column names."))
    headers = [str(_cell(v)) if v is not None else "" for v in head[start]]
    missing = [c.header for c in columns if c.required and c.header not in headers]
    if missing:
        raise SheetError(_("Required columns are missing: %(cols)s") % {"cols": "、".join(missing)})
    index = [(i, by_header[h].field) for i, h in enumerate(headers) if h in by_header]
    body_start = first_row + start + 1  # 0-based sheet row of the first body row
    body: Iterator[list[Any]] = itertools.chain(head[start + 1 :], it)
    # The template's hint row (second row) is skipped when it is still there.
    hints = {c.field: c.hint for c in columns}
    first = next(body, None)
    if first is not None:
        if any(hints.values()) and all(
            (str(_cell(first[i])) if i < len(first) and first[i] is not None else "") in {hints[f], ""}
            for i, f in index
        ):
            body_start += 1
        else:
            body = itertools.chain([first], body)
    width = max((i for i, _f in index), default=-1) + 1
    count = max(first_row + opened.height - body_start, 0)

    fields = [f for _i, f in index]
    positions = [i for i, _f in index]
    text_fields = {c.field for c in columns if c.text}
    text_at = [j for j, f in enumerate(fields) if f in text_fields]
    csv_file = opened.kind == "csv"

    def rows() -> Iterator[tuple[int, dict[str, Any]]]:
        # The hot loop of every import: conversions inlined (see _cell), no per-cell call.
        for offset, raw in enumerate(body):
            if len(raw) < width:
                raw = [*raw, *([None] * (width - len(raw)))]
            cells = [raw[i] for i in positions]
            for j in text_at:  # a number where text belongs: reported, never converted
                v = cells[j]
                if type(v) is float or type(v) is int or (csv_file and type(v) is str and _SCIENTIFIC.match(v)):
                    cells[j] = NumberCell(v)
            cells = [
                v.strip() if type(v) is str else int(v) if type(v) is float and v.is_integer() else v for v in cells
            ]
            if not any(cells) and all(v is None or v == "" for v in cells):
                continue
            yield body_start + offset + 1, dict(zip(fields, cells, strict=True))

    return count, SheetRows(count, rows(), kind=opened.kind, encoding=opened.encoding)


class SheetRows(Iterator[tuple[int, dict[str, Any]]]):
    """The body rows of a sheet, knowing how many there are (an importer may read a big
    file differently from a small one)."""

    def __init__(
        self, total: int, rows: Iterator[tuple[int, dict[str, Any]]], *, kind: str = "xlsx", encoding: str = ""
    ) -> None:
        self.total = total
        self._rows = rows
        self.kind = kind  # "xlsx", "xls", "ods" or "csv"
        self.encoding = encoding  # a CSV file's detected encoding, shown in the preview

    @property
    def described(self) -> str:
        """The file as the preview names it: "CSV, GB18030/GBK", "XLSX"."""
        return f"{self.kind.upper()}, {self.encoding}" if self.encoding else self.kind.upper()

    def __next__(self) -> tuple[int, dict[str, Any]]:
        return next(self._rows)

    def release(self) -> None:
        """Let go of the sheet (another process reads it now): this one sees no more rows."""
        self._rows = iter(())


# Text a spreadsheet program would run as a formula when it starts a cell (also after a tab
# or a line break, which some programs skip).
_FORMULA_STARTS = frozenset("=+-@")


def is_formula_like(value: object) -> bool:
    return type(value) is str and value.lstrip("\t\r\n")[:1] in _FORMULA_STARTS


def safe_cell(ws: Any, value: Any) -> Any:
    """``value`` as the platform writes it into any .xlsx: text that starts like a formula
    (``=``, ``+``, ``-``, ``@``) becomes a text cell, never a formula — stored as a string
    and marked "quote prefix", so the program that opens it, and a user editing it, keep it
    as text. Every writer goes through this (see :func:`safe_row`)."""
    if not is_formula_like(value):
        return value
    cell = WriteOnlyCell(ws, value=value)
    cell.data_type = "s"
    cell.quotePrefix = True
    return cell


def safe_row(ws: Any, row: Iterable[Any]) -> list[Any]:
    """A row for ``ws.append`` with every cell through :func:`safe_cell`."""
    return [safe_cell(ws, v) if type(v) is str else v for v in row]


def template_bytes(title: str, columns: Sequence[Column], examples: Iterable[Sequence[Any]] = ()) -> bytes:
    """A template: header row (required ones in red), a hint row, and example rows."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = title[:31]
    ws.append(safe_row(ws, [c.header for c in columns]))
    ws.append(safe_row(ws, [c.hint for c in columns]))
    for row in examples:
        ws.append(safe_row(ws, row))
    for i, c in enumerate(columns, start=1):
        cell = ws.cell(row=1, column=i)
        cell.font = Font(bold=True, color="B71C1C" if c.required else "000000")
        cell.fill = PatternFill("solid", fgColor="FDECEA" if c.required else "F5F5F5")
        ws.cell(row=2, column=i).font = Font(italic=True, color="888888")
        ws.column_dimensions[get_column_letter(i)].width = c.width
    ws.freeze_panes = "A3"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def export_bytes(title: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """A plain table as .xlsx, streamed through openpyxl's write-only mode."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title[:31])
    ws.append(safe_row(ws, headers))
    for row in rows:
        ws.append(
            [
                safe_cell(ws, v) if type(v) is str else v.isoformat() if isinstance(v, datetime.datetime) else v
                for v in row
            ]
        )
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def parse_date(value: Any) -> datetime.date | None:
    """Dates as offices type them: real date cells, 2021-04-01, 2021/4/1, 2021.4.1, 20210401."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = str(value).strip().replace("/", "-").replace(".", "-").replace("年", "-").replace("月", "-").rstrip("日")
    if text.isdigit() and len(text) == 8:
        text = f"{text[:4]}-{text[4:6]}-{text[6:]}"
    try:
        y, m, d = (int(p) for p in text.split("-")[:3])
        return datetime.date(y, m, d)
    except (ValueError, TypeError):
        raise ValueError(_("“%(value)s” is not a date (write it as 2021-04-01).") % {"value": value}) from None


def parse_bool(value: Any) -> bool:
    if value in (None, ""):
        return False
    text = str(value).strip().lower()
    if text in {"是", "y", "yes", "true", "1", "√"}:
        return True
    if text in {"否", "n", "no", "false", "0", "×"}:
        return False
    raise ValueError(_("“%(value)s” should be 是 or 否.") % {"value": value})
