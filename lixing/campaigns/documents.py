"""Word documents the office sends out: the weekly report and the supervision notice.

Chinese text needs its East Asian font named explicitly (``w:eastAsia``), or Word falls
back to a Latin font: titles in 宋体 (bold), body in 仿宋, as official documents are set.
"""

from __future__ import annotations

import io
from typing import Any

from django.utils.translation import gettext as _
from docx import Document
from docx.document import Document as DocumentType
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.text.run import Run

from .models import Supervision
from .selectors import WeeklyReport

# A province-wide week has thousands of entries; the document names the first ones of each
# section and says how many more (the page and the API have them all).
LIST_LIMIT = 150
BODY_FONT = "仿宋"
TITLE_FONT = "宋体"


def _font(run: Run, name: str, size: float, bold: bool = False) -> None:
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    r_pr = run._element.get_or_add_rPr()
    r_fonts = r_pr.find(qn("w:rFonts"))
    if r_fonts is None:
        r_fonts = r_pr.makeelement(qn("w:rFonts"), {})
        r_pr.append(r_fonts)
    r_fonts.set(qn("w:eastAsia"), name)


def _new() -> DocumentType:
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = BODY_FONT  # type: ignore[attr-defined]
    normal.font.size = Pt(14)  # type: ignore[attr-defined]
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)  # type: ignore[attr-defined]
    return doc


def _title(doc: DocumentType, text: str) -> None:
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(p.add_run(text), TITLE_FONT, 20, bold=True)


def _heading(doc: DocumentType, text: str) -> None:
    _font(doc.add_paragraph().add_run(text), TITLE_FONT, 15, bold=True)


def _line(doc: DocumentType, text: str) -> None:
    _font(doc.add_paragraph().add_run(text), BODY_FONT, 14)


def _bytes(doc: DocumentType) -> bytes:
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


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


def notice_docx(s: Supervision) -> bytes:
    """督办单: the task, the unit, the due date and the date a reply is required by."""
    doc = _new()
    a = s.assignment
    _title(doc, _("Supervision notice"))
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(p.add_run(s.code), BODY_FONT, 14)
    _line(doc, _("To: %(unit)s") % {"unit": a.unit.name})
    _line(doc, _("Campaign: %(c)s") % {"c": s.campaign.title})
    _line(doc, _("Task: %(t)s") % {"t": a.task.title})
    _line(doc, _("Lead unit: %(u)s") % {"u": a.task.lead_unit.name})
    _line(doc, _("Due date: %(d)s") % {"d": a.task.due_on.isoformat() if a.task.due_on else "—"})
    _line(doc, _("Progress reported: %(p)s%%") % {"p": a.percent})
    _line(doc, _("This task is past its due date. Please report what has been done, the reasons for the delay and "
                 "the date it will be finished, by %(reply)s.") % {
                     "reply": s.reply_due.isoformat() if s.reply_due else "—"})  # fmt: skip
    _line(doc, _("Issued on %(d)s") % {"d": s.issued_on.isoformat()})
    if s.replied_on:
        _heading(doc, _("Reply (%(d)s)") % {"d": s.replied_on.isoformat()})
        _line(doc, s.reply_text)
    return _bytes(doc)
