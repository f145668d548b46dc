"""
A picture chosen in a form that is refused for another reason is kept for the next try.

A browser never fills in a file input again: after "This field is required" the editor would have to find
the picture again. So a picture the form accepted, on a page shown again with errors, is written to
``pending/`` (re-encoded without its metadata, ``renditions.without_metadata``, as it will be stored) and
the page carries, beside the file input, a hidden field naming it, signed so that nobody can name
another file with it, with a thumbnail and "Chosen: stemma.png (kept from your last try)". The next
submit without a new file uses it; a new file chosen wins. A name that does not verify, is older than
``KEPT_FOR`` or whose file is gone is refused with a message, and the picture is to be chosen again.

Files left in ``pending/`` by forms never sent again go with ``manage.py prune_pictures`` once older
than ``KEPT_FOR`` (``pruning``); one that was saved goes after the save is committed.
"""

import functools
import os
from datetime import timedelta
from functools import partial

from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.forms import ClearableFileInput
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.pictures.renditions import RandomName, without_metadata
from core.pictures.validation import PictureFormField

KEPT_FOLDER = "pending"
# How long a kept picture waits for the form to be sent again.
KEPT_FOR = timedelta(days=1)
SALT = "core.pictures.keeping"


class KeptPicture(File):
    """A picture kept from an earlier try, read back from ``pending/``; already without its metadata."""

    def __init__(self, name, chosen_as, token):
        super().__init__(default_storage.open(name), name=os.path.basename(name))
        self.kept_name, self.chosen_as, self.token = name, chosen_as, token

    @classmethod
    def from_token(cls, token):
        """The picture a signed token names, or ``None`` when it is forged, too old or its file is gone."""
        try:
            kept = signing.loads(token, salt=SALT, max_age=KEPT_FOR)
            name, chosen_as = kept["name"], kept["chosen_as"]
        except (signing.BadSignature, KeyError, TypeError):
            return None
        if os.path.dirname(name) != KEPT_FOLDER or ".." in name:  # signed by us, but only ever one of these
            return None
        try:
            return cls(name, chosen_as, token)
        except OSError:
            return None

    @classmethod
    def keep(cls, upload):
        """``upload``, written to ``pending/`` without its metadata, and the token that names it."""
        cleaned = without_metadata(upload)
        name = default_storage.save(RandomName(KEPT_FOLDER)(None, cleaned.name), cleaned)
        token = signing.dumps({"name": name, "chosen_as": os.path.basename(upload.name)}, salt=SALT)
        return cls(name, os.path.basename(upload.name), token)

    def forget_after_commit(self, using=None):
        """Once the row that stores a copy of it is committed, the kept file is no longer needed."""
        transaction.on_commit(partial(default_storage.delete, self.kept_name), using=using, robust=True)


class KeptPictureRefused:
    """What the widget reads from a form whose kept picture cannot be used: the field says so."""


REFUSED = KeptPictureRefused()


class KeepsPicture:
    """A file input that, shown again after an error, keeps the picture the form accepted (see above)."""

    kept_text = _("Chosen: %(name)s (kept from your last try). Choose another file to replace it.")
    accepted = None  # the picture the field accepted from this form's data, if any

    def kept_field_name(self, name):
        return f"{name}-kept"

    def value_from_datadict(self, data, files, name):
        upload = super().value_from_datadict(data, files, name)
        token = data.get(self.kept_field_name(name))
        if upload is None and token:
            return KeptPicture.from_token(token) or REFUSED
        return upload

    def value_omitted_from_data(self, data, files, name):
        return super().value_omitted_from_data(data, files, name) and self.kept_field_name(name) not in data

    def render(self, name, value, attrs=None, renderer=None):
        html = super().render(name, value, attrs, renderer)
        if self.accepted is None:
            return html
        if not isinstance(self.accepted, KeptPicture):
            self.accepted = KeptPicture.keep(self.accepted)
        kept = self.accepted
        return format_html(
            '{}<div class="kept-picture"><input type="hidden" name="{}" value="{}">'
            '<img class="thumbnail" src="{}" alt="" width="64" height="64"> <span>{}</span></div>',
            html, self.kept_field_name(name), kept.token, default_storage.url(kept.kept_name),
            self.kept_text % {"name": kept.chosen_as},
        )


@functools.cache
def keeping(widget_class):
    """``widget_class`` (a ClearableFileInput: Django's, the admin's), keeping the picture across a failed submit."""
    if issubclass(widget_class, KeepsPicture):
        return widget_class
    return type(widget_class.__name__, (KeepsPicture, widget_class), {"__module__": __name__})


class KeepingPictureFormField(PictureFormField):
    """The form field of a ``PictureField``: checked as any picture, and kept when the form fails elsewhere."""

    widget = keeping(ClearableFileInput)
    default_error_messages = {
        "kept_picture_refused": _(
            "The picture kept from your last try can no longer be used. Choose the file again."),
    }

    def __init__(self, *, widget=None, **kwargs):
        if isinstance(widget, type):
            widget = keeping(widget)
        super().__init__(widget=widget, **kwargs)

    def clean(self, data, initial=None):
        if data is REFUSED:
            raise ValidationError(self.error_messages["kept_picture_refused"], code="kept_picture_refused")
        cleaned = super().clean(data, initial)
        if isinstance(data, (UploadedFile, KeptPicture)) and cleaned is data:
            # Accepted: if the page is shown again, the widget keeps it.
            self.widget.accepted = data
        return cleaned
