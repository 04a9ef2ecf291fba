"""Dashboard, wall and briefing pages cost a fixed number of queries, whatever the subtree's size."""

from __future__ import annotations

from django.urls import reverse

from lixing.figures import registry as _registry
from lixing.orgs.access import SYSTEM
from lixing.orgs.models import OrgKind
from lixing.orgs.services import org_create

from .conftest import bump

# Every figure registered at start-up (the lines of work's), captured before any test swaps them.
_ALL_FIGURES = dict(_registry._REGISTRY)

# Each includes one read of the figures' version row (data-defined figures, e.g. study kinds,
# follow other processes' changes); the dashboard and briefing one read of 本级 (own) counts.
DASHBOARD_QUERIES = 10
WALL_QUERIES = 7
BRIEFING_QUERIES = 22  # + the bulletins counter bump (ancestor ids, upsert) when the issue is filed


def _grow(district):
    """Three more committees, each with four branches and members: a deeper, wider tree."""
    from conftest import make_member

    for i in range(3):
        c = org_create(actor=SYSTEM, parent=district.root, name=f"丙{i}党委", kind=OrgKind.COMMITTEE)
        for j in range(4):
            b = org_create(actor=SYSTEM, parent=c, name=f"丙{i}{j}支部", kind=OrgKind.BRANCH)
            make_member(b)
            bump(b, "test.visits", 3)
            bump(b, "test.problems", 5)
            bump(b, "test.solved", 2)


def _warm(client):
    """Warm the session cache, and let this process load data-defined figures (study kinds)
    if an earlier test changed them: a reload happens once per change, not per page."""
    client.get(reverse("reports:templates"))
    client.get(reverse("reports:index"))


def _count(django_assert_num_queries, client, url, params, n):
    _warm(client)  # count only the page itself
    with django_assert_num_queries(n):
        assert client.get(url, params).status_code == 200


def test_dashboard_queries_do_not_grow_with_the_tree(figures_data, django_assert_num_queries):
    d = figures_data
    c = d.client(d.district_admin)
    params = {"org": d.root.pk, "period": "2026-11"}
    _count(django_assert_num_queries, c, reverse("reports:index"), params, DASHBOARD_QUERIES)
    _grow(d)
    _count(django_assert_num_queries, c, reverse("reports:index"), params, DASHBOARD_QUERIES)


def test_wall_screen_queries_do_not_grow_with_the_tree(figures_data, django_assert_num_queries):
    d = figures_data
    c = d.client(d.district_admin)
    params = {"org": d.root.pk, "period": "2026-11"}
    _count(django_assert_num_queries, c, reverse("reports:wall"), params, WALL_QUERIES)
    _grow(d)
    _count(django_assert_num_queries, c, reverse("reports:wall"), params, WALL_QUERIES)


def test_briefing_generation_queries_do_not_grow_with_the_tree(figures_data, django_assert_num_queries):
    d = figures_data
    c = d.client(d.district_admin)
    url = f"{reverse('reports:briefings')}?org={d.root.pk}"
    _warm(c)
    with django_assert_num_queries(BRIEFING_QUERIES):
        assert c.post(url, {"period": "2026-11"}).status_code == 302
    _grow(d)
    _warm(c)
    with django_assert_num_queries(BRIEFING_QUERIES):
        assert c.post(url, {"period": "2026-11"}).status_code == 302


def test_with_every_registered_figure_the_dashboard_and_briefing_cost_the_same_on_a_bigger_tree(
    figures_data,
):
    """Every line of work's figures, registered today or tomorrow: the count is not pinned to a
    number (it grows with the number of figures), but it must not grow with the tree."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from lixing.figures import registry

    from .conftest import FAKE

    saved = dict(registry._REGISTRY)
    try:
        registry._REGISTRY.clear()
        registry._REGISTRY.update(_ALL_FIGURES)
        for f in FAKE:
            registry.register(f)
        d = figures_data
        c = d.client(d.district_admin)
        params = {"org": d.root.pk, "period": "2026-11"}

        def cost():
            c.get(reverse("reports:templates"))
            with CaptureQueriesContext(connection) as page:
                assert c.get(reverse("reports:index"), params).status_code == 200
            with CaptureQueriesContext(connection) as wall:
                assert c.get(reverse("reports:wall"), params).status_code == 200
            return len(page), len(wall)

        small = cost()
        _grow(d)
        assert cost() == small
    finally:
        registry._REGISTRY.clear()
        registry._REGISTRY.update(saved)


def test_a_compute_figures_table_by_unit_loads_on_demand(figures_data):
    d = figures_data
    c = d.client(d.district_admin)
    page = c.get(reverse("reports:index"), {"org": d.root.pk, "period": "2026-11"})
    assert page.context["board"].figure("test.avg_days").lazy_breakdown
    assert (
        f"{reverse('reports:breakdown')}?org={d.root.pk}&period=2026-11&figure=test.avg_days" in page.content.decode()
    )
    r = c.get(reverse("reports:breakdown"), {"org": d.root.pk, "period": "2026-11", "figure": "test.avg_days"})
    assert [ch.value.value for ch in r.context["v"].children] == [7 / 4, 3 / 4]


def test_the_archive_page_costs_the_same_with_more_briefings(figures_data):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from lixing.figures.periods import Period
    from lixing.orgs.access import SYSTEM
    from lixing.reports.services import briefing_issue

    d = figures_data
    c = d.client(d.district_admin)

    def cost():
        c.get(reverse("reports:templates"))
        with CaptureQueriesContext(connection) as ctx:
            assert c.get(reverse("reports:briefings"), {"org": d.root.pk}).status_code == 200
        return len(ctx)

    briefing_issue(actor=SYSTEM, org=d.committee_a, period=Period.parse("2026-11"))
    one = cost()
    for org in (d.root, d.committee_b, d.branch_a1):
        briefing_issue(actor=SYSTEM, org=org, period=Period.parse("2026-11"))
    assert cost() == one
