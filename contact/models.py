import datetime
import re

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.fields import TextField
from core.querysets import PublishedQuerySet
from projects.models import Organisation

# Long enough for a detailed enquiry, short enough that nobody mails the office a book.
MESSAGE_MAX_LENGTH = 5000

phone_number = RegexValidator(
    r"^\+?[0-9][0-9 ./()-]{4,28}[0-9]$",
    _("Write a telephone number with digits, spaces and an optional leading +, e.g. “+39 0832 682111”."),
)


class ContactPoint(models.Model):
    """How to reach an organisation's EU-projects office: shown in the footer, on its profile and in its structured data."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="contact_point", verbose_name=_("organisation"),
        help_text=_("Normally the featured organisation, the municipality."),
    )
    office_name = models.CharField(
        _("office name"), max_length=200, help_text=_("e.g. “Ufficio Progetti europei” / “EU projects office”."),
    )
    street_address = models.CharField(
        _("street address"), max_length=200, blank=True, help_text=_("e.g. “Via Francesco Rubichi, 16”."),
    )
    postal_code = models.CharField(_("postal code"), max_length=20, blank=True, help_text=_("e.g. “73100”."))
    city = models.CharField(_("city"), max_length=100, blank=True, help_text=_("e.g. “Lecce”."))
    email = models.EmailField(
        _("email"), blank=True,
        help_text=_("Shown on the site; messages sent through the contact form go to it, e.g. europa@comune.lecce.it."),
    )
    phone = models.CharField(
        _("telephone"), max_length=30, blank=True, validators=[phone_number],
        help_text=_("With the country code, e.g. “+39 0832 682111”."),
    )
    opening_hours = TextField(
        _("opening hours"), blank=True,
        help_text=_("In words, e.g. “Monday to Friday 9:00–12:00; Tuesday and Thursday also 15:30–17:30”."),
    )
    is_published = models.BooleanField(
        _("published"), default=True, help_text=_("An unpublished contact point appears nowhere on the public site."),
    )
    updated = models.DateTimeField(_("updated"), auto_now=True)

    objects = PublishedQuerySet.as_manager()

    class Meta:
        ordering = ["organisation__name"]
        verbose_name = _("contact point")
        verbose_name_plural = _("contact points")
        constraints = [
            models.CheckConstraint(
                condition=Q(is_published=False) | ~Q(email="") | ~Q(phone=""),
                name="contact_contactpoint_reachable",
                violation_error_message=_("A published contact point needs an email address or a telephone number."),
            ),
        ]

    def __str__(self):
        return f"{self.office_name} ({self.organisation})"

    def get_absolute_url(self):
        return self.organisation.get_absolute_url() + "#contact"

    @property
    def telephone_uri(self):
        """The number as a ``tel:`` link wants it: "+39 0832 682111" as "tel:+390832682111"."""
        return "tel:" + re.sub(r"[^0-9+]", "", self.phone) if self.phone else ""

    @property
    def locality(self):
        """"73100 Lecce": the postal code and city, as an Italian address writes them."""
        return " ".join(part for part in (self.postal_code, self.city) if part)

    def clean(self):
        super().clean()
        if self.is_published and not self.email and not self.phone:
            raise ValidationError({"email": _("A published contact point needs an email address or a telephone number.")})


def published_contact_point(organisation):
    """``organisation``'s published contact point, or None.

    One query the first time, none after: Django keeps the answer (or its absence) on the organisation
    object, which the page's structured data, footer and profile share through ``featured_organisation``.
    """
    if not organisation or not getattr(organisation, "pk", None):
        return None
    try:
        contact = organisation.contact_point
    except ContactPoint.DoesNotExist:
        return None
    return contact if contact.is_published else None


class MessageQuerySet(models.QuerySet):
    def older_than(self, days, now=None):
        """The messages received more than ``days`` days ago."""
        return self.filter(created__lt=(now or timezone.now()) - datetime.timedelta(days=days))

    def received_today(self):
        """The messages received since midnight, the site's time: a range on ``created``, which its index serves."""
        return self.filter(created__gte=timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0))


class Message(models.Model):
    """What a visitor wrote to the office through the contact form, kept as written.

    Nothing here is ever shown on the public site; in the admin it is shown escaped, and cannot be edited.
    The visitor's address is not kept: the rate limit counts a keyed hash of it in the cache (contact/spam.py).
    """

    class Status(models.TextChoices):
        NEW = "new", _("New")
        ANSWERED = "answered", _("Answered")
        CLOSED = "closed", _("Closed")

    subject = models.CharField(_("subject"), max_length=200)
    body = TextField(_("message"), max_length=MESSAGE_MAX_LENGTH)
    name = models.CharField(_("name"), max_length=200)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    email = models.EmailField(_("email"))
    about = models.CharField(
        _("topic or call"), max_length=200, blank=True,
        help_text=_("The topic or call the message is about, as the visitor wrote it or the call's page filled it in."),
    )
    language = models.CharField(_("language"), max_length=10, blank=True, help_text=_("The language of the page it was sent from."))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.NEW)
    created = models.DateTimeField(_("received"), default=timezone.now, editable=False)

    objects = MessageQuerySet.as_manager()

    class Meta:
        ordering = ["-created"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        indexes = [
            models.Index(fields=["created"], name="contact_message_created"),
            models.Index(fields=["status", "created"], name="contact_message_status"),
        ]

    def __str__(self):
        return self.subject
