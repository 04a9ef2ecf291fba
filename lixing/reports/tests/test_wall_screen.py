"""The wall screen (大屏): full screen, dark, refreshing itself, same numbers as the dashboard."""

from __future__ import annotations

from django.urls import reverse


def test_the_wall_screen_refreshes_itself_and_shows_big_numbers(figures_data):
    d = figures_data
    r = d.client(d.district_admin).get(reverse("reports:wall"), {"org": d.root.pk, "period": "2026-11"})
    body = r.content.decode()
    assert r.status_code == 200
    assert 'hx-trigger="every 60s"' in body and 'http-equiv="refresh"' in body
    assert "reports/wall.css" in body and "pico" not in body  # its own dark, full-screen page
    assert 'data-figure="test.visits"' in body and "163" in body
    assert 'data-figure="test.empty"' not in body  # nothing happened: not shown


def test_the_refresh_returns_only_the_body(figures_data):
    d = figures_data
    r = d.client(d.district_admin).get(reverse("reports:wall"), {"org": d.root.pk}, HTTP_HX_REQUEST="true")
    assert "<html" not in r.content.decode() and "wall-tile" in r.content.decode()


def test_the_wall_screen_stays_in_scope(figures_data):
    d = figures_data
    assert d.client(d.other_member).get(reverse("reports:wall"), {"org": d.root.pk}).status_code == 404
