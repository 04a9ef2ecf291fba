from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EscalationConfig(AppConfig):
    """The escalation ladder (reminder → numbered 督办单 → listed in the monthly report).

    It knows nothing of what it escalates: lines of work register sources
    (:func:`lixing.escalation.registry.register_escalation_source`) in their ``ready``.
    """

    name = "lixing.escalation"
    label = "escalation"
    verbose_name = _("Escalation")
