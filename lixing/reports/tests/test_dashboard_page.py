from __future__ import annotations

import re

import pytest
from django.urls import reverse

from lixing.figures.periods import Period
from lixing.figures.selectors import figure_values

URL = reverse("reports:index")


def test_district_admin_sees_every_group_with_its_figures(figures_data):
    d = figures_data
    r = d.client(d.district_admin).get(URL, {"org": d.root.pk, "period": "2026-11"})
    assert r.status_code == 200
    board = r.context["board"]
    keys = [g.key for g in board.groups]
    assert keys.index("organisation") < keys.index("study") < keys.index("deeds")
    assert board.figure("test.visits").value.value == 163
    assert board.figure("orgs.members").value.value == 10
    body = r.content.decode()
    assert 'data-figure="test.visits"' in body
    assert "vendor/echarts.min.js" in body and "cdn" not in body.lower()


def test_breakdown_by_child_unit_equals_each_units_own_figure(figures_data):
    d = figures_data
    period = Period.parse("2026-11")
    r = d.client(d.district_admin).get(URL, {"org": d.root.pk, "period": period.bucket})
    view = r.context["board"].figure("test.solved_rate")
    own = figure_values(actor=d.district_admin, orgs=[d.committee_a, d.committee_b], period=period)
    assert [c.org.pk for c in view.children] == [d.committee_a.pk, d.committee_b.pk]
    assert [c.value for c in view.children] == [
        own[d.committee_a.pk]["test.solved_rate"],
        own[d.committee_b.pk]["test.solved_rate"],
    ]


def test_trend_runs_over_the_period_by_week_for_a_month(figures_data):
    d = figures_data
    r = d.client(d.district_admin).get(URL, {"org": d.root.pk, "period": "2026-11"})
    trend = r.context["board"].figure("test.visits").trend
    assert [p.bucket for p, _v in trend][:3] == ["2026W44", "2026W45", "2026W46"]
    assert {p.bucket: v.value for p, v in trend}["2026W46"] == 163


def test_the_lowest_rate_unit_is_marked_as_lagging(figures_data):
    d = figures_data
    r = d.client(d.district_admin).get(URL, {"org": d.root.pk, "period": "2026-11"})
    view = r.context["board"].figure("test.solved_rate")
    assert [c.org.pk for c in view.laggards] == [d.committee_b.pk]
    assert "lagging" in r.content.decode()


def test_units_are_never_compared_by_a_non_comparable_figure(figures_data):
    d = figures_data
    r = d.client(d.district_admin).get(URL, {"org": d.root.pk, "period": "2026-11"})
    view = r.context["board"].figure("test.checkins")
    assert view.value.value == 500  # the subtree's total is shown …
    assert view.children == []  # … but no unit is set against another
    assert "test.checkins" not in r.context["charts"] or "units" not in r.context["charts"]["test.checkins"]
    body = r.content.decode()
    assert 'table class="by-unit" data-figure="test.checkins"' not in body
    assert 'data-chart="units" data-key="test.checkins"' not in body
    assert 'table class="by-unit" data-figure="test.visits"' in body


def test_every_number_links_to_the_records_behind_it(figures_data):
    d = figures_data
    r = d.client(d.district_admin).get(URL, {"org": d.root.pk, "period": "2026-11"})
    body = r.content.decode()
    records = reverse("figures:records", args=["test.visits"])
    assert f"{records}?org={d.root.pk}&period=2026-11" in body
    assert f"{records}?org={d.committee_b.pk}&period=2026-11" in body
    match = re.search(rf'href="({re.escape(records)}\?org={d.committee_b.pk}[^"]*)"', body)
    assert match is not None
    link = match[1]
    page = d.client(d.district_admin).get(link)
    assert page.status_code == 200
    assert reverse("orgs:member", args=[d.b1_members[0].pk]) in page.content.decode()


def test_a_member_of_another_branch_sees_nothing_of_committee_a(figures_data):
    d = figures_data
    assert d.client(d.other_member).get(URL, {"org": d.committee_a.pk}).status_code == 404
    r = d.client(d.other_member).get(URL)
    assert r.status_code == 200
    assert r.context["org"].pk == d.branch_b1.pk


def test_the_unit_admin_sees_only_their_committee_and_its_branches(figures_data):
    d = figures_data
    assert d.client(d.unit_admin).get(URL, {"org": d.root.pk}).status_code == 404
    r = d.client(d.unit_admin).get(URL, {"org": d.committee_a.pk, "period": "2026-11"})
    assert [c.pk for c in r.context["board"].children] == [d.branch_a1.pk, d.branch_a2.pk]


def test_an_unknown_period_is_not_found(district):
    assert district.client(district.district_admin).get(URL, {"period": "2026Q9"}).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(district):
    from django.test import Client

    assert Client().get(URL).status_code == 302


@pytest.mark.parametrize("period", ["all", "2026", "2026Q4", "2026-11", "2026W46"])
def test_every_period_kind_renders(figures_data, period):
    d = figures_data
    assert d.client(d.district_admin).get(URL, {"org": d.root.pk, "period": period}).status_code == 200
