"""Model fields that every app's texts share."""

from django import forms
from django.db import models


def unix_line_endings(text):
    """Browsers send a textarea's lines ended by \\r\\n; the site stores and compares them ended by \\n."""
    return text.replace("\r\n", "\n").replace("\r", "\n") if isinstance(text, str) else text


class TextFormField(forms.CharField):
    def to_python(self, value):
        return super().to_python(unix_line_endings(value))


class TextField(models.TextField):
    """A TextField whose line endings are always \\n: an unchanged text sent back by a browser is unchanged.

    Without it, saving a page with five profile sections recorded five changes in the history. Migrations
    see a plain TextField: the column is the same, only Python's handling differs.
    """

    def to_python(self, value):
        return unix_line_endings(super().to_python(value))

    def get_prep_value(self, value):
        return unix_line_endings(super().get_prep_value(value))

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": TextFormField, **kwargs})

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.TextField", args, kwargs
