"""List pages cost a fixed number of queries, whatever the size of the plan."""

from __future__ import annotations

import datetime

import pytest

from lixing.campaigns import services
from lixing.campaigns.supervision import escalate
from lixing.orgs.access import SYSTEM

from .factories import make_plan

pytestmark = pytest.mark.django_db
PAGES = [
    "/campaigns/",
    "/campaigns/{c}/",
    "/campaigns/{c}/plan/",
    "/campaigns/{c}/tasks/",
    "/campaigns/{c}/chart/",
    "/campaigns/{c}/weekly/?week=2021W23",
    "/campaigns/{c}/monthly/?month=2021-07",
    "/campaigns/{c}/notices/",
]


def grow(plan, district, n: int) -> None:
    for i in range(n):
        m = services.measure_create(actor=SYSTEM, theme=plan.theme, title=f"举措{i}")
        t = services.task_create(actor=SYSTEM, measure=m, title=f"任务{i}", lead_unit=district.root,
                                 responsible_units=[district.branch_a1, district.branch_b1],
                                 due_on=datetime.date(2021, 6, 1))  # fmt: skip
        a = t.assignments.get(unit=district.branch_a1)
        services.report_create(actor=SYSTEM, assignment=a, percent=50, text="推进", today=datetime.date(2021, 6, 8))
    for day in (2, 6, 20):
        escalate(today=datetime.date(2021, 7, day))


def counts(client, pages: list[str], cid: int, django_assert_max_num_queries) -> dict[str, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    out = {}
    client.get("/campaigns/")  # warm the session
    for p in pages:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(p.format(c=cid)).status_code == 200
        out[p] = len(ctx.captured_queries)
    return out


def test_list_pages_do_not_grow_with_the_plan(district, django_assert_max_num_queries) -> None:
    plan = make_plan(district)
    c = district.client(district.district_admin)
    grow(plan, district, 1)
    small = counts(c, PAGES, plan.campaign.pk, django_assert_max_num_queries)
    grow(plan, district, 6)
    large = counts(c, PAGES, plan.campaign.pk, django_assert_max_num_queries)
    assert large == small
    assert max(small.values()) <= 16, small


def test_the_task_list_is_pinned(district, django_assert_num_queries) -> None:
    plan = make_plan(district)
    grow(plan, district, 3)
    c = district.client(district.secretary)
    c.get(f"/campaigns/{plan.campaign.pk}/tasks/")  # warm the session
    # session, user, roles, campaign, assignments (+ savepoint-free reads only)
    with django_assert_num_queries(5):
        c.get(f"/campaigns/{plan.campaign.pk}/tasks/")
