from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StudyConfig(AppConfig):
    name = "lixing.study"
    label = "study"
    verbose_name = _("Study")

    def ready(self) -> None:
        from lixing.common.demo import register_demo
        from lixing.common.nav import register_nav
        from lixing.common.uploads import register_upload_owner, visible_through
        from lixing.orgs.rollups import register_member_moved, register_member_removed, register_rollup_source

        from . import selectors
        from .counters import study_expected_rows, study_member_moved, study_member_removed, study_rollup_rows
        from .demo import build_demo_study
        from .figures import register_study_figures
        from .models import SessionFile

        register_rollup_source("study", study_rollup_rows, expected=study_expected_rows)
        register_member_moved("study", study_member_moved)
        register_member_removed("study", study_member_removed)
        register_study_figures()
        register_nav("study", _("Study"), "study:index", order=30)
        register_demo("study", build_demo_study, order=40)
        # A session's files are served to those who may see the session (lixing/common/uploads.py).
        register_upload_owner("study/", visible_through(
            lambda actor, f: selectors.session_get(actor=actor, session_id=f.session_id), SessionFile))
