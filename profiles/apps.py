from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProfilesConfig(AppConfig):
    name = "profiles"
    verbose_name = _("Organisations and profiles")

    def ready(self):
        from profiles.models import Highlight, KeyFigure, Organisation, ProfileSection
        from projects import content_version

        # The pages and what is cached from them show every part of a profile.
        content_version.watch(Organisation, ProfileSection, Highlight, KeyFigure)

