from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo district and the province-sized benchmark data (``python manage.py demo``)."""

    name = "lixing.demo"
    label = "demo"
    verbose_name = _("Demo data")
