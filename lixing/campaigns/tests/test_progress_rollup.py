"""Progress rolls up the plan tree, weighted where weights are given; counters equal a rebuild."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from lixing.campaigns import counters as K
from lixing.campaigns import services
from lixing.campaigns.models import Assignment, Campaign, Measure, Task, Theme
from lixing.campaigns.progress import plan_rollup, weighted_average
from lixing.orgs.access import SYSTEM
from lixing.orgs.models import Rollup
from lixing.orgs.rollups import rollup_rebuild

pytestmark = pytest.mark.django_db
D = Decimal


def test_weighted_average_counts_a_missing_weight_as_one() -> None:
    assert weighted_average([(100, None), (0, None)]) == 50
    assert weighted_average([(100, D(3)), (0, None)]) == 75
    assert weighted_average([]) == 0


def test_rollup_matches_a_hand_computation_on_a_weighted_tree(district) -> None:
    """
    Theme T1 (weight 3)                               Theme T2 (no weight)
      M1 (no weight)             M2 (weight 1)          M3
        t1 w2: A1 80, A2 40 → 60   t3: B1 100 → 100      t4: A1 0 → 0
        t2 w1: B1 30 → 30
      M1 = (60·2 + 30·1)/3 = 50    M2 = 100             M3 = 0
      T1 = (50·1 + 100·1)/2 = 75                        T2 = 0
    Campaign = (75·3 + 0·1)/4 = 56.25
    """
    c = services.campaign_create(actor=SYSTEM, org=district.root, title="c", starts_on=datetime.date(2021, 3, 1),
                                 ends_on=datetime.date(2021, 12, 31))  # fmt: skip
    t1 = services.theme_create(actor=SYSTEM, campaign=c, title="T1", weight=D(3))
    t2 = services.theme_create(actor=SYSTEM, campaign=c, title="T2")
    m1 = services.measure_create(actor=SYSTEM, theme=t1, title="M1")
    m2 = services.measure_create(actor=SYSTEM, theme=t1, title="M2", weight=D(1))
    m3 = services.measure_create(actor=SYSTEM, theme=t2, title="M3")
    a1, a2, b1 = district.branch_a1, district.branch_a2, district.branch_b1

    def task(measure: Measure, title: str, units: list, weight: Decimal | None = None) -> Task:
        return services.task_create(actor=SYSTEM, measure=measure, title=title, lead_unit=district.root,
                                    responsible_units=units, weight=weight)  # fmt: skip

    tasks = [task(m1, "t1", [a1, a2], D(2)), task(m1, "t2", [b1], D(1)), task(m2, "t3", [b1]), task(m3, "t4", [a1])]
    for t, unit, percent in [(tasks[0], a1, 80), (tasks[0], a2, 40), (tasks[1], b1, 30), (tasks[2], b1, 100)]:
        share = Assignment.objects.get(task=t, unit=unit)
        services.report_create(actor=SYSTEM, assignment=share, percent=percent, text="进展")
    expected = {"t1": 60, "t2": 30, "t3": 100, "t4": 0, "M1": 50, "M2": 100, "M3": 0, "T1": 75, "T2": 0}
    got = {t.title: t.progress for t in Task.objects.all()}
    got |= {m.title: m.progress for m in Measure.objects.all()}
    got |= {t.title: t.progress for t in Theme.objects.all()}
    assert got == expected
    c.refresh_from_db()
    assert c.progress == 56.25
    # The set-based recompute (used after imports and in the benchmark) agrees.
    Campaign.objects.filter(pk=c.pk).update(progress=0)
    Task.objects.update(progress=0)
    assert plan_rollup(c) == 56.25
    assert Measure.objects.get(title="M1").progress == 50


def test_counters_kept_by_the_services_equal_a_rebuild(district) -> None:
    from lixing.campaigns.supervision import escalate

    from .factories import make_plan

    plan = make_plan(district)
    a = plan.share(plan.task_a, district.branch_a1)
    services.report_create(actor=SYSTEM, assignment=a, percent=100, text="完成", today=datetime.date(2021, 5, 1))
    services.assignment_submit(actor=SYSTEM, assignment=a, today=datetime.date(2021, 5, 2))
    services.assignment_verify(actor=SYSTEM, assignment=a, today=datetime.date(2021, 5, 3))
    for day in (1, 10, 20):
        escalate(today=datetime.date(2021, 7, day))
    services.task_delete(actor=SYSTEM, task=services.task_create(
        actor=SYSTEM, measure=plan.measure, title="临时", lead_unit=district.root,
        responsible_units=[district.branch_a2]))  # fmt: skip
    keys = [K.THEMES, K.MEASURES, K.TASKS, K.ASSIGNMENTS, K.VERIFIED, K.ON_TIME, K.LATE, K.NOTICES, K.ANSWERED]

    def snapshot() -> set[tuple[int, str, str, int, int]]:
        return set(Rollup.objects.filter(key__in=keys).exclude(own=0, total=0)
                   .values_list("org_id", "key", "bucket", "own", "total"))  # fmt: skip

    incremental = snapshot()
    assert (district.root.pk, K.TASKS, "all", 2, 2) in incremental
    assert (district.root.pk, K.LATE, "all", 0, 1) in incremental
    rollup_rebuild()
    assert snapshot() == incremental
