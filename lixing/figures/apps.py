from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FiguresConfig(AppConfig):
    name = "lixing.figures"
    label = "figures"
    verbose_name = _("Figures")

    def ready(self) -> None:
        from .org_figures import register_org_figures

        register_org_figures()
