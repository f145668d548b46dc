import datetime

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from core.fields import TextField
from projects.models import Organisation, Programme, Theme

# How the EU's Funding & Tenders portal writes a call's (topic's) identifier, loosely: letters, digits and
# hyphens (a dot, a slash or an underscore now and then), no spaces. HORIZON-MISS-2026-CIT-02-01, LIFE-2025-SAP-ENV.
IDENTIFIER = r"^[A-Za-z0-9][A-Za-z0-9._/-]*[A-Za-z0-9]$"
# A deadline further ahead than this is a typing mistake (2062 for 2026): calls open a few months before it.
FURTHEST_DEADLINE_YEARS = 5


def https_only(url):
    # A code of its own: the URL field would put its “Enter a valid URL.” over an “invalid” one.
    if not url.lower().startswith("https://"):
        raise ValidationError(_("Give an address that begins with https://."), code="https")


class OpenCallQuerySet(models.QuerySet):
    def published(self):
        """What the public may see: published calls of published organisations."""
        return self.filter(is_published=True, organisation__is_published=True)

    def open(self, today=None):
        """The published calls whose deadline has not passed: a call is open through its deadline day, in the
        site's time zone."""
        return self.published().filter(deadline__gte=today or timezone.localdate())

    def past(self, today=None):
        """The calls whose deadline has passed, published or not."""
        return self.filter(deadline__lt=today or timezone.localdate())

    def of(self, organisation):
        return self.filter(organisation=organisation)

    def for_display(self):
        """With what a page shows of each call, in a fixed number of queries."""
        return self.select_related("organisation", "programme").prefetch_related("themes")


class OpenCall(models.Model):
    """A call for proposals an organisation (the city) wants to join as a partner: shown as open to
    collaboration on its profile, until the call's deadline."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="open_calls", verbose_name=_("organisation"),
        help_text=_("The organisation that wants to join a consortium for this call, e.g. the Comune di Lecce."),
    )
    identifier = models.CharField(
        _("call identifier"), max_length=100,
        validators=[RegexValidator(IDENTIFIER, _(
            "Write the identifier as the Funding & Tenders portal does: letters, digits and hyphens, "
            "without spaces, e.g. “HORIZON-MISS-2026-CIT-02-01”."
        ))],
        help_text=_("The call's (topic's) identifier on the EU Funding & Tenders portal, e.g. "
                    "“HORIZON-MISS-2026-CIT-02-01”."),
    )
    slug = models.SlugField(
        _("slug"), max_length=120, unique=True, blank=True,
        error_messages={"unique": _("Another call already uses this address: change the slug.")},
        help_text=_("The call's address on the site, e.g. “horizon-miss-2026-cit-02-01”. "
                    "Left empty, it is made from the identifier."),
    )
    title = models.CharField(
        _("title"), max_length=300,
        help_text=_("The call's title, e.g. “Climate-neutral and smart cities: pilot cities for positive energy "
                    "districts”."),
    )
    offer = TextField(
        _("what the city offers"),
        help_text=_("What the organisation brings to a consortium for this call: pilot sites, data, services, "
                    "experience, e.g. “A district of 5,000 residents as a pilot site, and the municipality's "
                    "energy data”. Markdown subset allowed."),
    )
    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, to_field="code", db_column="programme", related_name="open_calls",
        default=Programme.HORIZON, verbose_name=_("programme"),
        help_text=_("The programme that funds the call, e.g. Horizon Europe."),
    )
    deadline = models.DateField(
        _("deadline"),
        help_text=_("The day proposals are due, e.g. 2026-09-17. The call shows on the site through that day, "
                    "then disappears by itself."),
    )
    themes = models.ManyToManyField(
        Theme, blank=True, related_name="open_calls", verbose_name=_("themes"),
        help_text=_("The themes of the call, e.g. “Energy” and “Urban regeneration”."),
    )
    url = models.URLField(
        _("link to the call"), max_length=500,
        validators=[https_only],
        help_text=_("The call's page on the EU Funding & Tenders portal, e.g. "
                    "https://ec.europa.eu/info/funding-tenders/opportunities/portal/screen/opportunities/"
                    "topic-details/HORIZON-MISS-2026-CIT-02-01"),
    )
    is_published = models.BooleanField(
        _("published"), default=True,
        help_text=_("Unpublished calls appear nowhere on the public site; published ones until their deadline."),
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    objects = OpenCallQuerySet.as_manager()

    class Meta:
        ordering = ["deadline", "identifier", "pk"]
        verbose_name = _("open call")
        verbose_name_plural = _("open calls")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "identifier"],
                name="calls_opencall_identifier_once_per_organisation",
                violation_error_message=_("This organisation already lists a call with this identifier."),
            ),
            models.CheckConstraint(
                condition=Q(url__startswith="https://"),
                name="calls_opencall_url_https",
                violation_error_message=_("Give an address that begins with https://."),
            ),
        ]
        indexes = [
            # The open calls of the site and of a profile, soonest deadline first.
            models.Index(fields=["is_published", "deadline"], name="calls_opencall_open"),
        ]

    def __str__(self):
        return f"{self.identifier}: {self.title}"

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = self.slug_from_identifier()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("calls:call-detail", kwargs={"slug": self.slug})

    @property
    def is_open(self):
        return self.deadline >= timezone.localdate()

    @property
    def days_left(self):
        """Days from today to the deadline: 0 on the deadline day, negative once it has passed."""
        return (self.deadline - timezone.localdate()).days

    def slug_from_identifier(self):
        return slugify(self.identifier)[: self._meta.get_field("slug").max_length]

    def clean(self):
        super().clean()
        self.identifier = (self.identifier or "").strip()
        if not self.slug and self.identifier:
            # Made here rather than at save, so that a clash with another call's address is told in the form.
            self.slug = self.slug_from_identifier()
        if self.deadline is None:
            return
        today = timezone.localdate()
        furthest = today.replace(year=today.year + FURTHEST_DEADLINE_YEARS, day=28 if today.day == 29 else today.day)
        if self.deadline > furthest:
            raise ValidationError({"deadline": _(
                "This deadline is more than %(years)s years away: check the year (calls open a few months "
                "before their deadline)."
            ) % {"years": FURTHEST_DEADLINE_YEARS}})
        if self.deadline < datetime.date(2000, 1, 1):
            raise ValidationError({"deadline": _("This deadline is too long ago: check the year.")})
        if self.deadline < today and self._state.adding:
            raise ValidationError({"deadline": _(
                "This deadline has passed: the call would never appear on the site. Check the date."
            )})
