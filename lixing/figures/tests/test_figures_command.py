from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse


def _figures(*args: str) -> dict:
    out = StringIO()
    call_command("figures", *args, "--json", stdout=out)
    return {f["key"]: f for f in json.loads(out.getvalue())["figures"]}


def test_figures_for_the_root_count_the_whole_district(district):
    figures = _figures()
    assert figures["orgs.members"]["value"] == 10
    assert figures["orgs.committee"]["value"] == 2
    assert figures["orgs.branch"]["value"] == 3


def test_figures_for_a_branch_count_only_the_branch(district):
    figures = _figures("--org", str(district.branch_b1.pk))
    assert figures["orgs.members"]["value"] == 3
    assert figures["orgs.branch"]["value"] == 1


def test_a_user_sees_only_their_subtree(district):
    with pytest.raises(Exception):  # noqa: B017 - Http404 from access_org
        _figures("--org", str(district.branch_a1.pk), "--user", "other_member")
    figures = _figures("--user", "secretary")
    assert figures["orgs.members"]["value"] == 5


def test_a_rate_below_the_minimum_sample_is_not_shown(district, settings):
    settings.LIXING_MIN_RATE_SAMPLE = 5
    coverage = _figures()["orgs.secretary_coverage"]
    assert coverage["display"] == "—"
    assert (coverage["numerator"], coverage["denominator"]) == (1, 3)
    settings.LIXING_MIN_RATE_SAMPLE = 3
    coverage = _figures()["orgs.secretary_coverage"]
    assert coverage["display"] == "33.3%"


def test_a_bad_period_is_a_clear_error(district):
    with pytest.raises(CommandError, match="2021Q9"):
        call_command("figures", "--period", "2021Q9", stdout=StringIO())


def test_drill_down_lists_the_records_behind_a_figure(district):
    client = district.client(district.unit_admin)
    url = reverse("figures:records", args=["orgs.members"])
    body = client.get(url, {"org": district.committee_a.pk}).content.decode()
    assert "甲一1" in body and "甲二1" in body
    assert "乙一1" not in body
    assert client.get(url, {"org": district.committee_b.pk}).status_code == 404


def test_tiles_page_queries_do_not_grow_with_the_subtree(district):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from conftest import make_member
    from lixing.orgs.access import SYSTEM
    from lixing.orgs.models import OrgKind
    from lixing.orgs.services import org_create

    client = district.client(district.district_admin)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("figures:tiles"), {"org": district.root.pk}).status_code == 200
        return len(ctx.captured_queries)

    client.get(reverse("figures:tiles"), {"org": district.root.pk})  # warm the session
    small = count()
    for i in range(4):
        branch = org_create(actor=SYSTEM, parent=district.committee_b, name=f"新支部{i}", kind=OrgKind.BRANCH)
        for _ in range(3):
            make_member(branch)
    assert count() == small


def test_tiles_link_to_their_records(district):
    client = district.client(district.district_admin)
    body = client.get(reverse("figures:tiles"), {"org": district.root.pk}).content.decode()
    assert reverse("figures:records", args=["orgs.members"]) in body
