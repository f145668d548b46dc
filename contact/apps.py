from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContactConfig(AppConfig):
    """Reaching the EU-projects office: its contact point, and the messages visitors send it through the site's form."""

    name = "contact"
    verbose_name = _("Contact")
