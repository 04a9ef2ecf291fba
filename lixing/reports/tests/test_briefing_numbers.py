"""Every number in a generated briefing equals the dashboard's figure for the same subtree
and period: the .docx is parsed back with python-docx and checked against the dashboard."""

from __future__ import annotations

import io
import re

import pytest
from django.urls import reverse
from docx import Document

from lixing.common.cnformat import cn_parse
from lixing.reports.briefing import render_sentence
from lixing.reports.models import Briefing

DATES = re.compile(r"\d{4}年\d{1,2}月\d{1,2}日|\d{1,2}月\d{1,2}日|第\d+期|\d{4}年|\d{4}-\d{2}-\d{2}")


def _matches(low_high, value):
    low, high = low_high
    return low <= value <= high if high > low else abs(value - low) < 1e-9


def _numbers_of(fv):
    return [x for x in (fv.value, fv.numerator, fv.denominator) if x is not None]


def _issue(d, org, period):
    c = d.client(d.district_admin)
    r = c.post(f"{reverse('reports:briefings')}?org={org.pk}", {"period": period})
    assert r.status_code == 302
    briefing = Briefing.objects.filter(org=org).order_by("-id").first()
    assert briefing is not None
    download = c.get(reverse("reports:briefing_docx", args=[briefing.pk]))
    assert download.status_code == 200
    doc = Document(io.BytesIO(b"".join(download.streaming_content)))
    board = c.get(reverse("reports:index"), {"org": org.pk, "period": period}).context["board"]
    return doc, board


@pytest.mark.parametrize("period", ["2026-11", "all", "2026W46"])
def test_every_table_cell_equals_the_dashboard(figures_data, period):
    d = figures_data
    doc, board = _issue(d, d.root, period)
    by_label = {str(v.figure.label): v for v in board.figures}
    children = {c.display_name: c.pk for c in board.children}
    checked = 0
    assert doc.tables, "a briefing of a subtree with units has tables by unit"
    for table in doc.tables:
        headers = [cell.text for cell in table.rows[0].cells]
        for row in table.rows[1:]:
            cells = [cell.text for cell in row.cells]
            for header, text in zip(headers[1:], cells[1:], strict=True):
                view = by_label[header]
                if cells[0] in children:
                    fv = next(c.value for c in view.children if c.org.pk == children[cells[0]])
                else:
                    fv = view.value  # the total row
                if fv.value is None:
                    assert text == "—"
                    continue
                (parsed,) = cn_parse(text)
                assert _matches(parsed, fv.value), (header, cells[0], text, fv)
                checked += 1
    assert checked >= 6


@pytest.mark.parametrize("period", ["2026-11", "all"])
def test_every_sentence_says_the_dashboards_number_and_empty_ones_are_left_out(figures_data, period):
    d = figures_data
    doc, board = _issue(d, d.root, period)
    text = "\n".join(p.text for p in doc.paragraphs)
    for view in board.figures:
        sentence = render_sentence(view.figure, view.value, board.org)
        if view.value.is_empty:
            assert sentence is None
        else:
            assert sentence and sentence in text, (view.key, sentence)
    assert "空指标" not in text  # registered, but nothing happened: not written with a zero


def test_every_number_in_the_body_is_a_dashboard_number(figures_data):
    d = figures_data
    doc, board = _issue(d, d.root, "2026-11")
    known = [n for v in board.figures for n in _numbers_of(v.value)]
    known += [n for v in board.figures for c in v.children for n in _numbers_of(c.value)]
    body = [p.text for p in doc.paragraphs][4:]  # after masthead, issue number, date line, headline
    found = 0
    for paragraph in body:
        for parsed in cn_parse(DATES.sub("", paragraph)):
            assert any(_matches(parsed, k) for k in known), (paragraph, parsed)
            found += 1
    assert found >= 8


def test_a_branch_briefing_has_no_table_by_unit(figures_data):
    d = figures_data
    doc, board = _issue(d, d.branch_b1, "2026-11")
    assert not board.children
    assert not doc.tables
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "38" in text and "100" in text
