from __future__ import annotations


def test_the_dashboard_over_json_matches_the_page(figures_data):
    d = figures_data
    c = d.client(d.district_admin)
    data = c.get("/api/v1/reports/dashboard", {"org": d.root.pk, "period": "2026-11"}).json()
    figures = {f["key"]: f for g in data["groups"] for f in g["figures"]}
    assert figures["test.visits"]["value"]["value"] == 163
    assert [u["value"]["value"] for u in figures["test.visits"]["units"]] == [63, 100]
    assert figures["test.checkins"]["units"] == []


def test_the_api_stays_in_scope(figures_data):
    d = figures_data
    assert d.client(d.other_member).get("/api/v1/reports/dashboard", {"org": d.committee_a.pk}).status_code == 404
    assert d.client(d.other_member).get("/api/v1/reports/briefings").json() == []
