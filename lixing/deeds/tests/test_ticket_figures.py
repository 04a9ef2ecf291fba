import datetime
import re

from django.urls import reverse

from lixing.deeds.selectors import median_from_histogram, ticket_figures
from lixing.figures.periods import Period
from lixing.figures.registry import get
from lixing.figures.selectors import figure_values

from .helpers import assert_counters_equal_rebuild, category, public_ticket, solved_ticket


def test_rates_below_the_minimum_sample_show_a_dash_with_the_count(district, settings):
    settings.LIXING_MIN_RATE_SAMPLE = 5
    for _ in range(3):
        solved_ticket(district.root, district.branch_a1)
    admin = district.client(district.district_admin)
    html = admin.get(reverse("deeds:ticket_figures") + "?period=2021").content.decode()
    assert '<span class="value">—</span><span class="label">解决率' in html or "—" in html
    value = figure_values(actor=district.district_admin, orgs=[district.root], period=Period.parse("2021"),
                          figures=[get("deeds.tickets.resolution_rate")])[district.root.pk]["deeds.tickets.resolution_rate"]  # fmt: skip
    assert value.display() == "—" and value.denominator == 3 and value.numerator == 3
    assert "3 / 3" in html or "3 of 3" in html or "3 件中 3" in html or "(3/3)" in html
    for _ in range(2):
        public_ticket(district.root, received_on=datetime.date(2021, 4, 2))
    value = figure_values(actor=district.district_admin, orgs=[district.root], period=Period.parse("2021"),
                          figures=[get("deeds.tickets.resolution_rate")])[district.root.pk]["deeds.tickets.resolution_rate"]  # fmt: skip
    assert value.display() == "60.0%"


def test_median_days_to_resolve_comes_from_the_histogram(district):
    for days in (1, 2, 10, 40, 100):
        solved_ticket(district.root, district.branch_a1, days=days)
    f = ticket_figures(org=district.root, period=Period.parse("all"))
    assert f.median_days == 10 and f.solved == 5
    assert median_from_histogram({}) is None
    assert median_from_histogram({45: 3, 1: 1}) == 45


def test_figures_break_down_by_unit_category_and_source_and_drill_to_the_tickets(district):
    cat_e = category("enterprise")
    solved_ticket(district.root, district.branch_a1)
    solved_ticket(district.root, district.branch_b1, category=cat_e, submitter_type="enterprise")
    public_ticket(district.root, received_on=datetime.date(2021, 4, 3), title="未分派的")
    admin = district.client(district.district_admin)
    resp = admin.get(f"/api/v1/deeds/tickets/figures?org_id={district.root.pk}&period=2021").json()
    assert resp["total"]["collected"] == 3 and resp["total"]["solved"] == 2
    by_unit = {u["name"]: u["figures"]["collected"] for u in resp["by_unit"]}
    assert by_unit == {"甲党委": 1, "乙党委": 1}
    by_group = {r["filter"]: r["figures"]["collected"] for r in resp["by_group"]}
    assert by_group["group=enterprise"] == 1 and by_group["group=public"] == 2
    html = admin.get(reverse("deeds:tickets") + "?period=2021&group=enterprise").content.decode()
    assert len(re.findall(r'href="/deeds/tickets/\d+/"', html)) == 1
    unit_view = (
        district.client(district.unit_admin)
        .get(f"/api/v1/deeds/tickets/figures?org_id={district.committee_a.pk}&period=2021")
        .json()
    )
    assert unit_view["total"]["collected"] == 1
    assert (
        district.client(district.unit_admin).get(f"/api/v1/deeds/tickets/figures?org_id={district.root.pk}").status_code
        == 404
    )
    assert_counters_equal_rebuild([district.root.pk, district.committee_a.pk, district.committee_b.pk])


def test_ticket_list_and_figure_pages_use_a_fixed_number_of_queries(district, django_assert_max_num_queries):
    admin = district.client(district.district_admin)
    for i in range(3):
        solved_ticket(district.root, district.branch_a1, title=f"问题{i}")
    admin.get(reverse("deeds:tickets"))  # warm the session
    with django_assert_max_num_queries(12) as few:
        admin.get(reverse("deeds:tickets"))
    for i in range(10):
        solved_ticket(district.root, district.branch_b1, title=f"更多{i}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        admin.get(reverse("deeds:tickets"))
    with django_assert_max_num_queries(14) as fig:
        admin.get(reverse("deeds:ticket_figures"))
    for i in range(5):
        public_ticket(district.root, title=f"新{i}")
    with django_assert_max_num_queries(len(fig.captured_queries)):
        admin.get(reverse("deeds:ticket_figures"))
