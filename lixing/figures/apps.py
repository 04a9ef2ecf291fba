from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FiguresConfig(AppConfig):
    name = "lixing.figures"
    label = "figures"
    verbose_name = _("Figures")

    def ready(self) -> None:
        from django.core.signals import request_finished, request_started

        from . import registry
        from .org_figures import register_org_figures

        register_org_figures()
        request_started.connect(registry.request_started, dispatch_uid="figures.request_started")
        request_finished.connect(registry.request_finished, dispatch_uid="figures.request_finished")
