"""What the briefing says: lead, sections per line of work, laggards, examples, templates."""

from __future__ import annotations

import datetime

from lixing.figures.periods import Period
from lixing.reports.briefing import briefing_content, briefing_docx, iter_docx_text


def _content(d, org=None, period="2026-11", **kw):
    return briefing_content(
        actor=d.district_admin, org=org or d.root, period=Period.parse(period), as_of=datetime.date(2026, 11, 15),
        issue_no=7, **kw,
    )  # fmt: skip


def test_the_lead_counts_the_organisations_and_members_as_offices_write_it(figures_data):
    from lixing.figures import registry
    from lixing.figures.selectors import figure_values
    from lixing.reports.briefing import render_sentence

    d = figures_data
    c = _content(d)
    keys = ["orgs.members", "orgs.committee", "orgs.branch"]
    values = figure_values(actor=d.district_admin, orgs=[d.root], period=Period.parse("all"))[d.root.pk]
    items = [s for k in keys if (s := render_sentence(registry.get(k), values[k], d.root))]
    assert len(items) == 3
    assert "10" in items[0] and "2" in items[1] and "3" in items[2]
    assert c.lead == f"截至11月15日，测试区共有{'、'.join(items)}。"  # probationary: none, so not said
    assert c.headline == "2026年11月工作简况"


def test_there_is_a_section_only_for_lines_of_work_with_something_to_say(figures_data):
    c = _content(figures_data)
    titles = [s.title for s in c.sections]
    assert titles[0].startswith("一、")
    assert any("办实事" in t or "实事" in t for t in titles) or any(s.group == "deeds" for s in c.sections)
    assert [s.group for s in c.sections] == ["organisation", "study", "deeds"]
    deeds = next(s for s in c.sections if s.group == "deeds")
    assert deeds.sentences == [
        "11月1日至11月15日，测试区走访企业163家次，收集问题和意见建议54个，已解决23个，解决率42.6%，平均办结用时2.5天。"
    ]


def test_the_units_that_lag_are_named_with_their_rate(figures_data):
    deeds = next(s for s in _content(figures_data).sections if s.group == "deeds")
    assert deeds.laggards == ["从各单位看，乙党委（23.7%）的问题解决率相对较低，低于总体水平（42.6%），需加快推进。"]


def test_units_are_not_named_for_a_non_comparable_figure_and_it_has_no_column(figures_data):
    study = next(s for s in _content(figures_data).sections if s.group == "study")
    assert study.sentences and "学习打卡500次" in study.sentences[0]
    assert study.tables == [] and study.laggards == []


def test_examples_come_from_the_figures_examples_callable(figures_data):
    deeds = next(s for s in _content(figures_data).sections if s.group == "deeds")
    assert deeds.examples == ["甲一支部：书记带头上党课，党员全员参加"]


def test_a_period_without_any_record_says_only_what_is_there(figures_data):
    c = _content(figures_data, period="2025-03")
    assert [s.group for s in c.sections] == ["organisation"]  # stocks still stand; no zero is written
    assert "0" not in "".join(s for sec in c.sections for s in sec.sentences)


def test_a_template_changes_title_intro_and_sentences_and_can_silence_a_figure(figures_data):
    c = _content(
        figures_data,
        title_pattern="{org}党史学习教育简报",
        intro="{org}{period}情况如下。",
        issuer="测试区党工委办公室",
        sentences={"test.visits": "深入企业走访{value}{unit}", "test.problems": "-"},
    )
    assert c.masthead == "测试区党史学习教育简报"
    assert c.intro == "测试区11月1日至11月15日情况如下。" or c.intro.startswith("测试区")
    deeds = next(s for s in c.sections if s.group == "deeds")
    assert "深入企业走访163家次" in deeds.sentences[0]
    assert "收集问题" not in deeds.sentences[0]


def test_the_docx_uses_chinese_fonts_and_carries_the_issue_number(figures_data):
    import io

    from docx import Document
    from docx.oxml.ns import qn

    data = briefing_docx(_content(figures_data))
    doc = Document(io.BytesIO(data))
    fonts = doc.styles["Normal"].element.rPr.find(qn("w:rFonts"))
    assert fonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    texts = list(iter_docx_text(data))
    assert "第7期" in texts
    assert any(t.endswith("2026年11月15日") for t in texts)


def test_a_rate_of_nothing_is_not_written_as_zero_of_so_many(fake_figures, district):
    from lixing.figures import registry
    from lixing.figures.registry import FigureValue
    from lixing.reports.briefing import render_sentence

    rate = registry.get("test.solved_rate")
    assert render_sentence(rate, FigureValue(0.0, numerator=0, denominator=211, is_rate=True), district.root) is None
    said = render_sentence(rate, FigureValue(0.5, numerator=3, denominator=6, is_rate=True), district.root)
    assert said == "已解决3个，解决率50.0%"


def test_at_most_three_rates_per_section_have_their_laggards_named(figures_data):
    from lixing.figures import registry
    from lixing.figures.registry import Group, rate_figure

    from .conftest import bump

    d = figures_data
    for i in range(4):
        registry.register(rate_figure(f"test.rate{i}", f"比率{i}", Group.DEEDS, numerator=f"test.n{i}",
                                      denominator="test.problems", sentence="{value}", order=10 + i))  # fmt: skip
        bump(d.branch_a1, f"test.n{i}", 8)
        bump(d.branch_b1, f"test.n{i}", 5 + i)
    deeds = next(s for s in _content(d).sections if s.group == "deeds")
    assert len(deeds.laggards) == 3
    assert "问题解决率" in deeds.laggards[0]  # the widest gap first
