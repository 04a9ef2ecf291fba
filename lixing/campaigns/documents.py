"""Word documents the office sends out: the weekly report (the supervision notice is
``lixing.escalation.documents``).

Chinese text needs its East Asian font named explicitly (``w:eastAsia``), or Word falls
back to a Latin font: titles in 宋体 (bold), body in 仿宋, as official documents are set.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from docx.document import Document as DocumentType

from lixing.common.docx import BODY_FONT, TITLE_FONT
from lixing.common.docx import font as _font
from lixing.common.docx import heading as _heading
from lixing.common.docx import line as _line
from lixing.common.docx import new_document as _new
from lixing.common.docx import title as _title
from lixing.common.docx import to_bytes as _bytes

from .selectors import WeeklyReport

# A province-wide week has thousands of entries; the document names the first ones of each
# section and says how many more (the page and the API have them all).
LIST_LIMIT = 150


def weekly_docx(report: WeeklyReport) -> bytes:
    doc = _new()
    c = report.campaign
    _title(doc, _("%(title)s weekly report") % {"title": c.title})
    p = report.period
    assert p.start is not None and p.end is not None
    _line(
        doc,
        _("%(start)s to %(end)s · overall progress %(progress).0f%% · %(verified)s of %(total)s shares verified")
        % {
            "start": p.start.isoformat(),
            "end": p.end.isoformat(),
            "progress": c.progress,
            "verified": report.counts["verified"],
            "total": report.counts["assignments"],
        },
    )
    if len(report.by_unit) > 1:
        table = doc.add_table(rows=1, cols=4)
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, [_("Unit"), _("Moved"), _("Finished"), _("Late")], strict=True):
            _font(cell.paragraphs[0].add_run(str(text)), TITLE_FONT, 12, bold=True)
        for name, moved, finished, late in report.by_unit:
            cells = table.add_row().cells
            for cell, value in zip(cells, [name, moved, finished, late], strict=True):
                _font(cell.paragraphs[0].add_run(str(value)), BODY_FONT, 12)
    _heading(doc, _("1. Work that moved this week (%(n)s)") % {"n": len(report.moved)})
    for i, m in enumerate(report.moved[:LIST_LIMIT], 1):
        _line(doc, _("%(i)s. %(task)s (%(unit)s): %(before)s%% → %(after)s%%. %(text)s") % {
            "i": i, "task": m.share.task_title, "unit": m.share.unit_name, "before": m.before,
            "after": m.after, "text": m.text})  # fmt: skip
    _more(doc, report.moved)
    _heading(doc, _("2. Work finished this week (%(n)s)") % {"n": len(report.finished)})
    for i, e in enumerate(report.finished[:LIST_LIMIT], 1):
        _line(
            doc,
            _("%(i)s. %(task)s (%(unit)s), verified on %(day)s")
            % {
                "i": i,
                "task": e.share.task_title,
                "unit": e.share.unit_name,
                "day": e.day.isoformat(),
            },
        )
    if report.submitted or report.returned:
        _heading(doc, _("3. Submitted and returned (%(s)s submitted, %(r)s returned)") % {
            "s": len(report.submitted), "r": len(report.returned)})  # fmt: skip
        for e in report.returned[:LIST_LIMIT]:
            _line(
                doc,
                _("%(task)s (%(unit)s) returned: %(reason)s")
                % {"task": e.share.task_title, "unit": e.share.unit_name, "reason": e.text},
            )
    _more(doc, report.finished)
    _heading(doc, _("4. Late work (%(n)s)") % {"n": len(report.late)})
    for i, a in enumerate(report.late[:LIST_LIMIT], 1):
        _line(doc, _("%(i)s. %(task)s (%(unit)s), due %(due)s, %(percent)s%% done") % {
            "i": i, "task": a.task_title, "unit": a.unit_name,
            "due": a.due_on.isoformat() if a.due_on else "—", "percent": a.percent})  # fmt: skip
    _more(doc, report.late)
    return _bytes(doc)


def _more(doc: DocumentType, items: list[Any]) -> None:
    if len(items) > LIST_LIMIT:
        _line(doc, _("… and %(n)s more (see the platform).") % {"n": len(items) - LIST_LIMIT})
