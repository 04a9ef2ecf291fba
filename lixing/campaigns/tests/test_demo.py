"""The demo district gets a realistic 5 · 24 · 62 campaign at mixed stages."""

from __future__ import annotations

import datetime
import random

import pytest

from lixing.campaigns.demo import build_demo_campaign
from lixing.campaigns.models import Assignment, Measure, ProgressReport, Status, Task, Theme
from lixing.common.demo import DemoContext
from lixing.escalation.models import Escalation as Supervision
from lixing.escalation.models import Step

pytestmark = pytest.mark.django_db


def test_the_demo_campaign_has_the_reported_plan_at_mixed_stages(district) -> None:
    ctx = DemoContext(preset="district", rng=random.Random(7), root_id=district.root.pk,
                      today=datetime.date(2021, 7, 15))  # fmt: skip
    build_demo_campaign(ctx)
    assert (Theme.objects.count(), Measure.objects.count(), Task.objects.count()) == (5, 24, 62)
    statuses = set(Assignment.objects.values_list("status", flat=True))
    assert {Status.VERIFIED, Status.IN_PROGRESS, Status.NOT_STARTED} <= statuses
    assert Assignment.objects.filter(is_late=True).exists()
    assert Supervision.objects.filter(step=Step.NOTICE).exists()
    assert Supervision.objects.filter(step=Step.NOTICE, replied_on__isnull=False).exists()
    assert ProgressReport.objects.filter(kind="returned").count() == 1
    assert not Task.objects.filter(due_on__isnull=True).exists()
