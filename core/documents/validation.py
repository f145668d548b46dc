"""
What a document editors upload must be: a PDF or an office document (``formats``), recognised by
what it holds, not by its name, and within ``settings.DOCUMENT_MAX_SIZE``. Each refusal is a message
an editor can act on, and the help text beside the field states the same limit, read from the same setting.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.documents import formats


def limits_help_text():
    return gettext(
        "A PDF or an office document (Word, Excel, PowerPoint, OpenDocument), at most %(size)s."
    ) % {"size": filesizeformat(settings.DOCUMENT_MAX_SIZE)}


# Read when shown, so that it states the limit in force and in the editor's language.
LIMITS_HELP_TEXT = lazy(limits_help_text, str)()


def validate_document_size(file):
    limit = settings.DOCUMENT_MAX_SIZE
    if file.size > limit:
        raise ValidationError(
            _("This document is %(size)s; the largest document accepted is %(limit)s. "
              "Save it smaller (a PDF with its pictures compressed, say) or give a link to it instead."),
            code="document_too_large",
            params={"size": filesizeformat(file.size), "limit": filesizeformat(limit)},
        )


def validate_document(file):
    """Raise ``ValidationError`` unless ``file`` is a document the site accepts.

    Only a file being uploaded is read: one already stored passed when it came, and each save of its row
    (a corrected title) would otherwise read it again, and refuse it once the limit was lowered.
    """
    if getattr(file, "_committed", False):
        return
    validate_document_size(file)
    formats.identify(file)
