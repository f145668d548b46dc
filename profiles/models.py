import re
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from core.fields import TextField
from core.money import format_euros
from core.pictures.fields import PictureField
from core.pictures.renditions import RandomName
from core.pictures.validation import require_description
from core.querysets import PublishedQuerySet
from projects.insights import Metric
from projects.models import Organisation


class ProfilePart(models.Model):
    """A part of an organisation's profile: placed by number, shown only when published."""

    order = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Shown from the lowest number to the highest, e.g. 1, 2, 3."),
    )
    is_published = models.BooleanField(_("published"), default=True)
    # When it first appeared and last changed, for the feeds.
    created = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    objects = PublishedQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["organisation", "order", "pk"]

    def get_absolute_url(self):
        return self.organisation.get_absolute_url()


class ProfileSection(ProfilePart):
    class Kind(models.TextChoices):
        CORE_WORK = "core", _("Core work")
        SPECIALISMS = "specialisms", _("Specialisms")
        EVOLUTION = "evolution", _("Evolution over time")
        WORKING_STYLE = "working-style", _("Working style")
        STRENGTHS = "strengths", _("Distinctive strengths")
        OTHER = "other", _("Other")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="sections", verbose_name=_("organisation"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    heading = models.CharField(
        _("heading"), max_length=200, help_text=_("e.g. “What the city brings to a consortium”."),
    )
    body = TextField(
        _("text"),
        help_text=_("Paragraphs separated by a blank line; *emphasis*, **bold**, lists and [links](https://…) are allowed."),
    )
    class Meta(ProfilePart.Meta):
        verbose_name = _("profile section")
        verbose_name_plural = _("profile sections")
        indexes = [models.Index(fields=["organisation", "is_published", "order"], name="profiles_section_listing")]

    def __str__(self):
        return self.heading


class Highlight(ProfilePart):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="highlights", verbose_name=_("organisation"),
    )
    title = models.CharField(_("title"), max_length=200, help_text=_("e.g. “A roadmap to a zero-carbon city”."))
    text = TextField(_("text"), help_text=_("A short paragraph. Markdown subset allowed."))
    project = models.ForeignKey(
        "projects.Project", on_delete=models.SET_NULL, null=True, blank=True, related_name="highlights",
        verbose_name=_("project"), help_text=_("The project this highlight is about, if any."),
    )
    date = models.DateField(
        _("date"), null=True, blank=True,
        help_text=_("The day the news is from, e.g. the day a plan was adopted. Left empty, the feed dates it "
                    "by its project's start, or else by the day it was written."),
    )
    image = PictureField(_("image"), upload_to=RandomName("highlights"), blank=True)
    image_alt = models.CharField(
        _("image description"), max_length=250, blank=True,
        help_text=_("What the image shows, for people who cannot see it. Required with an image."),
    )

    class Meta(ProfilePart.Meta):
        verbose_name = _("highlight")
        verbose_name_plural = _("highlights")
        indexes = [models.Index(fields=["organisation", "is_published", "order"], name="profiles_highlight_listing")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        if self.project_id:
            return self.project.get_absolute_url()
        return self.organisation.get_absolute_url()

    @property
    def dated(self):
        """The day the news is from: its own date, else its project's start, else the day it was written."""
        if self.date:
            return self.date
        if self.project_id and self.project.start_date:
            return self.project.start_date
        return timezone.localdate(self.created)

    def clean(self):
        super().clean()
        require_description(self)


class FigureSource(models.TextChoices):
    COMPUTED = "computed", _("computed from the data on this site")
    EDITOR = "editor", _("stated by the editors")


class ResolvedFigure(NamedTuple):
    """A key figure as a page shows it, with where its value comes from."""

    figure: "KeyFigure"
    value: str
    source: str
    computed: str  # the computed value, formatted, or "" when the figure names no metric
    complete: bool  # whether the data behind the computed value is complete
    agrees: bool | None  # whether the editor's value says the same; None when there is nothing to compare
    # The other figure for the same fact, and what it is and where it comes from (the site's recorded figure beside
    # an editor's, or an editor's differing value beside a computed one): "" when there is nothing else to say.
    note: str = ""


class KeyFigure(ProfilePart):
    Metric = Metric

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="key_figures", verbose_name=_("organisation"),
    )
    label = models.CharField(_("label"), max_length=150, help_text=_("What the number counts, e.g. “partner organisations”."))
    value = models.CharField(
        _("value"), max_length=50, help_text=_("The figure as it should read, e.g. “90” or “€131,961”."),
    )
    metric = models.CharField(
        _("metric"), max_length=30, choices=Metric.choices, blank=True,
        help_text=_("If the figure is one the site can compute from its data, which one."),
    )
    class Meta(ProfilePart.Meta):
        verbose_name = _("key figure")
        verbose_name_plural = _("key figures")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "metric"],
                condition=~Q(metric=""),
                name="profiles_keyfigure_metric_once",
                violation_error_message=_("This organisation already has a key figure for this metric."),
            ),
        ]

    def __str__(self):
        return f"{self.value} {self.label}"

    def resolve(self, insights):
        """The value to show: computed when the data behind the metric is complete, the editor's otherwise; with,
        in ``note``, the other figure for the same fact and what it rests on, so that a page never shows two
        numbers for one fact without saying which is which."""
        if not self.metric:
            return ResolvedFigure(self, self.value, FigureSource.EDITOR, "", False, None)
        number, complete = insights.metric(self.metric)
        computed = format_metric(self.metric, number)
        agrees = figures_agree(self.metric, number, self.value)
        if complete and number is not None:
            note = "" if agrees is not False else gettext("The editors state %(stated)s.") % {"stated": self.value}
            return ResolvedFigure(self, computed, FigureSource.COMPUTED, computed, True, agrees, note)
        note = recorded_note(self.metric, computed, agrees, insights.coverage(self.metric))
        return ResolvedFigure(self, self.value, FigureSource.EDITOR, computed, False, agrees, note)


def recorded_note(metric, computed, agrees, coverage):
    """What the data recorded on the site says of an editor's figure it cannot compute completely, and what it covers.

    ``coverage`` is (projects whose data is complete for the metric, projects).
    """
    if coverage is None or not coverage[1]:
        return ""
    known, total = coverage
    values = {"computed": computed, "known": known, "total": total, "partial": total - known}
    if metric in (Metric.PARTNERS, Metric.COUNTRIES):
        return ngettext(
            "Recorded on this site: at least %(computed)s, from the partners of its project, whose roster is partial.",
            "Recorded on this site: at least %(computed)s, from the partners of its %(total)s projects; the roster "
            "is partial for %(partial)s of them.",
            total,
        ) % values
    if metric == Metric.AVERAGE_CONSORTIUM:
        return ngettext(
            "Recorded on this site: at least %(computed)s, from the size its project declares or, without one, its "
            "recorded partners.",
            "Recorded on this site: at least %(computed)s on average over its %(total)s projects, from the sizes "
            "they declare or, without one, their recorded partners; the size is not known for %(partial)s of them.",
            total,
        ) % values
    if metric == Metric.LARGEST_GRANT:
        if not computed:
            return ngettext(
                "Recorded on this site: none, the EU contribution to its project is not known.",
                "Recorded on this site: none, the EU contribution is known for none of its %(total)s projects.",
                total,
            ) % values
        if agrees:
            return ngettext(
                "Recorded on this site: the same, with the EU contribution known for %(known)s of %(total)s project.",
                "Recorded on this site: the same, with the EU contribution known for %(known)s of %(total)s projects.",
                total,
            ) % values
        return ngettext(
            "Recorded on this site: %(computed)s, with the EU contribution known for %(known)s of %(total)s project.",
            "Recorded on this site: %(computed)s, with the EU contribution known for %(known)s of %(total)s projects.",
            total,
        ) % values
    return ""


def format_metric(metric, number):
    if number is None:
        return ""
    if metric == Metric.LARGEST_GRANT:
        return format_euros(number)
    return number_format(number, decimal_pos=0 if number == int(number) else 1, use_l10n=True, force_grouping=True)


def figures_agree(metric, number, stated):
    """Whether an editor's figure (“90”, “22+”, “€131,961”) says the same as the computed one."""
    stated_number = parse_figure(stated)
    if number is None or stated_number is None:
        return None
    if metric == Metric.AVERAGE_CONSORTIUM:
        return abs(Decimal(str(number)) - stated_number) < 1
    if metric == Metric.LARGEST_GRANT:  # shown in whole euros
        return round(Decimal(str(number))) == round(stated_number)
    return Decimal(str(number)) == stated_number


def parse_figure(text):
    """The number in a figure as editors write it, or ``None``: “€131,961” → 131961, “22.5” → 22.5."""
    digits = re.sub(r"[^\d.,]", "", text or "")
    if not digits:
        return None
    if re.fullmatch(r"\d{1,3}([.,]\d{3})+", digits):
        digits = re.sub(r"[.,]", "", digits)
    try:
        return Decimal(digits.replace(",", "."))
    except InvalidOperation:
        return None
