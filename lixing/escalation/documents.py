"""The supervision notice (督办单) as a .docx: whom it is addressed to, what is late, since
when, and the date a reply is required by. A source may add lines (the campaign, the lead unit)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from docx.enum.text import WD_ALIGN_PARAGRAPH

from lixing.common.docx import BODY_FONT, font, heading, line, new_document, title, to_bytes

from .models import Escalation
from .registry import escalation_sources


def notice_docx(e: Escalation) -> bytes:
    doc = new_document()
    title(doc, _("Supervision notice"))
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    font(p.add_run(e.code), BODY_FONT, 14)
    line(doc, _("To: %(unit)s") % {"unit": e.owner.name})
    if e.issuer is not None:
        line(doc, _("From: %(org)s") % {"org": e.issuer.name})
    line(doc, _("Subject: %(t)s") % {"t": e.title})
    source = escalation_sources().get(e.source)
    if source is not None and source.notice_lines is not None:
        for text in source.notice_lines(e):
            line(doc, text)
    line(doc, _("Due date: %(d)s") % {"d": e.due_on.isoformat() if e.due_on else "—"})
    line(doc, _("This is past its due date. Please report what has been done, the reasons for the delay and "
                "the date it will be finished, by %(reply)s.") % {
                    "reply": e.reply_due.isoformat() if e.reply_due else "—"})  # fmt: skip
    line(doc, _("Issued on %(d)s") % {"d": e.issued_on.isoformat()})
    if e.replied_on:
        heading(doc, _("Reply (%(d)s)") % {"d": e.replied_on.isoformat()})
        line(doc, e.reply_text)
    return to_bytes(doc)
