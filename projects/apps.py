from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Projects")

    def ready(self):
        from django.db.models.signals import m2m_changed, post_migrate

        from projects import checks, content_version  # noqa: F401 - checks registers itself
        from projects.models import Participation, Project, Theme

        content_version.watch(Project, Participation, Theme)
        # A deploy runs migrate: pages cached by the code before it must not outlive it.
        post_migrate.connect(content_version.bump, sender=self, dispatch_uid="content-version-migrate")
        m2m_changed.connect(content_version.bump, sender=Project.themes.through, dispatch_uid="content-version-themes")
