from django.db import models
from django.utils.translation import gettext_lazy as _


class ContentVersion(models.Model):
    """The version of the public content: one row, given a new random value by database triggers.

    ``core.content_version`` installs the triggers and reads the row; nobody edits it.
    """

    # The one row's primary key.
    ONE = 1

    version = models.CharField(
        _("version"), max_length=32,
        help_text=_("32 random hexadecimal digits, new at every change, e.g. 3f1c9a0b2d4e4b7f8a6c5d2e1f0a9b8c."),
    )

    class Meta:
        verbose_name = _("content version")
        verbose_name_plural = _("content versions")
        # Written by triggers and read by the cache only: nobody is given a permission on it.
        default_permissions = ()

    def __str__(self):
        return self.version
