from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    """The EU portfolio's data: projects, the organisations that take part in them, participations, themes, results."""

    name = "projects"
    verbose_name = _("Projects and organisations")

    def ready(self):
        from core import content_version
        from projects import signals
        from projects.models import CordisResult, Organisation, Participation, Programme, Project, Result, Theme
        from projects.search import signals as search_signals

        signals.connect()
        search_signals.connect()
        # After every migrate and flush: the framework programmes the importer and new projects name by code.
        post_migrate.connect(seed_after_migrate, sender=self, dispatch_uid="projects-seed-programmes")

        # Every public page shows these; a project's themes are rows of a table of their own.
        content_version.watch(
            Organisation, Project, Participation, Theme, Project.themes.through, Result, CordisResult, Programme,
        )


def seed_after_migrate(sender, using="default", apps=None, **kwargs):
    from projects.programmes import seed_programmes

    try:
        programme_model = (apps or sender.apps).get_model("projects", "Programme")
    except LookupError:  # migrated back to before programmes were reference data
        return
    seed_programmes(programme_model)
