from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProfilesConfig(AppConfig):
    """The editorial layer on the portfolio: profile sections, highlights, key figures, and the profile pages."""

    name = "profiles"
    verbose_name = _("Profiles")

    def ready(self):
        from core import content_version
        from profiles.models import Highlight, KeyFigure, ProfileSection

        # The pages and what is cached from them show every part of a profile.
        content_version.watch(ProfileSection, Highlight, KeyFigure)
