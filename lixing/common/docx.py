"""Word documents as offices set them (python-docx).

Chinese text needs its East Asian font named explicitly (``w:eastAsia``), or Word falls
back to a Latin font: titles in 宋体 (bold), body in 仿宋, as official documents are set.
Shared by every app that writes a .docx notice or report.
"""

from __future__ import annotations

import io

from docx import Document
from docx.document import Document as DocumentType
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.text.run import Run

BODY_FONT = "仿宋"
TITLE_FONT = "宋体"


def font(run: Run, name: str, size: float, bold: bool = False) -> None:
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    r_pr = run._element.get_or_add_rPr()
    r_fonts = r_pr.find(qn("w:rFonts"))
    if r_fonts is None:
        r_fonts = r_pr.makeelement(qn("w:rFonts"), {})
        r_pr.append(r_fonts)
    r_fonts.set(qn("w:eastAsia"), name)


def new_document() -> DocumentType:
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = BODY_FONT  # type: ignore[attr-defined]
    normal.font.size = Pt(14)  # type: ignore[attr-defined]
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)  # type: ignore[attr-defined]
    return doc


def title(doc: DocumentType, text: str) -> None:
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    font(p.add_run(text), TITLE_FONT, 20, bold=True)


def heading(doc: DocumentType, text: str) -> None:
    font(doc.add_paragraph().add_run(text), TITLE_FONT, 15, bold=True)


def line(doc: DocumentType, text: str) -> None:
    font(doc.add_paragraph().add_run(text), BODY_FONT, 14)


def to_bytes(doc: DocumentType) -> bytes:
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
