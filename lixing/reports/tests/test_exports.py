"""Every dashboard table downloads as .xlsx; the briefing as PDF where LibreOffice is installed."""

from __future__ import annotations

import io
import shutil

from django.urls import reverse
from openpyxl import load_workbook

from lixing.figures.periods import Period
from lixing.orgs.access import SYSTEM
from lixing.reports import briefing as briefing_module
from lixing.reports.services import briefing_issue


def _rows(response):
    wb = load_workbook(io.BytesIO(response.content))
    return [list(r) for r in wb.active.iter_rows(values_only=True)]


def test_a_figures_table_by_unit_downloads_with_the_same_numbers(figures_data):
    d = figures_data
    r = d.client(d.district_admin).get(
        reverse("reports:export"), {"org": d.root.pk, "period": "2026-11", "figure": "test.solved_rate"}
    )
    assert r.status_code == 200
    rows = _rows(r)
    assert rows[0][0] == "单位"
    assert rows[1:] == [["甲党委", "87.5%", 14, 16], ["乙党委", "23.7%", 9, 38], ["合计", "42.6%", 23, 54]]


def test_the_summary_of_all_figures_downloads(figures_data):
    d = figures_data
    r = d.client(d.district_admin).get(reverse("reports:export"), {"org": d.root.pk, "period": "2026-11"})
    labels = [row[1] for row in _rows(r)[1:]]
    assert "走访企业" in labels and "学习打卡" in labels


def test_a_non_comparable_figure_has_no_table_by_unit_to_download(figures_data):
    d = figures_data
    r = d.client(d.district_admin).get(reverse("reports:export"), {"org": d.root.pk, "figure": "test.checkins"})
    assert r.status_code == 404


def test_exports_stay_in_scope(figures_data):
    d = figures_data
    assert d.client(d.other_member).get(reverse("reports:export"), {"org": d.committee_a.pk}).status_code == 404


def test_pdf_where_libreoffice_is_installed(figures_data, monkeypatch):
    d = figures_data
    b = briefing_issue(actor=SYSTEM, org=d.root, period=Period.parse("2026-11"))
    calls = []

    def fake_run(args, **kw):
        calls.append(args)
        outdir = args[args.index("--outdir") + 1]
        (__import__("pathlib").Path(outdir) / "briefing.pdf").write_bytes(b"%PDF-1.7 fake")

    monkeypatch.setattr(shutil, "which", lambda name: "/usr/bin/soffice" if name == "soffice" else None)
    monkeypatch.setattr(briefing_module.subprocess, "run", fake_run)
    page = d.client(d.district_admin).get(reverse("reports:briefings"), {"org": d.root.pk}).content.decode()
    assert reverse("reports:briefing_pdf", args=[b.pk]) in page
    r = d.client(d.district_admin).get(reverse("reports:briefing_pdf", args=[b.pk]))
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf" and r.content.startswith(b"%PDF")
    assert calls and calls[0][0] == "/usr/bin/soffice" and "--convert-to" in calls[0]


def test_a_clear_message_where_libreoffice_is_not_installed(figures_data, monkeypatch):
    d = figures_data
    b = briefing_issue(actor=SYSTEM, org=d.root, period=Period.parse("2026-11"))
    monkeypatch.setattr(shutil, "which", lambda name: None)
    c = d.client(d.district_admin)
    page = c.get(reverse("reports:briefings"), {"org": d.root.pk}).content.decode()
    assert reverse("reports:briefing_pdf", args=[b.pk]) not in page
    assert "LibreOffice" in page
    r = c.get(reverse("reports:briefing_pdf", args=[b.pk]), follow=True)
    assert "LibreOffice" in r.content.decode()
    assert r.redirect_chain and r.redirect_chain[-1][1] == 302
