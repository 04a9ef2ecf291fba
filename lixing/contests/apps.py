from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContestsConfig(AppConfig):
    name = "lixing.contests"
    label = "contests"
    verbose_name = _("Contests")

    def ready(self) -> None:
        from lixing.common.demo import register_demo
        from lixing.common.nav import register_nav
        from lixing.orgs.rollups import register_rollup_source

        from .counters import contests_rollup_rows
        from .demo import build_demo_contests
        from .figures import register_contest_figures

        register_rollup_source("contests", contests_rollup_rows)
        register_contest_figures()
        register_nav("contests", _("Contests"), "contests:index", order=66)
        register_demo("contests", build_demo_contests, order=76)
