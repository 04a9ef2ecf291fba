"""Roll-up counter keys this app keeps, and the rebuild source that recomputes them.

Plan counts sit at the campaign's organisation; assignment counts at the unit; notices at
the unit on the day issued/answered. "late" is a stock kept by the services and the daily
escalation run (lateness changes with the calendar, not only with a write).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from django.db.models import Count

from lixing.escalation.models import Escalation, Step

from .models import ESCALATION_SOURCE as SOURCE
from .models import Assignment, Measure, Status, Task, Theme

THEMES = "campaigns.themes"
MEASURES = "campaigns.measures"
TASKS = "campaigns.tasks"
ASSIGNMENTS = "campaigns.assignments"
VERIFIED = "campaigns.assignments.verified"
ON_TIME = "campaigns.assignments.on_time"
LATE = "campaigns.assignments.late"
NOTICES = "campaigns.notices"
ANSWERED = "campaigns.notices.answered"

STOCKS = (THEMES, MEASURES, TASKS, ASSIGNMENTS, VERIFIED, ON_TIME, LATE)


def campaign_rollup_rows() -> Iterator[tuple[int, str, datetime.date | None, int]]:
    for model, key in ((Theme, THEMES), (Measure, MEASURES), (Task, TASKS)):
        rows = model.objects.values_list("campaign__org_id").annotate(n=Count("id"))  # type: ignore[attr-defined]
        for org_id, n in rows:
            yield org_id, key, None, n
    for key, qs in (
        (ASSIGNMENTS, Assignment.objects.all()),
        (VERIFIED, Assignment.objects.filter(status=Status.VERIFIED)),
        (ON_TIME, Assignment.objects.filter(status=Status.VERIFIED, on_time=True)),
        (LATE, Assignment.objects.filter(is_late=True)),
    ):
        for unit_id, n in qs.values_list("unit_id").annotate(n=Count("id")).values_list("unit_id", "n"):
            yield unit_id, key, None, n
    notices = Escalation.objects.filter(source=SOURCE, step=Step.NOTICE)
    for unit_id, day, n in notices.values_list("owner_id", "issued_on").annotate(n=Count("id")).order_by():
        yield unit_id, NOTICES, day, n
    answered = notices.filter(replied_on__isnull=False)
    for unit_id, day, n in answered.values_list("owner_id", "replied_on").annotate(n=Count("id")).order_by():
        yield unit_id, ANSWERED, day, n
