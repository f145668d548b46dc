from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CallsConfig(AppConfig):
    """The calls for proposals the city would join: what editors list as open to collaboration, until their deadline."""

    name = "calls"
    verbose_name = _("Open calls")
