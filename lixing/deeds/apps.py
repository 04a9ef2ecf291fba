from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeedsConfig(AppConfig):
    name = "lixing.deeds"
    label = "deeds"
    verbose_name = _("Practical deeds")

    def ready(self) -> None:
        from lixing.common.demo import register_demo
        from lixing.common.nav import register_nav
        from lixing.common.uploads import register_upload_owner, visible_through
        from lixing.escalation.registry import register_escalation_source
        from lixing.orgs.rollups import register_member_moved, register_member_removed, register_rollup_source

        from . import selectors
        from .counters import deeds_member_moved, deeds_member_removed, rollup_rows
        from .demo import build_demo_deeds
        from .escalation import TICKET_SOURCE
        from .figures import register_deeds_figures
        from .models import TicketPhoto, Wish

        register_rollup_source("deeds", rollup_rows)
        register_member_moved("deeds", deeds_member_moved)
        register_member_removed("deeds", deeds_member_removed)
        register_deeds_figures()
        register_escalation_source(TICKET_SOURCE)
        register_nav("deeds", _("Practical deeds"), "deeds:index", order=60)
        register_demo("deeds", build_demo_deeds, order=70)
        # Uploaded photos are served to those who may see their ticket or wish (lixing/common/uploads.py).
        register_upload_owner("deeds/tickets/", visible_through(
            lambda actor, photo: selectors.ticket_get(actor=actor, ticket_id=photo.ticket_id), TicketPhoto))
        register_upload_owner("deeds/wishes/", visible_through(
            lambda actor, wish: selectors.wish_get(actor=actor, wish_id=wish.pk), Wish, "photo"))
