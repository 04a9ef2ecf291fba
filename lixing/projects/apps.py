from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "lixing.projects"
    label = "projects"
    verbose_name = _("Key projects")

    def ready(self) -> None:
        from lixing.common.demo import register_demo
        from lixing.common.nav import register_nav
        from lixing.escalation.registry import register_escalation_source
        from lixing.imports.registry import register_importer

        from .demo import build_demo_projects
        from .escalation import SOURCE_DEF
        from .figures import register_project_figures
        from .importer import ProjectListImporter

        register_project_figures()
        register_importer(ProjectListImporter())
        register_escalation_source(SOURCE_DEF)
        register_nav("projects", _("Key projects"), "projects:index", order=72)
        register_demo("projects", build_demo_projects, order=76)
