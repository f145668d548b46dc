from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """What every app shares: the content version and page cache, pictures, Markdown, money, public lists."""

    name = "core"
    verbose_name = _("Shared parts")

    def ready(self):
        from django.db.models.signals import post_migrate

        from core import checks, content_version, history  # noqa: F401 - checks registers itself

        # After migrate (every deploy) and flush: triggers on the tables the apps watch, and a new version.
        # Sent once, for core: by then every app's tables are there.
        post_migrate.connect(content_version.after_migrate, sender=self, dispatch_uid="content-version-migrate")
        # An item without revisions (imported, loaded) keeps its stored state before its first change.
        history.connect()
