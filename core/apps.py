from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """What every app shares: the content version and page cache, pictures, Markdown, money, public lists."""

    name = "core"
    verbose_name = _("Shared parts")

    def ready(self):
        from django.db.models.signals import post_migrate

        from core import checks, content_version  # noqa: F401 - checks registers itself

        # A deploy runs migrate: pages cached by the code before it must not outlive it.
        post_migrate.connect(content_version.bump, dispatch_uid="content-version-migrate")
