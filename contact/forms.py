import unicodedata

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from contact import spam
from contact.models import MESSAGE_MAX_LENGTH, Message
from core.fields import unix_line_endings

ABOUT_MAX_LENGTH = Message._meta.get_field("about").max_length


def control_characters(text, allowed=""):
    """The control characters (and line and paragraph separators) of ``text``, but those in ``allowed``."""
    return {
        char for char in text
        if char not in allowed and unicodedata.category(char) in ("Cc", "Zl", "Zp")
    }


# NUL is left to Django's own validator of every CharField, which names it.
NUL = {"\x00"}


def no_control_characters(text):
    if control_characters(text) - NUL:
        raise ValidationError(
            _("This field contains invisible control characters or line breaks: please type it again."),
            code="control_characters",
        )


def no_control_characters_but_lines(text):
    if control_characters(unix_line_endings(text), allowed="\n\t") - NUL:
        raise ValidationError(
            _("The message contains invisible control characters: please type or paste it again as plain text."),
            code="control_characters",
        )


def plain_about(value):
    """The ``?about=`` parameter as a line of plain text: trimmed, without control characters, not too long."""
    text = "".join(" " if control_characters(char) else char for char in str(value or ""))
    return " ".join(text.split())[:ABOUT_MAX_LENGTH]


class ContactForm(forms.ModelForm):
    # The honeypot: hidden from sight and from screen readers, out of the tab order, so only robots fill it.
    website = forms.CharField(
        label=_("Leave this field empty (it is here to catch automated spam)"), required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    started = forms.CharField(widget=forms.HiddenInput, required=False)
    # The page gives the box a longer label, with the link to the notice; this one names it in the list of errors.
    consent = forms.BooleanField(
        label=_("Consent to the privacy notice"),
        error_messages={"required": _("To send the message, tick the box to accept the privacy notice.")},
    )

    class Meta:
        model = Message
        fields = ["name", "organisation", "email", "about", "subject", "body"]
        labels = {"name": _("Your name"), "organisation": _("Your organisation (optional)"),
                  "email": _("Your email address"), "about": _("The topic or call it is about (optional)"),
                  "subject": _("Subject"), "body": _("Your message")}
        help_texts = {
            "email": _("The office will answer you at this address."),
            "about": _("e.g. a call identifier such as “HORIZON-MISS-2025-CIT-01” or a project’s name."),
        }
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "organisation": forms.TextInput(attrs={"autocomplete": "organization"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "about": forms.TextInput(attrs={"autocomplete": "off"}),
            "subject": forms.TextInput(attrs={"autocomplete": "off"}),
            "body": forms.Textarea(attrs={"rows": 10, "autocomplete": "off"}),
        }
        error_messages = {
            "body": {"max_length": _("The message is too long: at most %(limit_value)d characters, it has %(show_value)d. "
                                     "Please shorten it, or send long documents by email once the office has answered.")},
            "subject": {"max_length": _("The subject is too long: at most %(limit_value)d characters.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("name", "organisation", "about", "subject"):
            self.fields[name].validators.append(no_control_characters)
        self.fields["body"].validators.append(no_control_characters_but_lines)
        # A new form carries the time it is drawn at; one shown again after an error keeps its own (full_clean).
        self.initial["started"] = spam.timestamp()
        self.fields["body"].help_text = _("Plain text, at most %(limit)s characters.") % {
            "limit": number_format(MESSAGE_MAX_LENGTH, force_grouping=True)}

    @property
    def is_trap(self):
        """Whether a robot filled the honeypot: the sender is thanked, and nothing is stored or sent."""
        return bool(self.data.get(self.add_prefix("website"), "").strip())

    def field_errors(self):
        """(field, error) for each error of a field, in the order of the page, for the list above the form."""
        return [(field, error) for field in self.visible_fields() for error in field.errors]

    def full_clean(self):
        super().full_clean()
        if self.is_bound and self._errors:
            # The form is shown again with what was written, less the control characters it was refused for:
            # HTML cannot carry them, and the visitor could not see them anyway.
            self.data = self.data.copy()
            # A timestamp that is missing, forged or too old would refuse the form again: it is drawn anew.
            # A valid one is kept, so that a person who corrects a field need not wait again.
            if spam.seconds_since(self.data.get(self.add_prefix("started"))) is None:
                self.data[self.add_prefix("started")] = spam.timestamp()
            for name in self.Meta.fields:
                key = self.add_prefix(name)
                if key in self.data:
                    allowed = "\n\t" if name == "body" else ""
                    text = unix_line_endings(self.data[key])
                    self.data[key] = "".join(char for char in text if not control_characters(char, allowed))

    def clean(self):
        cleaned_data = super().clean()
        elapsed = spam.seconds_since(self.data.get(self.add_prefix("started")))
        if elapsed is None:
            raise ValidationError(
                _("The form had expired or was incomplete. Your text is still here: please check it and send it again."),
                code="expired",
            )
        if elapsed < settings.CONTACT_MIN_SECONDS:
            raise ValidationError(
                _("The form was sent too quickly to have been filled in by a person. Please check it and send it again."),
                code="too_fast",
            )
        return cleaned_data
