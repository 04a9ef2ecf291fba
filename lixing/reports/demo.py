"""The reports part of the demo: the office's briefing template, its weekly subscription, and
the last three months' issues in the archive (so "bulletins issued" counts real issues)."""

from __future__ import annotations

import datetime

from lixing.common.demo import DemoContext
from lixing.figures.periods import Period
from lixing.orgs.access import SYSTEM
from lixing.orgs.models import Organization

from .services import briefing_issue, subscription_set, template_save


def build_demo_reports(ctx: DemoContext) -> None:
    root = Organization.objects.get(pk=ctx.root_id)
    template = template_save(
        actor=SYSTEM,
        org=root,
        name="党建工作简报",
        title_pattern="{org}党建工作简报",
        issuer=f"{root.display_name}办公室",
        intro="",
        sentences={},
    )
    subscription_set(actor=SYSTEM, org=root, active=True, template=template)
    today = ctx.today if isinstance(ctx.today, datetime.date) else datetime.date.today()
    first = today.replace(day=1)
    months = []
    for _n in range(3):
        first = (first - datetime.timedelta(days=1)).replace(day=1)
        months.append(first)
    for month in reversed(months):
        period = Period.parse(f"{month.year}-{month.month:02d}")
        briefing_issue(actor=SYSTEM, org=root, period=period, template=template, as_of=period.end)
    ctx.say("reports: briefing template, weekly subscription and three monthly issues for the root")
