"""Reading and writing the spreadsheets people already use.

Reading goes through python-calamine (fast, streaming); writing templates and exports
through openpyxl (write-only mode for large exports).
"""

from __future__ import annotations

import datetime
import io
import itertools
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import IO, Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from python_calamine import CalamineWorkbook


@dataclass(frozen=True)
class Column:
    """A spreadsheet column: its Chinese header (as offices write it), the field it fills,
    and a hint shown in the template's second row."""

    header: str
    field: str
    required: bool = False
    hint: str = ""
    width: int = 16


class SheetError(Exception):
    """The file as a whole cannot be read (not an .xlsx, headers missing …)."""


def _cell(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        return value.strip()
    return value


def read_rows(
    source: str | IO[bytes], columns: Sequence[Column], *, header_row: int | None = None
) -> tuple[int, Iterator[tuple[int, dict[str, Any]]]]:
    """Open the first sheet; map headers to fields; return (row count, iterator).

    Rows are (spreadsheet row number, {field: value}); empty rows are skipped. The header
    row is found among the first five rows (templates put a title above it). Raises
    SheetError with a readable message when the file or its headers are wrong. The row
    count includes empty rows (it is for progress bars).

    Rows are converted to Python one at a time (calamine's ``iter_rows``), so a 100k-row
    file never exists as 2 million Python objects at once.
    """
    try:
        workbook = (
            CalamineWorkbook.from_object(source) if not isinstance(source, str) else CalamineWorkbook.from_path(source)
        )
        sheet = workbook.get_sheet_by_index(0)
        first_row = sheet.start[0] if sheet.start else 0
        it = sheet.iter_rows()
        head = list(itertools.islice(it, 5 if header_row is None else header_row + 1))
    except Exception as exc:  # calamine raises several types for a bad file
        raise SheetError(_("The file could not be read as an .xlsx spreadsheet.")) from exc
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
    count = max(first_row + sheet.height - body_start, 0)

    fields = [f for _i, f in index]
    positions = [i for i, _f in index]

    def rows() -> Iterator[tuple[int, dict[str, Any]]]:
        # The hot loop of every import: conversions inlined (see _cell), no per-cell call.
        for offset, raw in enumerate(body):
            if len(raw) < width:
                raw = [*raw, *([None] * (width - len(raw)))]
            cells = [raw[i] for i in positions]
            cells = [
                v.strip() if type(v) is str else int(v) if type(v) is float and v.is_integer() else v for v in cells
            ]
            if not any(cells) and all(v is None or v == "" for v in cells):
                continue
            yield body_start + offset + 1, dict(zip(fields, cells, strict=True))

    return count, SheetRows(count, rows())


class SheetRows(Iterator[tuple[int, dict[str, Any]]]):
    """The body rows of a sheet, knowing how many there are (an importer may read a big
    file differently from a small one)."""

    def __init__(self, total: int, rows: Iterator[tuple[int, dict[str, Any]]]) -> None:
        self.total = total
        self._rows = rows

    def __next__(self) -> tuple[int, dict[str, Any]]:
        return next(self._rows)

    def release(self) -> None:
        """Let go of the sheet (another process reads it now): this one sees no more rows."""
        self._rows = iter(())


def template_bytes(title: str, columns: Sequence[Column], examples: Iterable[Sequence[Any]] = ()) -> bytes:
    """A template: header row (required ones in red), a hint row, and example rows."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = title[:31]
    ws.append([c.header for c in columns])
    ws.append([c.hint for c in columns])
    for row in examples:
        ws.append(list(row))
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
    ws.append(list(headers))
    for row in rows:
        ws.append([v.isoformat() if isinstance(v, datetime.datetime) else v for v in row])
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
