"""Where a project stands: behind plan and late reports, against hand-computed shares."""

import datetime
from decimal import Decimal as D

from lixing.projects.standing import expected_share, plan_share, standing


def test_the_plan_is_even_over_the_year():
    assert expected_share(2021, datetime.date(2021, 1, 1)) == D(1) / D(365)
    assert expected_share(2021, datetime.date(2021, 7, 2)) == D(183) / D(365)
    assert expected_share(2021, datetime.date(2022, 3, 1)) == 1
    assert expected_share(2022, datetime.date(2021, 3, 1)) == 0
    assert plan_share(D(250), D(1000)) == D("0.25") and plan_share(D(1), D(0)) is None


def _s(invested, **kw):
    base = {"year": 2021, "today": datetime.date(2021, 7, 2), "annual_plan": D(1000), "completed": False,
            "overdue_milestones": 0, "last_reported_on": datetime.date(2021, 6, 28)}  # fmt: skip
    return standing(invested=D(invested), **{**base, **kw})


def test_a_project_more_than_ten_points_short_is_behind_plan():
    # 183/365 = 50.1% due; 40.2% reached is 9.9 points short: on track; 40.0% is behind.
    assert not _s(402).behind
    assert _s(400).behind and _s(400).needs_supervision


def test_an_overdue_milestone_or_a_silent_week_needs_supervision_but_a_completed_project_never():
    assert _s(600, overdue_milestones=1).behind
    late = _s(600, last_reported_on=datetime.date(2021, 6, 20))
    assert late.report_late and not late.behind and late.needs_supervision
    assert not _s(0, completed=True, overdue_milestones=2).needs_supervision
