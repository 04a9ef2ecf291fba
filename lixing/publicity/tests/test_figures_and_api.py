"""Figures in `manage.py figures --json` (bulletins counted from the briefing archive) and the
API's scoping and strict types."""

from __future__ import annotations

import json
from io import StringIO

from django.core.management import call_command

from lixing.figures.periods import Period
from lixing.reports.services import briefing_issue

from .conftest import make_article


def _figures(*args):
    out = StringIO()
    call_command("figures", *args, "--json", stdout=out)
    return {f["key"]: f for f in json.loads(out.getvalue())["figures"]}


def test_publicity_figures_and_bulletins_issued_appear_in_the_figures_command(district, levels):
    make_article(district.branch_a1, "xuexi")
    briefing_issue(actor=district.district_admin, org=district.root, period=Period.parse("all"))
    briefing_issue(actor=district.district_admin, org=district.committee_a, period=Period.parse("all"))
    figures = _figures()
    assert figures["publicity.articles"]["value"] == 1
    assert figures["publicity.level.xuexi"]["value"] == 1
    assert figures["reports.bulletins"]["value"] == 2
    assert _figures("--org", str(district.committee_b.pk))["reports.bulletins"]["value"] == 0


def test_the_api_records_an_item_and_flags_a_copy(district, levels):
    c = district.client(district.secretary)
    body = {"unit_id": district.branch_a1.pk, "title": "同题", "outlet": "甬派", "level": "xuexi",
            "published_on": "2021-05-01", "link": "https://example.org/1"}  # fmt: skip
    first = c.post("/api/v1/publicity/articles", body, content_type="application/json")
    second = c.post("/api/v1/publicity/articles", body, content_type="application/json")
    assert first.status_code == second.status_code == 201
    assert second.json()["duplicate_of_id"] == first.json()["id"] and second.json()["counted"] is False


def test_the_api_refuses_a_bool_or_a_string_as_an_id(district, levels):
    c = district.client(district.district_admin)
    body = {"title": "t", "outlet": "o", "level": "xuexi", "published_on": "2021-05-01", "link": "https://e.org/1"}
    for bad in (True, str(district.root.pk)):
        r = c.post("/api/v1/publicity/articles", {**body, "unit_id": bad}, content_type="application/json")
        assert r.status_code == 422


def test_the_api_lists_only_the_callers_subtree(district, levels):
    make_article(district.branch_a1, title="甲的")
    b = make_article(district.branch_b1, title="乙的")
    c = district.client(district.unit_admin)
    items = c.get("/api/v1/publicity/articles").json()["items"]
    assert [i["title"] for i in items] == ["甲的"]
    assert c.get(f"/api/v1/publicity/articles/{b.pk}").status_code == 404
    r = c.post("/api/v1/publicity/articles", {"unit_id": district.branch_b1.pk, "title": "t", "outlet": "o",
               "level": "xuexi", "published_on": "2021-05-01", "link": "https://e.org/1"},
               content_type="application/json")  # fmt: skip
    assert r.status_code == 404
