from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CallsConfig(AppConfig):
    """The calls for proposals the city would join: what editors list as open to collaboration, until their deadline."""

    name = "calls"
    verbose_name = _("Open calls")

    def ready(self):
        from calls.models import OpenCall
        from core import content_version

        # The profile, the calls' pages, feed, API and sitemap show them; their themes are rows of a table of their own.
        # A call that passes its deadline changes no row: the pages that show it are kept for the day only.
        content_version.watch(OpenCall, OpenCall.themes.through)
