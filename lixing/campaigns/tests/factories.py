"""A small campaign over the ``district`` fixture, built through the services."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from lixing.campaigns import services
from lixing.campaigns.models import Assignment, Campaign, Measure, Task, Theme
from lixing.orgs.access import SYSTEM

START = datetime.date(2021, 3, 1)
END = datetime.date(2021, 12, 31)


@dataclass
class Plan:
    campaign: Campaign
    theme: Theme
    measure: Measure
    task_a: Task  # committee A's (lead: committee A), due 2021-05-31
    task_b: Task  # committee B's (lead: district), due 2021-06-30

    def share(self, task: Task, unit: Any) -> Assignment:
        return Assignment.objects.select_related("task__lead_unit", "unit").get(task=task, unit=unit)


def make_plan(district: Any) -> Plan:
    c = services.campaign_create(actor=SYSTEM, org=district.root, title="2021年党史学习教育",
                                 motto="学党史、悟思想、办实事、开新局", starts_on=START, ends_on=END)  # fmt: skip
    theme = services.theme_create(actor=SYSTEM, campaign=c, title="学党史专题活动")
    measure = services.measure_create(actor=SYSTEM, theme=theme, title="开展专题学习")
    task_a = services.task_create(actor=SYSTEM, measure=measure, title="甲党委中心组专题学习",
                                  lead_unit=district.committee_a, responsible_units=[district.branch_a1],
                                  due_on=datetime.date(2021, 5, 31), weight=Decimal("2"))  # fmt: skip
    task_b = services.task_create(actor=SYSTEM, measure=measure, title="乙党委红色教育",
                                  lead_unit=district.root, responsible_units=[district.branch_b1],
                                  due_on=datetime.date(2021, 6, 30))  # fmt: skip
    return Plan(c, theme, measure, task_a, task_b)
