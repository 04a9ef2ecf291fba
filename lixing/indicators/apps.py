from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "lixing.indicators"
    label = "indicators"
    verbose_name = _("Indicators")

    def ready(self) -> None:
        from lixing.common.demo import register_demo
        from lixing.common.nav import register_nav
        from lixing.escalation.registry import register_escalation_source
        from lixing.imports.registry import register_importer
        from lixing.orgs.rollups import register_rollup_source

        from .counters import rollup_rows
        from .demo import build_demo_indicators
        from .escalation import SOURCE_DEF
        from .figures import register_indicator_figures
        from .importer import MonthColumnsImporter, UnitRowsImporter

        register_rollup_source("indicators", rollup_rows)
        register_indicator_figures()
        register_importer(UnitRowsImporter())
        register_importer(MonthColumnsImporter())
        register_escalation_source(SOURCE_DEF)
        register_nav("indicators", _("Indicators"), "indicators:index", order=70)
        register_demo("indicators", build_demo_indicators, order=75)
