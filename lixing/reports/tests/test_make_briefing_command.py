"""python manage.py make_briefing: a date range mapped onto the calendar buckets."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import CommandError, call_command

from lixing.reports.briefing import iter_docx_text
from lixing.reports.services import period_for_range

D = datetime.date


@pytest.mark.parametrize(
    ("start", "end", "bucket", "exact"),
    [(D(2026, 11, 9), D(2026, 11, 15), "2026W46", True), (D(2026, 11, 1), D(2026, 11, 30), "2026-11", True),
     (D(2026, 10, 1), D(2026, 12, 31), "2026Q4", True), (D(2026, 1, 1), D(2026, 12, 31), "2026", True),
     (D(2026, 11, 3), D(2026, 11, 20), "2026-11", False), (D(2026, 2, 3), D(2026, 11, 20), "2026", False),
     (D(2025, 12, 3), D(2026, 1, 20), "all", False), (None, D(2026, 11, 15), "all", True)],
)  # fmt: skip
def test_a_date_range_maps_onto_the_smallest_bucket_that_holds_it(start, end, bucket, exact):
    period, is_exact = period_for_range(start, end)
    assert (period.bucket, is_exact) == (bucket, exact)


def test_the_command_writes_a_docx_for_the_subtree(figures_data, tmp_path):
    out = tmp_path / "b.docx"
    call_command("make_briefing", org=figures_data.root.pk, start="2026-11-09", end="2026-11-15", out=str(out))
    texts = list(iter_docx_text(out.read_bytes()))
    assert any("163" in t for t in texts)
    assert any("11月15日" in t for t in texts)


def test_the_command_as_a_user_cannot_reach_outside_their_subtree(figures_data, tmp_path):
    with pytest.raises(CommandError):
        call_command("make_briefing", org=figures_data.committee_a.pk, end="2026-11-15",
                     out=str(tmp_path / "x.docx"), user="other_member")  # fmt: skip


def test_a_start_after_the_end_is_refused(figures_data, tmp_path):
    with pytest.raises(CommandError):
        call_command("make_briefing", org=figures_data.root.pk, start="2026-11-16", end="2026-11-15",
                     out=str(tmp_path / "x.docx"))  # fmt: skip


def test_the_command_uses_a_template_and_refuses_one_the_user_cannot_see(figures_data, tmp_path):
    from lixing.reports.models import BriefingTemplate

    d = figures_data
    mine = BriefingTemplate(org=d.root, name="区简报", title_pattern="{org}学习教育简报")
    mine.save()
    theirs = BriefingTemplate(org=d.committee_a, name="甲简报")
    theirs.save()
    out = tmp_path / "t.docx"
    call_command("make_briefing", org=d.root.pk, end="2026-11-15", out=str(out), template=mine.pk)
    assert "测试区学习教育简报" in list(iter_docx_text(out.read_bytes()))
    with pytest.raises(CommandError):
        call_command("make_briefing", org=d.branch_b1.pk, end="2026-11-15", out=str(out), template=theirs.pk,
                     user="other_member")  # fmt: skip
