"""The campaign's figures: counts, rates, late work and notices; drillable and scoped."""

from __future__ import annotations

import datetime

import pytest

from lixing.campaigns import services
from lixing.campaigns.supervision import escalate
from lixing.figures.periods import Period
from lixing.figures.registry import get
from lixing.figures.selectors import figure_records, figure_values
from lixing.orgs.access import SYSTEM

from .factories import make_plan

pytestmark = pytest.mark.django_db
KEYS = ["campaigns.themes", "campaigns.measures", "campaigns.tasks", "campaigns.completion", "campaigns.on_time",
        "campaigns.late", "campaigns.notices", "campaigns.notices_answered"]  # fmt: skip


def values(actor, org, period: str = "all") -> dict[str, object]:
    figures = [get(k) for k in KEYS]
    got = figure_values(actor=actor, orgs=[org], period=Period.parse(period), figures=figures)[org.pk]
    return {k: (v.value if not v.is_rate else (v.numerator, v.denominator)) for k, v in got.items()}


def test_plan_counts_rates_late_and_notices(district, settings) -> None:
    settings.LIXING_MIN_RATE_SAMPLE = 1
    plan = make_plan(district)
    a = plan.share(plan.task_a, district.branch_a1)
    services.report_create(actor=SYSTEM, assignment=a, percent=100, text="完成", today=datetime.date(2021, 5, 1))
    services.assignment_submit(actor=SYSTEM, assignment=a, today=datetime.date(2021, 5, 2))
    services.assignment_verify(actor=SYSTEM, assignment=a, today=datetime.date(2021, 5, 3))
    for day in (1, 4):
        escalate(today=datetime.date(2021, 7, day))
    got = values(district.district_admin, district.root)
    assert got == {"campaigns.themes": 1, "campaigns.measures": 1, "campaigns.tasks": 2,
                   "campaigns.completion": (1, 2), "campaigns.on_time": (1, 1), "campaigns.late": 1,
                   "campaigns.notices": 1, "campaigns.notices_answered": 0}  # fmt: skip
    assert values(district.district_admin, district.root, "2021-07")["campaigns.notices"] == 1
    assert values(district.district_admin, district.root, "2021-06")["campaigns.notices"] == 0
    # Late by unit: committee B's subtree has it, committee A's does not.
    assert values(district.district_admin, district.committee_b)["campaigns.late"] == 1
    assert values(district.district_admin, district.committee_a)["campaigns.late"] == 0


def test_drill_down_is_scoped_to_the_viewer(district) -> None:
    plan = make_plan(district)
    escalate(today=datetime.date(2021, 7, 1))
    period = Period.parse("all")
    late = figure_records(actor=district.district_admin, org=district.root, period=period, key="campaigns.late")
    assert [a.task.title for a in late] == ["甲党委中心组专题学习", "乙党委红色教育"]
    # A unit admin asking at the root (outside their scope) gets only their subtree's records.
    mine = figure_records(actor=district.unit_admin, org=district.root, period=period, key="campaigns.late")
    assert [a.unit_id for a in mine] == [district.branch_a1.pk]
    page = district.client(district.district_admin).get(f"/figures/campaigns.tasks/records/?org={district.root.pk}")
    assert page.status_code == 200 and "乙党委红色教育" in page.content.decode()
    assert plan.campaign.pk
