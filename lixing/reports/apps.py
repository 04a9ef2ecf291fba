from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "lixing.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from lixing.common.demo import register_demo
        from lixing.common.nav import register_nav
        from lixing.common.uploads import owned_by_visible, register_upload_owner
        from lixing.orgs.rollups import register_rollup_source

        from . import selectors
        from .demo import build_demo_reports
        from .figures import register_reports_figures, reports_rollup_rows

        register_rollup_source("reports", reports_rollup_rows)
        register_reports_figures()

        register_nav("reports", _("Dashboard"), "reports:index", order=80)
        register_nav("briefings", _("Briefings"), "reports:briefings", order=85)
        register_demo("reports", build_demo_reports, order=90)
        # A briefing's file is served to those who may see the briefing.
        register_upload_owner("briefings/", owned_by_visible(lambda actor: selectors.briefing_list(actor=actor)))
