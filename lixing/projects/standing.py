"""Where a key project stands against its plan — pure functions, no database.

* The year's plan is taken as even over time: by day *d* a project should have invested
  (days elapsed ÷ days in the year) of its annual plan. It is **behind plan** when it is
  more than ``TOLERANCE`` (10 points) short of that share, or when a milestone is past due
  and not done. A completed project is never behind.
* Its **report is late** when it is not completed and has not reported for more than
  ``REPORT_DAYS`` days (一周一报: once a week, a day of grace).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

TOLERANCE = Decimal("0.10")
REPORT_DAYS = 8


def expected_share(year: int, today: datetime.date) -> Decimal:
    """The share of the year's plan due by ``today`` (0 before the year, 1 after it)."""
    if today.year < year:
        return Decimal(0)
    if today.year > year:
        return Decimal(1)
    start = datetime.date(year, 1, 1)
    days = (datetime.date(year + 1, 1, 1) - start).days
    return Decimal((today - start).days + 1) / Decimal(days)


def plan_share(invested: Decimal, annual_plan: Decimal) -> Decimal | None:
    """Investment completed ÷ the annual plan; None without a plan."""
    if annual_plan <= 0:
        return None
    return invested / annual_plan


@dataclass(frozen=True)
class Standing:
    expected: Decimal
    actual: Decimal | None
    overdue_milestones: int
    behind: bool
    report_late: bool
    reasons: tuple[str, ...]

    @property
    def needs_supervision(self) -> bool:
        return self.behind or self.report_late


def standing(
    *, year: int, today: datetime.date, annual_plan: Decimal, invested: Decimal, completed: bool,
    overdue_milestones: int, last_reported_on: datetime.date | None,
) -> Standing:  # fmt: skip
    expected = expected_share(year, today)
    actual = plan_share(invested, annual_plan)
    reasons: list[str] = []
    behind = False
    if not completed:
        if actual is not None and actual < expected - TOLERANCE:
            behind = True
            reasons.append(_("investment at %(actual)s of the annual plan, %(expected)s due by now") % {
                "actual": f"{actual * 100:.1f}%", "expected": f"{expected * 100:.1f}%"})  # fmt: skip
        if overdue_milestones:
            behind = True
            reasons.append(_("%(n)s milestones past due") % {"n": overdue_milestones})
    report_late = not completed and (last_reported_on is None or (today - last_reported_on).days > REPORT_DAYS)
    if report_late:
        reasons.append(_("no weekly report for over a week"))
    return Standing(expected, actual, overdue_milestones, behind, report_late, tuple(reasons))
