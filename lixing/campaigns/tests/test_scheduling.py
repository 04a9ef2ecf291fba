"""Backward scheduling: proposals from the end date, fixed dates kept, impossible dates flagged."""

from __future__ import annotations

import datetime

import pytest

from lixing.campaigns import services
from lixing.campaigns.models import Task
from lixing.campaigns.scheduling import schedule_propose
from lixing.orgs.access import SYSTEM

from .factories import END, make_plan

pytestmark = pytest.mark.django_db


def test_unfixed_dates_are_proposed_backwards_from_the_end(district) -> None:
    plan = make_plan(district)
    free = services.task_create(actor=SYSTEM, measure=plan.measure, title="未定时限任务", lead_unit=district.root,
                                responsible_units=[district.branch_a2])  # fmt: skip
    proposals = {(p.level, p.node_id): p for p in schedule_propose(plan.campaign).proposals}
    # theme: end − 0; measure: 7 days before the theme; task: 7 days before the measure.
    assert proposals[("theme", plan.theme.pk)].proposed == END
    assert proposals[("measure", plan.measure.pk)].proposed == END - datetime.timedelta(days=7)
    assert proposals[("task", free.pk)].proposed == END - datetime.timedelta(days=14)
    assert proposals[("task", plan.task_a.pk)].proposed == datetime.date(2021, 5, 31)  # fixed: kept


def test_a_child_due_after_its_parent_is_flagged(district) -> None:
    plan = make_plan(district)
    services.campaign_update(actor=SYSTEM, campaign=plan.campaign, measure_lead_days=7)
    measure = services.measure_create(actor=SYSTEM, theme=plan.theme, title="早结束的举措",
                                      due_on=datetime.date(2021, 4, 30))  # fmt: skip
    late_child = services.task_create(actor=SYSTEM, measure=measure, title="晚于举措的任务", lead_unit=district.root,
                                      responsible_units=[district.branch_a1], due_on=datetime.date(2021, 5, 20))  # fmt: skip
    flagged = {p.node_id: p.flags for p in schedule_propose(plan.campaign).flagged if p.level == "task"}
    assert late_child.pk in flagged
    assert "2021-04-30" in flagged[late_child.pk][0]


def test_a_date_after_the_campaign_end_is_flagged(district) -> None:
    plan = make_plan(district)
    Task.objects.filter(pk=plan.task_b.pk).update(due_on=datetime.date(2022, 1, 10))  # an old plan, then end moved
    flagged = [p for p in schedule_propose(plan.campaign).flagged if p.node_id == plan.task_b.pk]
    assert flagged and "2021-12-31" in flagged[0].flags[0]


def test_too_little_time_is_flagged(district) -> None:
    plan = make_plan(district)
    services.campaign_update(actor=SYSTEM, campaign=plan.campaign, task_lead_days=300)
    free = services.task_create(actor=SYSTEM, measure=plan.measure, title="来不及", lead_unit=district.root,
                                responsible_units=[district.branch_a2])  # fmt: skip
    p = next(p for p in schedule_propose(plan.campaign).proposals if p.node_id == free.pk and p.level == "task")
    assert p.proposed == plan.campaign.starts_on and p.flags


def test_the_office_applies_the_proposals_on_the_schedule_page(district) -> None:
    plan = make_plan(district)
    free = services.task_create(actor=SYSTEM, measure=plan.measure, title="未定时限任务", lead_unit=district.root,
                                responsible_units=[district.branch_a2])  # fmt: skip
    c = district.client(district.district_admin)
    page = c.get(f"/campaigns/{plan.campaign.pk}/schedule/").content.decode()
    assert "未定时限任务" in page
    c.post(f"/campaigns/{plan.campaign.pk}/schedule/")
    free.refresh_from_db()
    plan.task_a.refresh_from_db()
    assert free.due_on == END - datetime.timedelta(days=14) and not free.due_fixed
    assert plan.task_a.due_on == datetime.date(2021, 5, 31)
    assert district.client(district.unit_admin).post(f"/campaigns/{plan.campaign.pk}/schedule/").status_code == 403
