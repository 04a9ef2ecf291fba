from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicityConfig(AppConfig):
    name = "lixing.publicity"
    label = "publicity"
    verbose_name = _("Publicity and honours")

    def ready(self) -> None:
        from lixing.common.demo import register_demo
        from lixing.common.nav import register_nav
        from lixing.common.panels import register_panel
        from lixing.common.uploads import register_upload_owner, visible_through
        from lixing.imports.registry import register_importer
        from lixing.orgs.rollups import register_rollup_source

        from . import selectors
        from .counters import publicity_rollup_rows
        from .demo import build_demo_publicity
        from .figures import register_publicity_figures
        from .importer import ArticleImporter
        from .models import Article, ExamplePhoto
        from .views import member_honours_panel, org_honours_panel

        register_rollup_source("publicity", publicity_rollup_rows)
        register_publicity_figures()
        register_importer(ArticleImporter())
        register_panel("org", "publicity.honours", org_honours_panel)
        register_panel("member", "publicity.honours", member_honours_panel)
        register_nav("publicity", _("Publicity"), "publicity:index", order=65)
        register_demo("publicity", build_demo_publicity, order=75)
        # Uploaded files are served to those who may see their article or example (common/uploads.py).
        register_upload_owner("publicity/examples/", visible_through(
            lambda actor, p: selectors.example_get(actor=actor, example_id=p.example_id), ExamplePhoto, "image"))
        register_upload_owner("publicity/", visible_through(
            lambda actor, a: selectors.article_get(actor=actor, article_id=a.pk), Article, "attachment"))
