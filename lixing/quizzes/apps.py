from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuizzesConfig(AppConfig):
    name = "lixing.quizzes"
    label = "quizzes"
    verbose_name = _("Quizzes")

    def ready(self) -> None:
        from lixing.common.demo import register_demo
        from lixing.common.nav import register_nav
        from lixing.imports.registry import register_importer
        from lixing.orgs.rollups import register_member_moved, register_member_removed, register_rollup_source

        from .counters import quizzes_member_moved, quizzes_member_removed, rollup_source
        from .demo import build_demo_quizzes
        from .figures import register_quiz_figures
        from .importer import QuestionImporter

        register_quiz_figures()
        register_rollup_source("quizzes", rollup_source)
        register_member_moved("quizzes", quizzes_member_moved)
        register_member_removed("quizzes", quizzes_member_removed)
        register_importer(QuestionImporter())
        register_nav("quizzes", _("Quizzes"), "quizzes:index", order=40)
        register_demo("quizzes", build_demo_quizzes, order=60)
