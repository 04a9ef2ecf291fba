"""挂图作战: tasks as bars against dates, coloured by status, late marked, filtered, printable on A3."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.staticfiles import finders

from lixing.campaigns import services
from lixing.orgs.access import SYSTEM

from .factories import make_plan

pytestmark = pytest.mark.django_db


def test_the_wall_chart_shows_bars_coloured_by_status_with_late_marked(district) -> None:
    plan = make_plan(district)
    b = plan.share(plan.task_b, district.branch_b1)
    services.report_create(actor=SYSTEM, assignment=b, percent=100, text="完成", today=datetime.date(2021, 6, 1))
    services.assignment_submit(actor=SYSTEM, assignment=b, today=datetime.date(2021, 6, 1))
    services.assignment_verify(actor=SYSTEM, assignment=b, today=datetime.date(2021, 6, 2))
    body = district.client(district.district_admin).get(f"/campaigns/{plan.campaign.pk}/chart/").content.decode()
    assert body.count('class="wc-bar') == 2
    assert "wc-bar status-verified" in body and "wc-bar status-not_started" in body
    assert body.count("wc-row wc-late") == 1  # task A (due 2021-05-31) is open: late


def test_filters_by_theme_and_unit(district) -> None:
    plan = make_plan(district)
    theme2 = services.theme_create(actor=SYSTEM, campaign=plan.campaign, title="第二专题")
    m2 = services.measure_create(actor=SYSTEM, theme=theme2, title="第二举措")
    services.task_create(actor=SYSTEM, measure=m2, title="第二专题的任务", lead_unit=district.root,
                         responsible_units=[district.branch_a2], due_on=datetime.date(2021, 8, 1))  # fmt: skip
    c = district.client(district.district_admin)
    url = f"/campaigns/{plan.campaign.pk}/chart/"
    assert c.get(url, {"theme": theme2.pk}).content.decode().count('class="wc-bar') == 1
    by_unit = c.get(url, {"unit": district.branch_b1.pk}).content.decode()
    assert by_unit.count('class="wc-bar') == 1 and "乙党委红色教育" in by_unit


def test_a_unit_sees_only_its_own_bars(district) -> None:
    plan = make_plan(district)
    body = district.client(district.other_member).get(f"/campaigns/{plan.campaign.pk}/chart/").content.decode()
    assert "乙党委红色教育" in body and "甲党委中心组专题学习" not in body


def test_the_chart_prints_on_a3_landscape() -> None:
    path = finders.find("campaigns/campaigns.css")
    assert isinstance(path, str)
    with open(path, encoding="utf-8") as fh:
        css = fh.read()
    assert "size: A3 landscape" in css
