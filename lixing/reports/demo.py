"""The reports part of the demo: the office's briefing template and its weekly subscription."""

from __future__ import annotations

from lixing.common.demo import DemoContext
from lixing.orgs.access import SYSTEM
from lixing.orgs.models import Organization

from .services import subscription_set, template_save


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
    ctx.say("reports: briefing template and weekly subscription for the root")
