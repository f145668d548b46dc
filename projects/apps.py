from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    """The EU portfolio's data: projects, the organisations that take part in them, participations, themes."""

    name = "projects"
    verbose_name = _("Projects and organisations")

    def ready(self):
        from django.db.models.signals import m2m_changed

        from core import content_version
        from projects.models import Organisation, Participation, Project, Theme

        content_version.watch(Organisation, Project, Participation, Theme)
        m2m_changed.connect(content_version.bump, sender=Project.themes.through, dispatch_uid="content-version-themes")
