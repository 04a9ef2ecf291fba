from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    name = "lixing.imports"
    label = "imports"
    verbose_name = _("Spreadsheet imports")

    def ready(self) -> None:
        from lixing.common.uploads import register_upload_owner, visible_through

        from .models import ImportJob
        from .selectors import job_for

        # An uploaded spreadsheet is served to whoever may open its import job.
        register_upload_owner("imports/", visible_through(lambda actor, job: job_for(actor=actor, job_id=job.pk), ImportJob))
