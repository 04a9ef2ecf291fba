"""The briefing (简报): its content written from the figures, and the .docx/.pdf files.

:func:`briefing_content` decides what is said (pure data, tested directly);
:func:`briefing_docx` lays it out in the house style of the seeds: a red masthead, 第N期,
the issuer and date line under a red rule, a headline, the lead sentences, one numbered
section per line of work with its table by unit, the units that lag and the examples.

Examples protocol (registry-free, optional): a line of work may put a callable in
``Figure.extra["examples"]``: ``examples(actor, org, period) -> Iterable[tuple[str, str] | str]``
returning records marked exemplary in ``org``'s subtree and the period, scoped to ``actor``
(use ``lixing.figures.selectors.subtree_q``), each as (title, text) or a plain text, at most
a few, in a fixed number of queries. The briefing prints up to :data:`EXAMPLES_PER_SECTION`
per section. See docs/decisions/reports-briefing-examples.md.
"""

from __future__ import annotations

import datetime
import io
import shutil
import subprocess
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from lixing.common.cnformat import cn_count, cn_date, cn_date_range, cn_percent
from lixing.common.replica import replica_reads
from lixing.figures.periods import Period
from lixing.figures.registry import Figure, FigureValue, Group
from lixing.orgs.models import Organization

from .selectors import Dashboard, FigureView, dashboard

EXAMPLES_PER_SECTION = 3
TABLE_COLUMNS = 5
LAGGARD_FIGURES = (
    3  # rates per section whose lagging units are named  # figure columns per table; more figures make a second table
)
BODY_FONT = "仿宋_GB2312"
TITLE_FONT = "宋体"
HEADING_FONT = "黑体"
RED = (0xC0, 0x00, 0x00)
CN_NUMERALS = "一二三四五六七八九十"


class PdfUnavailable(Exception):
    """LibreOffice (soffice) is not installed on this server."""


@dataclass
class Table:
    headers: list[str]
    rows: list[list[str]]
    keys: list[str]  # figure key per column after the first (the unit's name)


@dataclass
class Section:
    group: str
    title: str
    sentences: list[str]
    tables: list[Table] = field(default_factory=list)
    laggards: list[str] = field(default_factory=list)
    examples: list[str] = field(default_factory=list)


@dataclass
class BriefingContent:
    masthead: str
    issue_no: int
    issuer: str
    as_of: datetime.date
    headline: str
    lead: str
    intro: str
    sections: list[Section]


# --- Wording ----------------------------------------------------------------------------------


def format_value(v: FigureValue) -> str:
    """A figure's value as the briefing writes it."""
    if v.value is None:
        return "—"
    if v.is_rate:
        return cn_percent(v.value)
    if isinstance(v.value, float) and not v.value.is_integer():
        return f"{v.value:.1f}"
    return cn_count(int(v.value))


def table_value(v: FigureValue) -> str:
    """A figure's value in a table cell: exact digits, rates to one decimal."""
    if v.value is None:
        return "—"
    if v.is_rate:
        return cn_percent(v.value)
    if isinstance(v.value, float) and not v.value.is_integer():
        return f"{v.value:.1f}"
    return str(int(v.value))


def render_sentence(figure: Figure, value: FigureValue, org: Organization, override: str | None = None) -> str | None:
    """The figure's sentence with its placeholders filled, or None when there is nothing to
    say: an empty figure (no data, a zero count, a rate below its sample) is left out rather
    than written as zero, and a template may silence a figure with "-"."""
    if value.is_empty or (value.is_rate and not value.numerator):
        # Nothing to say: no data, a zero count, a rate below its sample, or "0 of 211".
        return None
    text = (override or "").strip() or str(figure.sentence or "")
    if text == "-":
        return None
    if not text:
        text = str(figure.label).replace("{", "{{").replace("}", "}}") + "{value}{unit}"
    return text.format(
        value=format_value(value),
        numerator=cn_count(value.numerator),
        denominator=cn_count(value.denominator),
        org=org.display_name,
        unit=str(figure.unit or ""),
    )


def period_phrase(period: Period, as_of: datetime.date) -> str:
    """ "截至11月15日" for all time, else "11月9日至11月15日" (ending at ``as_of`` at the latest)."""
    if period.start is None or period.end is None:
        return _("As of %(date)s") % {"date": cn_date(as_of)}
    return cn_date_range(period.start, min(period.end, as_of))


def period_title(period: Period, as_of: datetime.date) -> str:
    if period.kind == "all" or period.start is None:
        return _("as of %(date)s") % {"date": cn_date(as_of, year=True)}
    if period.kind == "year":
        return _("%(y)s (year)") % {"y": period.start.year}
    if period.kind == "quarter":
        quarter = CN_NUMERALS[int(period.bucket[-1]) - 1]
        return _("quarter %(q)s of %(y)s") % {"q": quarter, "y": period.start.year}
    if period.kind == "month":
        return _("%(y)s-%(m)s (month)") % {"y": period.start.year, "m": period.start.month}
    assert period.end is not None
    return cn_date_range(period.start, period.end)


def section_title(n: int, label: str) -> str:
    numeral = CN_NUMERALS[n - 1] if n <= len(CN_NUMERALS) else str(n)
    return _("%(n)s. %(label)s (section)") % {"n": numeral, "label": label}


def _tables(board: Dashboard, views: list[FigureView]) -> list[Table]:
    cols = [v for v in views if v.comparable and v.children and not v.value.is_empty]
    if not cols or not board.children:
        return []
    tables = []
    for start in range(0, len(cols), TABLE_COLUMNS):
        chunk = cols[start : start + TABLE_COLUMNS]
        headers = [_("Unit"), *(str(v.figure.label) for v in chunk)]
        rows = [
            [child.display_name, *(table_value(v.children[i].value) for v in chunk)]
            for i, child in enumerate(board.children)
        ]
        if any(v.show_own for v in chunk):
            # 本级: the unit's own records, so the rows add up to the total.
            rows.append([_("Own level"), *(table_value(v.own) if v.own is not None else "—" for v in chunk)])
        rows.append([_("Total"), *(table_value(v.value) for v in chunk)])
        tables.append(Table(headers, rows, [v.key for v in chunk]))
    return tables


def _laggard_sentence(view: FigureView) -> str | None:
    names = [
        _("%(unit)s (%(value)s)") % {"unit": c.org.display_name, "value": cn_percent(c.value.value)}
        for c in view.laggards
    ]
    if not names:
        return None
    return _("By unit, %(figure)s is lowest at %(units)s, below the overall %(overall)s; they need to catch up.") % {
        "figure": view.figure.label,
        "units": "、".join(names),
        "overall": cn_percent(view.value.value),
    }


def _examples(actor: Any, board: Dashboard, views: list[FigureView]) -> list[str]:
    out: list[str] = []
    for v in views:
        provider = v.figure.extra.get("examples") if v.figure.extra else None
        if provider is None:
            continue
        for item in provider(actor, board.org, board.period) or ():
            if isinstance(item, str):
                text = item
            else:
                title, body = item
                text = _("%(title)s: %(text)s") % {"title": title, "text": body}
            if text and text not in out:
                out.append(text)
            if len(out) >= EXAMPLES_PER_SECTION:
                return out
    return out


def briefing_content(
    *,
    actor: Any,
    org: Organization,
    period: Period,
    as_of: datetime.date,
    issue_no: int,
    title_pattern: str = "",
    issuer: str = "",
    intro: str = "",
    sentences: Mapping[str, str] | None = None,
    board: Dashboard | None = None,
) -> BriefingContent:
    """What the briefing says for ``org``'s subtree and ``period`` (``org`` access-checked by
    the caller). Reads the same :func:`~lixing.reports.selectors.dashboard` as the page, so
    every number equals the dashboard's."""
    if board is None:
        # The briefing job's reads are the dashboard's: they may come from a replica.
        with replica_reads():
            board = dashboard(actor=actor, org=org, period=period, trend=False)
    overrides = dict(sentences or {})
    name = org.display_name
    when = period_phrase(period, as_of)
    fill = {"org": name, "period": period_title(period, as_of), "issue": issue_no, "year": as_of.year}
    masthead = (title_pattern or "{org}党建工作简报").format(**fill)
    sections: list[Section] = []
    lead_items: list[str] = []
    for group in board.groups:
        said = []
        for v in group.figures:
            text = render_sentence(v.figure, v.value, org, overrides.get(v.key))
            if text is None:
                continue
            # Counts of the organisation itself ("9个党委、211个党支部、3936名党员") open the
            # briefing as its lead; the rest is said in the group's section.
            if group.key == Group.ORGANISATION and not v.value.is_rate and v.figure.stock:
                lead_items.append(text)
            else:
                said.append(text)
        tables = _tables(board, group.figures)
        if not said and not tables:
            continue
        section = Section(group.key, "", [])
        if said:
            section.sentences = [
                _("%(when)s, %(org)s %(what)s.") % {"when": when, "org": name, "what": "，".join(said)}
            ]
        section.tables = tables
        # The units that lag, for the (at most three) rates where the gap is widest.
        lagging = sorted((v for v in group.figures if v.comparable and v.laggards), key=lambda v: -v.lag_gap)
        section.laggards = [s for v in lagging[:LAGGARD_FIGURES] if (s := _laggard_sentence(v))]
        section.examples = _examples(actor, board, group.non_empty)
        sections.append(section)
    for n, section in enumerate(sections, start=1):
        label = next(str(g.label) for g in board.groups if g.key == section.group)
        section.title = section_title(n, label)
    lead = ""
    if lead_items:
        lead = _("As of %(date)s, %(org)s has %(items)s.") % {
            "date": cn_date(as_of),
            "org": name,
            "items": "、".join(lead_items),
        }
    return BriefingContent(
        masthead=masthead,
        issue_no=issue_no,
        issuer=issuer or name,
        as_of=as_of,
        headline=_("%(period)s: work in brief") % {"period": period_title(period, as_of)},
        lead=lead,
        intro=intro.format(**fill) if intro else "",
        sections=sections,
    )


# --- The .docx --------------------------------------------------------------------------------


def _set_fonts(style: Any, font: str, size_pt: float, *, bold: bool = False) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    style.font.name = font
    style.font.size = Pt(size_pt)
    style.font.bold = bold
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), font)


def _run_font(run: Any, font: str) -> None:
    from docx.oxml.ns import qn

    run.font.name = font
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), font)


def _red_rule(paragraph: Any) -> None:
    """A red line under the paragraph (the masthead rule of official briefings)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    ppr = paragraph._p.get_or_add_pPr()
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for k, v in {"w:val": "single", "w:sz": "18", "w:space": "4", "w:color": "C00000"}.items():
        bottom.set(qn(k), v)
    border.append(bottom)
    ppr.append(border)


def briefing_docx(content: BriefingContent) -> bytes:
    from docx import Document
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt, RGBColor

    doc = Document()
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    _set_fonts(doc.styles["Normal"], BODY_FONT, 16)
    doc.styles["Normal"].paragraph_format.line_spacing = Pt(28)
    _set_fonts(doc.styles["Title"], TITLE_FONT, 26, bold=True)
    _set_fonts(doc.styles["Heading 1"], HEADING_FONT, 16, bold=False)
    _set_fonts(doc.styles["Heading 2"], "楷体_GB2312", 16, bold=True)
    _set_fonts(doc.styles["Table Grid"], BODY_FONT, 12)
    for name in ("Title", "Heading 1", "Heading 2"):
        doc.styles[name].font.color.rgb = RGBColor(0, 0, 0)
    core = doc.core_properties
    core.title = content.masthead
    core.author = content.issuer

    masthead = doc.add_paragraph(style="Title")
    masthead.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = masthead.add_run(content.masthead)
    run.font.color.rgb = RGBColor(*RED)
    _run_font(run, TITLE_FONT)
    issue = doc.add_paragraph(_("Issue %(n)s") % {"n": content.issue_no})
    issue.alignment = WD_ALIGN_PARAGRAPH.CENTER
    line = doc.add_paragraph()
    line.add_run(content.issuer)
    line.add_run("\t" + cn_date(content.as_of, year=True))
    line.paragraph_format.tab_stops.add_tab_stop(Cm(15.6), alignment=2)  # right-aligned date
    _red_rule(line)
    headline = doc.add_paragraph()
    headline.alignment = WD_ALIGN_PARAGRAPH.CENTER
    hrun = headline.add_run(content.headline)
    hrun.bold = True
    hrun.font.size = Pt(18)
    _run_font(hrun, TITLE_FONT)

    def body(text: str) -> None:
        p = doc.add_paragraph(text)
        p.paragraph_format.first_line_indent = Pt(32)

    if content.lead:
        body(content.lead)
    if content.intro:
        for para in content.intro.splitlines():
            if para.strip():
                body(para.strip())
    for sec in content.sections:
        doc.add_heading(sec.title, level=1)
        for s in sec.sentences:
            body(s)
        for t in sec.tables:
            table = doc.add_table(rows=1, cols=len(t.headers))
            table.style = doc.styles["Table Grid"]
            table.alignment = WD_TABLE_ALIGNMENT.CENTER
            for cell, text in zip(table.rows[0].cells, t.headers, strict=True):
                cell.text = text
                for r in cell.paragraphs[0].runs:
                    r.bold = True
            for row in t.rows:
                cells = table.add_row().cells
                for cell, text in zip(cells, row, strict=True):
                    cell.text = text
            doc.add_paragraph()
        for s in sec.laggards:
            body(s)
        if sec.examples:
            doc.add_heading(_("Examples"), level=2)
            for s in sec.examples:
                body(s)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def pdf_available() -> bool:
    return shutil.which("soffice") is not None


def docx_to_pdf(data: bytes, *, timeout: int = 120) -> bytes:
    """Convert with LibreOffice; raises :class:`PdfUnavailable` when it is not installed."""
    soffice = shutil.which("soffice")
    if soffice is None:
        raise PdfUnavailable(
            _(
                "PDF is not available on this server: LibreOffice (soffice) is not installed. Download the Word file instead."
            )
        )
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "briefing.docx"
        src.write_bytes(data)
        subprocess.run(  # noqa: S603 - fixed arguments, our own temporary file
            [soffice, "--headless", f"-env:UserInstallation=file://{tmp}/profile", "--convert-to", "pdf",
             "--outdir", tmp, str(src)],
            check=True, capture_output=True, timeout=timeout,
        )  # fmt: skip
        return (Path(tmp) / "briefing.pdf").read_bytes()


def iter_docx_text(data: bytes) -> Iterable[str]:
    """Every paragraph and table cell of a .docx, in order (for tests and checks)."""
    from docx import Document

    doc = Document(io.BytesIO(data))
    for p in doc.paragraphs:
        yield p.text
    for t in doc.tables:
        for row in t.rows:
            for cell in row.cells:
                yield cell.text
