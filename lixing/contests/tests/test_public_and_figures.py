"""The published board needs no account and names nobody; figures in the seeds' words."""

from __future__ import annotations

import json
from io import StringIO

from django.core.management import call_command
from django.urls import reverse

from lixing.contests import services

from .conftest import entries, fill, judge


def _figures(*args):
    out = StringIO()
    call_command("figures", *args, "--json", stdout=out)
    return {f["key"]: f for f in json.loads(out.getvalue())["figures"]}


def test_the_board_is_public_only_once_published_and_reveals_nothing_personal(client, district, pk):
    j = judge(district, pk, "judge_b", district.committee_b)
    fill(j, {1: 8, 2: 7})
    services.sheet_submit(actor=j.user, judge=j)
    url = reverse("contests:public_board", args=[pk.pk])
    assert client.get(url).status_code == 404
    assert client.get(f"/api/v1/contests/public/{pk.pk}/board").status_code == 404
    services.contest_publish(actor=district.district_admin, contest=pk)
    page = client.get(url).content.decode()
    names = [e.member.name for e in entries(pk) if e.member] + ["judge_b"]
    assert "甲一支部书记述职" in page and not any(n in page for n in names)
    data = client.get(f"/api/v1/contests/public/{pk.pk}/board").json()
    assert data["rule"] == "mean" and data["published"] is True
    assert all(r["entrant"] == "" for r in data["rows"]) and not any(n in json.dumps(data, ensure_ascii=False)
                                                                    for n in names)  # fmt: skip


def test_figures_count_contests_entries_secretaries_and_units(district, pk):
    figures = _figures()
    assert figures["contests.held"]["value"] == 1
    assert figures["contests.entries"]["value"] == 3
    assert figures["contests.secretaries"]["value"] == 3
    assert figures["contests.units"]["value"] == 3
    a = _figures("--org", str(district.committee_a.pk))
    assert (a["contests.secretaries"]["value"], a["contests.units"]["value"], a["contests.held"]["value"]) == (2, 2, 0)


def test_the_briefing_says_how_many_secretaries_took_part(district, pk):
    import datetime

    from lixing.figures.periods import Period
    from lixing.reports.briefing import briefing_content

    c = briefing_content(actor=district.district_admin, org=district.root, period=Period.parse("2021"),
                         as_of=datetime.date(2021, 12, 31), issue_no=1)  # fmt: skip
    section = next(s for s in c.sections if s.group == "contests")
    assert any("3名书记参加书记加油PK" in s for s in section.sentences)
