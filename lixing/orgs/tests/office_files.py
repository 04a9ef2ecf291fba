"""Roster files made the way offices make them: LibreOffice (headless ``soffice``, Debian's
``libreoffice-calc-nogui``) opens a CSV, guesses that the ID column is a number, and saves.

Each conversion takes seconds, so each file is made once per test process (``lru_cache``)
in a private directory with its own LibreOffice profile (parallel test processes must not
share one). Tests that need ``soffice`` skip only when it is not installed; CI installs it.
"""

from __future__ import annotations

import csv
import functools
import io
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import pytest

from lixing.orgs.roster import COLUMNS
from lixing.orgs.tests.roster_files import roster_row

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_soffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")

# The branch every row belongs to (the ``district`` fixture's).
BRANCH = "甲一支部"
ROWS = 12


@functools.lru_cache(maxsize=1)
def _workdir() -> Path:
    return Path(tempfile.mkdtemp(prefix=f"lixing-office-{os.getpid()}-"))


def _soffice(source: Path, target: str, *, infilter: str | None = None) -> Path:
    """Convert ``source`` with LibreOffice (``target`` as for ``--convert-to``); the new file."""
    assert SOFFICE is not None
    out = _workdir() / f"out-{source.stem}-{target.split(':')[0]}"
    profile = (_workdir() / "profile").as_uri()
    cmd = [SOFFICE, "--headless", "--norestore", f"-env:UserInstallation={profile}"]
    if infilter:
        cmd.append(f"--infilter={infilter}")
    cmd += ["--convert-to", target, "--outdir", str(out), str(source)]
    subprocess.run(cmd, check=True, capture_output=True, timeout=120)
    made = list(out.iterdir())
    assert len(made) == 1, made
    return made[0]


def roster_rows() -> list[dict[str, Any]]:
    """The rows all these files hold: valid people, as a clerk types them."""
    return [roster_row(700 + i, BRANCH) for i in range(ROWS)]


def _csv_text(rows: list[dict[str, Any]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    headers = [c.header for c in COLUMNS]
    writer.writerow(headers)
    for row in rows:
        writer.writerow(["" if row.get(h) is None else str(row.get(h)) for h in headers])
    return buf.getvalue()


@functools.lru_cache(maxsize=1)
def numeric_xlsx() -> bytes:
    """A CSV opened in LibreOffice and saved as .xlsx: the ID and phone columns become numbers
    (an 18-digit ID keeps 15 significant digits)."""
    source = _workdir() / "roster.csv"
    source.write_text(_csv_text(roster_rows()), encoding="utf-8")
    return _soffice(source, "xlsx", infilter="CSV:44,34,76,1").read_bytes()


@functools.lru_cache(maxsize=1)
def numeric_csv_gbk() -> bytes:
    """That sheet saved again as CSV (LibreOffice writes the rounded numbers as 1.10105E+017),
    in GBK as Chinese Windows saves text."""
    sheet = _workdir() / "numeric.xlsx"
    sheet.write_bytes(numeric_xlsx())
    text = _soffice(sheet, "csv:Text - txt - csv (StarCalc):44,34,76").read_text(encoding="utf-8")
    return text.encode("gbk")


@functools.lru_cache(maxsize=2)
def text_sheet(kind: str) -> bytes:
    """The same CSV opened with every column as text (what the message asks the user to do),
    saved as ``kind`` ("ods" or "xls"): it imports."""
    source = _workdir() / f"roster-text-{kind}.csv"
    source.write_text(_csv_text(roster_rows()), encoding="utf-8")
    formats = "/".join(f"{i}/2" for i in range(1, len(COLUMNS) + 1))  # column i: text
    target = "xls:MS Excel 97" if kind == "xls" else kind
    return _soffice(source, target, infilter=f"CSV:44,34,76,1,{formats}").read_bytes()
