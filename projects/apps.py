from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    """The EU portfolio's data: projects, the organisations that take part in them, participations, themes, results."""

    name = "projects"
    verbose_name = _("Projects and organisations")

    def ready(self):
        from core import content_version
        from projects import signals
        from projects.models import CordisResult, Organisation, Participation, Project, Result, Theme
        from projects.search import signals as search_signals

        signals.connect()
        search_signals.connect()

        # Every public page shows these; a project's themes are rows of a table of their own.
        content_version.watch(
            Organisation, Project, Participation, Theme, Project.themes.through, Result, CordisResult,
        )
