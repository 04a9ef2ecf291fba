"""Required readings: distribution per unit, coverage = sets delivered ÷ members, may exceed 100%."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from lixing.figures.periods import Period
from lixing.figures.registry import get
from lixing.figures.selectors import figure_values
from lixing.orgs.access import SYSTEM
from lixing.orgs.rollups import rollup_rebuild
from lixing.study import selectors, services


@pytest.fixture
def reading(district):
    return services.reading_create(actor=district.district_admin, owner=district.root, title="《中国共产党简史》")


def test_coverage_may_exceed_one_hundred_percent(district, reading):
    services.distribution_set(actor=district.unit_admin, reading=reading, unit=district.committee_a, ordered=9,
                              delivered=8)  # fmt: skip
    services.distribution_set(actor=SYSTEM, reading=reading, unit=district.committee_b, ordered=4, delivered=4)
    rows = selectors.readings_for(actor=district.district_admin, org=district.root)
    assert [(r.delivered, r.members, r.display) for r in rows] == [(12, 10, "120.0%")]
    v = figure_values(actor=SYSTEM, orgs=[district.root], period=Period.parse("2021"),
                      figures=[get("study.readings.coverage")])[district.root.pk]["study.readings.coverage"]  # fmt: skip
    assert (v.numerator, v.denominator, v.display()) == (12, 10, "120.0%")


def test_correcting_a_distribution_replaces_the_numbers_and_matches_a_rebuild(district, reading):
    services.distribution_set(actor=SYSTEM, reading=reading, unit=district.committee_a, ordered=9, delivered=8)
    services.distribution_set(actor=SYSTEM, reading=reading, unit=district.committee_a, ordered=9, delivered=6)
    before = selectors.readings_for(actor=district.district_admin, org=district.root)[0].delivered
    rollup_rebuild(sources=["orgs", "study"])
    assert selectors.readings_for(actor=district.district_admin, org=district.root)[0].delivered == before == 6


def test_only_those_who_record_a_units_work_record_its_distribution(district, reading):
    with pytest.raises(PermissionDenied):
        services.distribution_set(actor=district.secretary, reading=reading, unit=district.committee_a, ordered=1,
                                  delivered=1)  # fmt: skip
    with pytest.raises(PermissionDenied):
        services.reading_create(actor=district.secretary, owner=district.branch_a1, title="x")


def test_the_readings_pages_show_coverage_and_hide_other_subtrees(district, reading):
    services.distribution_set(actor=SYSTEM, reading=reading, unit=district.committee_a, ordered=9, delivered=8)
    page = district.client(district.unit_admin).get(reverse("study:readings") + f"?org={district.committee_a.pk}")
    assert page.status_code == 200 and "114.3%" in page.text
    detail = district.client(district.unit_admin).get(reverse("study:reading", args=[reading.pk]))
    assert detail.status_code == 200 and "甲党委" in detail.text
    assert district.client(district.other_member).get(
        reverse("study:readings") + f"?org={district.committee_a.pk}").status_code == 404  # fmt: skip


def test_the_readings_page_uses_a_constant_number_of_queries(district, reading, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    c = district.client(district.district_admin)
    url = reverse("study:readings") + f"?org={district.root.pk}"
    c.get(url)
    with CaptureQueriesContext(connection) as ctx:
        c.get(url)
    for i in range(4):
        more = services.reading_create(actor=SYSTEM, owner=district.root, title=f"书目{i}")
        services.distribution_set(actor=SYSTEM, reading=more, unit=district.branch_a1, ordered=3, delivered=3)
    with django_assert_num_queries(len(ctx.captured_queries)):
        assert c.get(url).status_code == 200
    detail = reverse("study:reading", args=[reading.pk]) + f"?org={district.root.pk}"
    c.get(detail)
    with CaptureQueriesContext(connection) as ctx2:
        c.get(detail)
    for unit in (district.committee_a, district.committee_b, district.branch_b1):
        services.distribution_set(actor=SYSTEM, reading=reading, unit=unit, ordered=2, delivered=2)
    with django_assert_num_queries(len(ctx2.captured_queries)):
        assert c.get(detail).status_code == 200
