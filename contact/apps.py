from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContactConfig(AppConfig):
    """Reaching the EU-projects office: its contact point, and the messages visitors send it through the site's form."""

    name = "contact"
    verbose_name = _("Contact")

    def ready(self):
        from contact.models import ContactPoint
        from core import content_version

        # Every page shows the contact point in its footer and structured data. Messages are not content:
        # nothing public shows them, and a message sent must not make every cached page old.
        content_version.watch(ContactPoint)
