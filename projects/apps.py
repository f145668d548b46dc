from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Projects")

    def ready(self):
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from projects import content_version
        from projects.models import Participation, Project, Theme, organisation_model

        for model in (Project, Participation, Theme, organisation_model()):
            post_save.connect(content_version.bump, sender=model, dispatch_uid=f"content-version-save-{model.__name__}")
            post_delete.connect(content_version.bump, sender=model,
                                dispatch_uid=f"content-version-delete-{model.__name__}")
        m2m_changed.connect(content_version.bump, sender=Project.themes.through, dispatch_uid="content-version-themes")
