"""The office builds the plan on screen: themes, measures, tasks with lead and responsible units."""

from __future__ import annotations

import pytest

from lixing.campaigns.models import Assignment, Measure, Task, Theme

from .factories import make_plan

pytestmark = pytest.mark.django_db


def test_the_office_adds_a_theme_a_measure_and_a_task(district) -> None:
    plan = make_plan(district)
    c = district.client(district.district_admin)
    cid = plan.campaign.pk
    c.post(f"/campaigns/{cid}/plan/theme/", {"title": "红色教育专题活动", "weight": "3"})
    theme = Theme.objects.get(title="红色教育专题活动")
    c.post(f"/campaigns/{cid}/plan/measure/", {"parent": theme.pk, "title": "专题宣讲"})
    measure = Measure.objects.get(title="专题宣讲")
    response = c.post(f"/campaigns/{cid}/measures/{measure.pk}/tasks/new/", {
        "title": "组建党史宣讲团", "lead_unit": district.root.pk,
        "responsible_units": [district.committee_a.pk, district.branch_b1.pk], "due_on": "2021-06-30", "weight": "",
        "done_definition": "宣讲团成立并开展宣讲",
    })  # fmt: skip
    assert response.status_code == 302
    task = Task.objects.get(title="组建党史宣讲团")
    assert task.due_fixed and task.weight is None
    assert set(Assignment.objects.filter(task=task).values_list("unit_id", flat=True)) == {
        district.committee_a.pk, district.branch_b1.pk}  # fmt: skip
    page = c.get(f"/campaigns/{cid}/plan/").content.decode()
    assert "组建党史宣讲团" in page and "红色教育专题活动" in page


def test_a_task_due_after_the_campaign_ends_is_refused(district) -> None:
    plan = make_plan(district)
    c = district.client(district.district_admin)
    response = c.post(f"/campaigns/{plan.campaign.pk}/measures/{plan.measure.pk}/tasks/new/", {
        "title": "拖到明年", "lead_unit": district.root.pk, "responsible_units": [district.branch_a1.pk],
        "due_on": "2022-01-15",
    })  # fmt: skip
    assert response.status_code == 200
    assert not Task.objects.filter(title="拖到明年").exists()


def test_editing_a_task_changes_its_units(district) -> None:
    plan = make_plan(district)
    c = district.client(district.district_admin)
    c.post(f"/campaigns/{plan.campaign.pk}/tasks/{plan.task_a.pk}/edit/", {
        "title": "甲党委中心组专题学习", "lead_unit": district.committee_a.pk,
        "responsible_units": [district.branch_a2.pk], "due_on": "",
    })  # fmt: skip
    plan.task_a.refresh_from_db()
    assert not plan.task_a.due_fixed
    assert list(Assignment.objects.filter(task=plan.task_a).values_list("unit_id", flat=True)) == [
        district.branch_a2.pk]  # fmt: skip


def test_a_unit_admin_cannot_build_the_district_plan(district) -> None:
    plan = make_plan(district)
    c = district.client(district.unit_admin)
    assert c.post(f"/campaigns/{plan.campaign.pk}/plan/theme/", {"title": "x"}).status_code == 403
    assert c.get(f"/campaigns/{plan.campaign.pk}/plan/").status_code == 403
    assert Theme.objects.count() == 1


def test_the_office_edits_a_measure_and_its_weight_reweighs_the_theme(district) -> None:
    from decimal import Decimal

    from lixing.campaigns import services
    from lixing.orgs.access import SYSTEM

    plan = make_plan(district)
    other = services.measure_create(actor=SYSTEM, theme=plan.theme, title="第二举措")
    a = plan.share(plan.task_a, district.branch_a1)
    services.report_create(actor=SYSTEM, assignment=a, percent=90, text="推进")  # task_a 90, task_b 0 → M1 60
    plan.theme.refresh_from_db()
    assert plan.theme.progress == 30  # (60 + 0) / 2
    c = district.client(district.district_admin)
    response = c.post(f"/campaigns/{plan.campaign.pk}/plan/measure/{plan.measure.pk}/",
                      {"title": "开展专题学习（调整）", "due_on": "2021-09-30", "weight": "3"})  # fmt: skip
    assert response.status_code == 302
    plan.measure.refresh_from_db()
    plan.theme.refresh_from_db()
    assert (plan.measure.title, plan.measure.due_fixed, plan.measure.weight) == (
        "开展专题学习（调整）",
        True,
        Decimal(3),
    )
    assert plan.theme.progress == 45  # (60·3 + 0·1) / 4
    assert other.pk
    assert district.client(district.unit_admin).post(
        f"/campaigns/{plan.campaign.pk}/plan/theme/{plan.theme.pk}/", {"title": "x"}).status_code == 403  # fmt: skip
