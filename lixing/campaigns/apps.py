from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "lixing.campaigns"
    label = "campaigns"
    verbose_name = _("Campaigns")

    def ready(self) -> None:
        from lixing.common.demo import register_demo
        from lixing.common.nav import register_nav
        from lixing.common.uploads import register_upload_owner, visible_through
        from lixing.escalation.registry import register_escalation_source
        from lixing.imports.registry import register_importer
        from lixing.orgs.rollups import register_rollup_source

        from .access import access_assignment
        from .counters import campaign_rollup_rows
        from .demo import build_demo_campaign
        from .figures import register_campaign_figures
        from .importer import PlanImporter
        from .models import Attachment
        from .supervision import CAMPAIGN_SOURCE

        register_rollup_source("campaigns", campaign_rollup_rows)
        register_campaign_figures()
        register_importer(PlanImporter())
        register_escalation_source(CAMPAIGN_SOURCE)
        register_nav("campaigns", _("Campaigns"), "campaigns:index", order=20)
        register_demo("campaigns", build_demo_campaign, order=30)
        # A progress report's attachments are served to those who may see its assignment.
        register_upload_owner("campaigns/", visible_through(
            lambda actor, f: access_assignment(actor, f.report.assignment_id), Attachment))
