from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgsConfig(AppConfig):
    name = "lixing.orgs"
    label = "orgs"
    verbose_name = _("Organisations")

    def ready(self) -> None:
        from .rollups import register_rollup_source
        from .sources import org_rollup_rows

        register_rollup_source("orgs", org_rollup_rows)

        from lixing.imports.registry import register_importer

        from .roster import MemberImporter

        register_importer(MemberImporter())
