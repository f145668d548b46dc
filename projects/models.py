import datetime
import re
import time
from urllib.parse import quote, urlencode

from django.conf import global_settings, settings
from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.core.validators import MinValueValidator, RegexValidator
from django.db import connection, connections, models
from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django_countries import countries as django_countries
from django_countries.fields import CountryField

from core.collation import language_of_page, sort_key, sorted_by
from core.documents.fields import DocumentField
from core.fields import TextField
from core.pictures.fields import PictureField
from core.pictures.renditions import RandomName
from core.pictures.validation import require_description
from core.querysets import PublishedQuerySet
from projects.search import Relevance, SearchDocumentField, SearchQuery

MONEY = {"max_digits": 14, "decimal_places": 2, "validators": [MinValueValidator(0)]}


def months_between(start, end):
    """Whole months from ``start`` to ``end``, counting both ends (36 for 1 Sep 2015 to 31 Aug 2018); ``None``
    without both dates."""
    if start is None or end is None:
        return None
    after_end = end + datetime.timedelta(days=1)
    months = (after_end.year - start.year) * 12 + after_end.month - start.month
    if after_end.day < start.day:
        months -= 1
    return max(months, 0)


def split_keywords(text):
    """The keywords of a comma-separated list, trimmed, without empty ones."""
    return [keyword.strip() for keyword in text.split(",") if keyword.strip()]


def money_not_negative(name, field, message):
    """A database check that an amount of money, when given, is not below zero."""
    return models.CheckConstraint(
        condition=Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__gte": 0}),
        name=name,
        violation_error_message=message,
    )


class OrganisationKind(models.TextChoices):
    """The kind of organisation, as CORDIS's activity type codes it."""

    PUBLIC_BODY = "PUB", _("Public body")
    RESEARCH = "REC", _("Research organisation")
    HIGHER_EDUCATION = "HES", _("Higher or secondary education")
    PRIVATE_COMPANY = "PRC", _("Private company")
    OTHER = "OTH", _("Other")


def shared_project_counts(participations, organisations, partners=True, featured=True):
    """{organisation id: published projects shared with the featured organisation} for the organisations of a
    queryset that share any. ``participations`` is the participations' manager (a migration's models do too).
    ``partners`` and ``featured`` say whether to count the organisations that are not featured, and the featured one
    (which shares all its published projects with itself): a count left out costs no query.
    """
    def counted(rows):
        return dict(rows.order_by().values_list("organisation").annotate(n=Count("project", distinct=True)))

    counts = {}
    if partners:
        featured_ids = organisations.model.objects.filter(is_featured=True).values("pk")
        featured_projects = participations.filter(organisation__in=featured_ids, project__is_published=True)
        counts.update(counted(participations.filter(
            organisation__in=organisations.exclude(is_featured=True).values("pk"),
            project__in=featured_projects.values("project"),
        )))
    if featured:
        # Without the intersection, which would cost as much as its whole portfolio.
        counts.update(counted(participations.filter(
            organisation__in=organisations.filter(is_featured=True).values("pk"), project__is_published=True,
        )))
    return counts


class SearchableQuerySet(PublishedQuerySet):
    def search(self, text):
        """The rows that hold every word and quoted phrase of ``text``, with their ``relevance`` to order by."""
        query = SearchQuery(text)
        if not query:  # nothing but punctuation: nothing to look for
            return self.none().alias(relevance=models.Value(0.0))
        return self.filter(search_entry__document__matches=query).alias(
            relevance=Relevance(F("search_entry__document"), query),
        )


class OrganisationQuerySet(SearchableQuerySet):
    def featured(self):
        return self.filter(is_featured=True)

    def published_countries(self):
        """The codes of the countries of the published organisations, in order.

        Read by skipping through the (published, country) index from one country to the next (a recursive
        query): one probe per country, 1 ms at the size of a CORDIS export, where a DISTINCT read the entry of
        every organisation (25 ms on PostgreSQL, which also visits the rows written since the last VACUUM).
        The query reads the whole table: it is asked of ``Organisation.objects``, never of a filtered queryset.
        """
        if self.query.has_filters():
            raise TypeError("published_countries() reads every organisation; ask it of Organisation.objects")
        database = connections[self.db]
        table = database.ops.quote_name(self.model._meta.db_table)
        is_published, country = (database.ops.quote_name(self.model._meta.get_field(name).column)
                                 for name in ("is_published", "country"))
        next_country = f"SELECT MIN({country}) FROM {table} WHERE {is_published} = %s AND {country} > "
        with database.cursor() as cursor:
            cursor.execute(
                f"WITH RECURSIVE found (code) AS ({next_country} %s UNION ALL "
                f"SELECT ({next_country} found.code) FROM found WHERE found.code IS NOT NULL) "
                "SELECT code FROM found WHERE code IS NOT NULL",
                [True, "", True],
            )
            return [code for (code,) in cursor.fetchall()]

    def by_name(self, *first, descending=False):
        """Ordered by ``first`` (e.g. ``"-shared_projects"``), then by name as a reader of the page's language
        expects (``core.collation``), then by id."""
        key = F(f"name_key_{language_of_page()}")
        return self.order_by(*first, key.desc() if descending else key.asc(), "-pk" if descending else "pk")

    def by_country(self, countries, descending=False):
        """Ordered by the name of the country in the page's language, then by name; ``countries`` are the codes that
        may occur (``published_countries()``), any other last. The country's rank is a CASE over those codes (a few
        dozen), which saves a stored key per row and language and two more indexes."""
        ranked = sorted_by(countries, key=django_countries.name)
        if descending:
            ranked.reverse()
        rank = models.Case(*(models.When(country=code, then=n) for n, code in enumerate(ranked)),
                           default=len(ranked), output_field=models.IntegerField())
        return self.by_name(rank)

    def collate(self):
        """Write anew the name keys (``Organisation.name_key_*``) of this queryset's organisations."""
        changed = []
        for organisation in self.only("pk", "name_it", "name_en", *Organisation.NAME_KEYS):
            if organisation.set_name_keys():
                changed.append(organisation)
        Organisation.objects.bulk_update(changed, Organisation.NAME_KEYS, batch_size=1000)
        return len(changed)

    def count_shared_projects(self):
        """Store on each organisation of this queryset the number of published projects it shares with the featured
        organisation (``shared_projects``).

        Kept at write time (``projects.signals``, the CORDIS import): the organisations list is ordered by it, and
        counting it over every participation on each request took seconds at the size of a CORDIS export.
        """
        stored = list(self.order_by().values_list("pk", "shared_projects", "is_featured"))
        counts = shared_project_counts(
            Participation.objects, self,
            partners=any(not featured for *_, featured in stored), featured=any(featured for *_, featured in stored),
        )
        changed = [
            Organisation(pk=pk, shared_projects=counts.get(pk, 0))
            for pk, shared, _featured in stored if shared != counts.get(pk, 0)
        ]
        Organisation.objects.bulk_update(changed, ["shared_projects"], batch_size=1000)


class Organisation(models.Model):
    """Any body that takes part in projects: the municipality and its partners.

    Its page is an editorial profile: ``ABSOLUTE_URL_OVERRIDES`` in lecce/settings.py says where.
    """

    name = models.CharField(
        _("name"), max_length=300,
        help_text=_("The name shown on the site, e.g. “Comune di Lecce” in Italian and “Municipality of Lecce” in "
                    "English. A foreign organisation keeps its own name in both unless it has a usual Italian or "
                    "English one."),
    )
    short_name = models.CharField(
        _("short name"), max_length=100, blank=True,
        help_text=_("An abbreviation or short form, e.g. “Lecce” or “TECNALIA”."),
    )
    legal_name = models.CharField(
        _("legal name"), max_length=300, blank=True,
        help_text=_("The name exactly as CORDIS spells it, e.g. “CITTA DI LECCE*COMUNE DI LECCE”."),
    )
    slug = models.SlugField(
        _("slug"), max_length=100, unique=True,
        error_messages={"unique": _("Another organisation already uses this address.")},
        help_text=_("The organisation's address on the site, e.g. “comune-di-lecce”."),
    )
    pic = models.PositiveIntegerField(
        _("CORDIS organisation id (PIC)"), null=True, blank=True, unique=True,
        error_messages={"unique": _("Another organisation already has this CORDIS id.")},
        help_text=_("The participant identification code, nine digits, e.g. 960216387."),
    )
    kind = models.CharField(
        _("kind"), max_length=3, choices=OrganisationKind.choices, blank=True,
        help_text=_("The activity type CORDIS gives the organisation."),
    )
    country = CountryField(_("country"), blank=True)
    city = models.CharField(
        _("city"), max_length=100, blank=True,
        help_text=_("e.g. “Milano” in Italian and “Milan” in English; the English is needed only where it differs."),
    )
    website = models.URLField(_("website"), blank=True, help_text=_("e.g. https://www.comune.lecce.it"))
    tagline = models.CharField(
        _("tagline"), max_length=300, blank=True,
        help_text=_("One line that says who the organisation is, shown under its name."),
    )
    introduction = TextField(
        _("opening line"), blank=True,
        help_text=_("One or two sentences that open the profile page. Markdown subset allowed."),
    )
    logo = PictureField(_("logo"), upload_to=RandomName("logos"), blank=True)
    is_featured = models.BooleanField(
        _("featured"), default=False,
        help_text=_("The featured organisation's profile is the home page. Only one can be featured."),
    )
    is_published = models.BooleanField(
        _("published"), default=True,
        help_text=_("Unpublished organisations appear nowhere on the public site."),
    )
    shared_projects = models.PositiveIntegerField(
        _("projects shared with the featured organisation"), default=0, editable=False,
        help_text=_("Published projects in which the featured organisation also takes part; kept by the site."),
    )
    # The name's sort key in each language (``core.collation``): the lists are ordered by these, never by the name.
    name_key_it = models.BinaryField(_("Italian sort key of the name"), default=b"", editable=False)
    name_key_en = models.BinaryField(_("English sort key of the name"), default=b"", editable=False)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    objects = OrganisationQuerySet.as_manager()

    NAME_KEYS = ["name_key_it", "name_key_en"]

    class Meta:
        ordering = ["name_key_it", "pk"]  # the site's own language; the lists ask for the page's: by_name()
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.UniqueConstraint(
                fields=["is_featured"],
                condition=Q(is_featured=True),
                name="projects_organisation_single_featured",
                violation_error_message=_(
                    "Another organisation is already featured. Remove the “featured” mark "
                    "from it first: only one organisation can be the home page."
                ),
            ),
        ]
        indexes = [
            models.Index(fields=["is_published", "country"], name="projects_org_published_country"),
            # The organisations list: the most shared projects first, a page at a time.
            models.Index(fields=["is_published", "-shared_projects", "name_key_it"], name="projects_org_most_shared_it"),
            models.Index(fields=["is_published", "-shared_projects", "name_key_en"], name="projects_org_most_shared_en"),
            models.Index(fields=["is_published", "name_key_it"], name="projects_org_name_it"),
            models.Index(fields=["is_published", "name_key_en"], name="projects_org_name_en"),
            models.Index(fields=["kind"], name="projects_org_kind"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if self.set_name_keys() and kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], *self.NAME_KEYS}
        super().save(*args, **kwargs)

    @staticmethod
    def name_keys(name_it, name_en=None):
        """``{column: key}`` of the sort keys of the names as each language's pages show them: either one stands in
        for the other when it is missing."""
        return {"name_key_it": sort_key(name_it or name_en, "it"), "name_key_en": sort_key(name_en or name_it, "en")}

    def set_name_keys(self):
        """Compute the names' sort keys anew; say whether they changed."""
        keys = self.name_keys(self.name_it, self.name_en)
        changed = any(bytes(getattr(self, column) or b"") != key for column, key in keys.items())
        for column, key in keys.items():
            setattr(self, column, key)
        return changed

    @property
    def display_short_name(self):
        return self.short_name or self.name

    @property
    def cordis_url(self):
        """The organisation's projects on CORDIS, found by its PIC (CORDIS's organisation id); "" without one."""
        if not self.pic:
            return ""
        query = f"contenttype='project' AND relations/associations/relatedOrganization/id='{self.pic}'"
        return f"https://cordis.europa.eu/search/en?{urlencode({'q': query}, quote_via=quote)}"

    def clean(self):
        super().clean()
        if self.is_featured and not self.is_published:
            raise ValidationError(
                {"is_published": _("The featured organisation is the home page, so it must be published.")}
            )


class Theme(models.Model):
    name = models.CharField(
        _("name"), max_length=100, unique=True,
        help_text=_("A short thematic label, e.g. “Active and healthy ageing”."),
    )
    slug = models.SlugField(
        _("slug"), max_length=100, unique=True,
        help_text=_("The theme's name in the address of a filtered list, e.g. “active-ageing”."),
    )
    description = TextField(
        _("description"), blank=True,
        help_text=_("Optional: one or two sentences that say what the theme covers."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("projects:project-list") + f"?theme={self.slug}"


class Programme(models.Model):
    """A funding programme a project belongs to: reference data editors extend.

    Seeded with the EU's research framework programmes, whose projects CORDIS publishes, and the other
    programmes a municipality's EU-projects office meets (Interreg and its strands, LIFE, Erasmus+,
    URBACT, the urban initiatives, Digital Europe, the cohesion funds, Italy's PNRR). A project refers to
    its programme by the programme's code, which is also how the lists' filter names it (``?programme=H2020``).
    """

    # The framework programmes as CORDIS names them in its files, and the programme of anything else.
    FP7, H2020, HORIZON, OTHER = "FP7", "H2020", "HORIZON", "OTHER"

    code = models.CharField(
        _("code"), max_length=30, unique=True,
        help_text=_("A short code, in capitals, e.g. “H2020” or “INTERREG-EUROPE”; it appears in the lists' "
                    "addresses, so keep it once chosen."),
        validators=[RegexValidator(r"^[A-Z0-9][A-Z0-9+-]*$", _("Capital letters, digits, “-” and “+” only."))],
    )
    name = models.CharField(_("name"), max_length=200, unique=True)
    funding_body = models.CharField(
        _("funding body"), max_length=200, blank=True,
        help_text=_("Who funds it, e.g. “European Commission” or “Italian Government (NextGenerationEU)”."),
    )
    url = models.URLField(_("link"), max_length=300, blank=True, help_text=_("The programme's own page."))
    part_of = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="strands", verbose_name=_("part of"),
        help_text=_("For a strand: the programme it belongs to, e.g. Interreg."),
    )
    in_cordis = models.BooleanField(
        _("published by CORDIS"), default=False,
        help_text=_("A research framework programme, whose projects CORDIS publishes with a grant number."),
    )

    class Meta:
        ordering = ["-in_cordis", "name"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")

    def __str__(self):
        return self.name


class Status(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ONGOING = "ongoing", _("Ongoing")
    CLOSED = "closed", _("Closed")


def status_condition(status, today=None):
    """The condition on a project's dates that makes its status ``status`` on ``today``."""
    today = today or timezone.localdate()
    return {
        Status.PLANNED: Q(start_date__gt=today),
        Status.ONGOING: Q(start_date__lte=today) & (Q(end_date__isnull=True) | Q(end_date__gte=today)),
        Status.CLOSED: Q(end_date__lt=today),
    }[Status(status)]


class ProjectQuerySet(SearchableQuerySet):
    def with_status(self, status, today=None):
        return self.filter(status_condition(status, today))


class Project(models.Model):
    cordis_id = models.PositiveIntegerField(
        _("CORDIS grant id"), null=True, blank=True, unique=True,
        error_messages={"unique": _("Another project already has this CORDIS grant id.")},
        help_text=_("The grant agreement number, e.g. 691883. Leave empty when not confirmed."),
    )
    cordis_rcn = models.PositiveIntegerField(
        _("CORDIS record number"), null=True, blank=True, unique=True,
        error_messages={"unique": _("Another project already has this CORDIS record number.")},
        help_text=_("CORDIS's own record number (RCN), e.g. 205650, when it is known."),
    )
    acronym = models.CharField(
        _("acronym"), max_length=50, help_text=_("As the project spells it, e.g. “SmartEnCity”."),
    )
    title = models.CharField(
        _("title"), max_length=500,
        help_text=_("The full title, e.g. “Towards Smart Zero CO2 Cities across Europe”."),
    )
    slug = models.SlugField(
        _("slug"), max_length=80, unique=True,
        error_messages={"unique": _("Another project already uses this address.")},
        help_text=_("The project's address on the site, e.g. “smartencity”."),
    )
    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, to_field="code", db_column="programme", related_name="projects",
        default=Programme.H2020, verbose_name=_("programme"),
        # No index of its own: SQLite chose it for the list's counts and read every row (32 ms against 13 through
        # the (published, programme, dates) index below).
        db_index=False,
    )
    programme_identifier = models.CharField(
        _("identifier in its programme"), max_length=100, blank=True,
        help_text=_("For a project outside CORDIS: its code in its programme, e.g. an Interreg project number."),
    )
    programme_part = models.CharField(
        _("programme part"), max_length=100, blank=True,
        help_text=_("The part of the programme (legal basis), e.g. “H2020-EU.3.7”."),
    )
    call_topic = models.CharField(
        _("call topic"), max_length=100, blank=True,
        help_text=_("The topic code of the call, e.g. “EE-05-2016”."),
    )
    call_topic_title = models.CharField(
        _("call topic title"), max_length=300, blank=True,
        help_text=_("What the topic is about, e.g. “Models and tools for heating and cooling mapping and planning”."),
    )
    funding_scheme = models.CharField(
        _("funding scheme"), max_length=50, blank=True,
        help_text=_("CORDIS's code, e.g. “RIA” (research and innovation action) or “IA”."),
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    total_cost = models.DecimalField(
        _("total cost (EUR)"), null=True, blank=True, **MONEY,
        help_text=_("The whole project's cost in euros, e.g. 4263408.00."),
    )
    eu_contribution = models.DecimalField(
        _("EU contribution (EUR)"), null=True, blank=True, **MONEY,
        help_text=_("The EU's maximum contribution to the whole project, in euros."),
    )
    objective = TextField(
        _("objective"), blank=True, help_text=_("The objective as CORDIS publishes it."),
    )
    summary = TextField(
        _("summary"), blank=True,
        help_text=_("The editors' own summary for the public. Paragraphs, *emphasis*, lists and links are allowed."),
    )
    website = models.URLField(_("website"), blank=True, help_text=_("e.g. https://smartencity.eu"))
    keywords = TextField(
        _("keywords"), blank=True,
        help_text=_("Separated by commas, e.g. “energy plans, urban planning”."),
    )
    themes = models.ManyToManyField(
        Theme, blank=True, related_name="projects", verbose_name=_("themes"),
    )
    declared_consortium_size = models.PositiveSmallIntegerField(
        _("declared number of partners"), null=True, blank=True,
        help_text=_("The consortium size as the project declares it, for when not every partner is recorded below."),
    )
    declared_country_count = models.PositiveSmallIntegerField(
        _("declared number of countries"), null=True, blank=True,
        help_text=_("The number of countries of the consortium as the project declares it."),
    )
    image = PictureField(_("image"), upload_to=RandomName("projects"), blank=True)
    image_alt = models.CharField(
        _("image description"), max_length=250, blank=True,
        help_text=_("What the image shows, for people who cannot see it. Required with an image."),
    )
    is_published = models.BooleanField(
        _("published"), default=True, help_text=_("Unpublished projects appear nowhere on the public site."),
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "acronym"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(start_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="projects_project_end_not_before_start",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
            money_not_negative(
                "projects_project_total_cost_not_negative", "total_cost", _("The total cost cannot be negative."),
            ),
            money_not_negative(
                "projects_project_eu_contribution_not_negative", "eu_contribution",
                _("The EU contribution cannot be negative."),
            ),
        ]
        indexes = [
            # Covering indexes: the list's counts and status read them without touching the long rows.
            models.Index(fields=["is_published", "start_date", "end_date"], name="projects_published_dates"),
            models.Index(fields=["is_published", "end_date"], name="projects_published_end"),
            models.Index(fields=["is_published", "programme", "start_date", "end_date"],
                         name="projects_published_programme"),
            models.Index(fields=["is_published", "eu_contribution"], name="projects_published_eu"),
            # On PostgreSQL, the published projects' ids with what the counts read: a list filtered through another
            # table (countries, partners, the text search) is joined and counted from the indexes alone (the
            # country filter's count took 38 ms reading the rows, 6 ms this way, at full size).
            models.Index(fields=["is_published", "id"], include=["programme", "start_date", "end_date"],
                         name="projects_published_ids"),
            # The list's default order, newest first, read from the index with no sort.
            models.Index(fields=["is_published", "-start_date", "acronym"], name="projects_published_newest"),
        ]

    def __str__(self):
        return f"{self.acronym}: {self.title}" if self.title else self.acronym

    def get_absolute_url(self):
        return reverse("projects:project-detail", kwargs={"slug": self.slug})

    @property
    def status(self):
        """Planned, ongoing or closed, from the dates; ``None`` without a start date."""
        if self.start_date is None:
            return None
        today = timezone.localdate()
        if self.start_date > today:
            return Status.PLANNED
        if self.end_date is not None and self.end_date < today:
            return Status.CLOSED
        return Status.ONGOING

    @property
    def duration_months(self):
        return months_between(self.start_date, self.end_date)

    @property
    def keyword_list(self):
        return split_keywords(self.keywords)

    @property
    def cordis_url(self):
        if self.cordis_id:
            return f"https://cordis.europa.eu/project/id/{self.cordis_id}"
        if self.cordis_rcn:
            return f"https://cordis.europa.eu/project/rcn/{self.cordis_rcn}"
        return ""

    def clean(self):
        super().clean()
        require_description(self)


class Role(models.TextChoices):
    """A participant's role in a project, in CORDIS's spelling."""

    COORDINATOR = "coordinator", _("Coordinator")
    PARTICIPANT = "participant", _("Participant")
    PARTNER = "partner", _("Partner")
    THIRD_PARTY = "thirdParty", _("Third party")
    ASSOCIATED_PARTNER = "associatedPartner", _("Associated partner")


class ParticipationQuerySet(models.QuerySet):
    def published(self):
        return self.filter(project__is_published=True, organisation__is_published=True)

    def of_featured(self):
        """The participations of the featured organisation (the one whose profile is the home page)."""
        # organisation IN (subquery), not a join: the database then walks the organisation index.
        return self.of_organisations(Organisation.objects.filter(is_featured=True))

    def of_organisations(self, organisations):
        """The participations of the organisations of a queryset, read through the organisation index."""
        return self.filter(organisation__in=organisations.values("pk"))

    def coordinators_first(self):
        """Order a consortium as a fact sheet shows it: coordinator first, then by name."""
        return self.alias(
            is_coordinator=models.Case(
                models.When(role=Role.COORDINATOR, then=0), default=1,
            )
        ).order_by("is_coordinator", f"organisation__name_key_{language_of_page()}", "organisation")


class Participation(models.Model):
    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="participations", verbose_name=_("project"),
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="participations", verbose_name=_("organisation"),
    )
    role = models.CharField(
        _("role"), max_length=20, choices=Role.choices, default=Role.PARTICIPANT,
        help_text=_("The role as CORDIS records it."),
    )
    eu_contribution = models.DecimalField(
        _("EU contribution (EUR)"), null=True, blank=True, **MONEY,
        help_text=_("What the EU contributes to this organisation's part, in euros, e.g. 131961.00."),
    )
    local_role = models.CharField(
        _("role in words"), max_length=100, blank=True,
        help_text=_("How the project describes the organisation's part, e.g. “pilot city” or “follower city”."),
    )
    contribution = TextField(
        _("contribution"), blank=True,
        help_text=_("What the organisation brought to the project and what came of it. Markdown subset allowed."),
    )

    objects = ParticipationQuerySet.as_manager()

    class Meta:
        ordering = ["project", "organisation__name_key_it"]
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "organisation"],
                name="projects_participation_once_per_project",
                violation_error_message=_("This organisation already takes part in this project."),
            ),
            money_not_negative(
                "projects_participation_eu_contribution_not_negative", "eu_contribution",
                _("The EU contribution cannot be negative."),
            ),
        ]
        indexes = [
            models.Index(fields=["role"], name="projects_participation_role"),
        ]

    def __str__(self):
        return _("%(organisation)s in %(project)s (%(role)s)") % {
            "organisation": self.organisation,
            "project": self.project.acronym,
            "role": self.get_role_display(),
        }


class ResultKind(models.TextChoices):
    """What kind of output a result is, as editors file it."""

    REPORT = "report", _("Report")
    PLAN = "plan", _("Plan")
    TOOL = "tool", _("Tool")
    PUBLICATION = "publication", _("Publication")
    DATA_SET = "dataset", _("Data set")
    EVENT = "event", _("Event")
    VIDEO = "video", _("Video")
    NEWS = "news", _("News")


def doi_validator(value):
    if not DOI.fullmatch(value):
        raise ValidationError(_("A DOI begins with “10.”, then a number, a slash and the rest, e.g. 10.3030/691883."))


DOI = re.compile(r"10\.\d{4,9}/\S+")


def result_documents():
    """Where the documents of results are kept: a place of their own, served only through ``core.documents``."""
    return storages["documents"]


class ProjectResultQuerySet(PublishedQuerySet):
    """The results of projects, the office's and CORDIS's."""

    def public(self):
        """What visitors may see: the published results of published projects."""
        return self.published().filter(project__is_published=True)

    def of(self, organisation):
        """The results of the projects ``organisation`` takes part in."""
        return self.filter(project__in=Participation.objects.filter(organisation=organisation).values("project"))


class ResultQuerySet(ProjectResultQuerySet):
    def highlighted(self):
        """Those editors chose for the profile's "What came of it"."""
        return self.filter(is_highlighted=True)

    def newest_first(self):
        return self.order_by(F("date").desc(nulls_last=True), "-pk")


class Result(models.Model):
    """What came of a project, as the office shows it: a plan, a tool, a report, an event… Written by editors.

    Each is either a link or an uploaded document (PDF and the usual office formats, checked by content,
    stored under a random name and served so that no browser runs it).
    """

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="results", verbose_name=_("project"))
    kind = models.CharField(_("kind"), max_length=20, choices=ResultKind.choices)
    date = models.DateField(_("date"), null=True, blank=True, help_text=_("When it was published or took place."))
    title = models.CharField(_("title"), max_length=300)
    description = TextField(
        _("description"), blank=True, help_text=_("What it is and what it brought. Markdown subset allowed."),
    )
    language = models.CharField(
        _("language of the document"), max_length=10, choices=global_settings.LANGUAGES, blank=True,
        help_text=_("The language the document or page itself is written in."),
    )
    url = models.URLField(_("link"), max_length=500, blank=True, help_text=_("Where it can be read or seen."))
    document = DocumentField(_("document"), upload_to=RandomName("results"), storage=result_documents, blank=True)
    doi = models.CharField(
        _("DOI"), max_length=200, blank=True, validators=[doi_validator],
        help_text=_("Its Digital Object Identifier, if it has one, e.g. 10.3030/691883."),
    )
    is_highlighted = models.BooleanField(
        _("in “What came of it”"), default=False,
        help_text=_("Shown on the profile among what came of the organisation's projects."),
    )
    is_published = models.BooleanField(_("published"), default=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    objects = ResultQuerySet.as_manager()

    class Meta:
        ordering = [F("date").desc(nulls_last=True), "-pk"]
        verbose_name = _("result")
        verbose_name_plural = _("results")
        constraints = [
            models.CheckConstraint(
                condition=~Q(url="") | ~Q(document=""), name="projects_result_link_or_document",
                violation_error_message=_("Give a link or upload a document."),
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def doi_url(self):
        return f"https://doi.org/{self.doi}" if self.doi else ""


class CordisResultKind(models.TextChoices):
    DELIVERABLE = "deliverable", _("Deliverable")
    PUBLICATION = "publication", _("Publication")
    REPORT_SUMMARY = "report", _("Results in brief")


class CordisResult(models.Model):
    """A result CORDIS publishes for a project: a deliverable, a publication or a report summary.

    Written by the CORDIS results import (``projects.cordis_results``), matched on CORDIS's id; editors
    may unpublish one but write none.
    """

    cordis_id = models.CharField(_("CORDIS id"), max_length=100, unique=True)
    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="cordis_results", verbose_name=_("project"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=CordisResultKind.choices)
    title = models.CharField(_("title"), max_length=1000)
    type = models.CharField(_("type"), max_length=200, blank=True, help_text=_("As CORDIS names it."))
    description = TextField(_("description"), blank=True)
    url = models.URLField(_("link"), max_length=1000, blank=True)
    doi = models.CharField(_("DOI"), max_length=200, blank=True)
    authors = TextField(_("authors"), blank=True)
    journal = models.CharField(_("journal"), max_length=500, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    cordis_updated = models.DateTimeField(_("updated in CORDIS"), null=True, blank=True)
    is_published = models.BooleanField(_("published"), default=True)

    objects = ProjectResultQuerySet.as_manager()

    class Meta:
        ordering = ["kind", F("year").desc(nulls_last=True), "title"]
        verbose_name = _("CORDIS result")
        verbose_name_plural = _("CORDIS results")
        indexes = [models.Index(fields=["project", "kind"], name="projects_cordisresult_project")]

    def __str__(self):
        return self.title

    @property
    def doi_url(self):
        return f"https://doi.org/{self.doi}" if self.doi else ""


def fill_project_countries(connection, project_country, participation, organisation):
    """Write every project's countries into an empty table, in one statement: no row comes through Python.
    Given the models, as a migration has them too."""
    table, participations, organisations = (
        connection.ops.quote_name(model._meta.db_table) for model in (project_country, participation, organisation)
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (project_id, country) SELECT DISTINCT p.project_id, o.country "
            f"FROM {participations} p INNER JOIN {organisations} o ON o.id = p.organisation_id "
            "WHERE o.is_published AND o.country <> ''"
        )


class ProjectCountryQuerySet(models.QuerySet):
    def refresh(self, projects=None):
        """Rewrite the countries of ``projects`` (ids; all projects when None) from their published participants."""
        if projects is None:
            self.all().delete()
            fill_project_countries(connection, ProjectCountry, Participation, Organisation)
            return
        projects = list(projects)
        self.filter(project__in=projects).delete()
        rows = (
            Participation.objects.filter(project__in=projects, organisation__is_published=True)
            .exclude(organisation__country="").order_by().values_list("project", "organisation__country").distinct()
        )
        self.bulk_create([ProjectCountry(project_id=project, country=country) for project, country in rows])


class ProjectCountry(models.Model):
    """A country of a project's published participants: the project list's country filter reads these.

    Kept at write time (``projects.signals``, the CORDIS import): a filter through every participation and
    organisation took 50 ms a query at the size of a CORDIS export, and the list runs six such queries.
    """

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="countries")
    country = models.CharField(max_length=2)

    objects = ProjectCountryQuerySet.as_manager()

    class Meta:
        default_permissions = ()  # kept by the site, never edited
        constraints = [models.UniqueConstraint(fields=["project", "country"], name="projects_project_country_once")]
        indexes = [models.Index(fields=["country", "project"], name="projects_country_project")]

    def __str__(self):
        return f"{self.project_id} {self.country}"


class SearchEntry(models.Model):
    """A row of a full-text index (``projects.search.index``): its table is made by the migration, not from here."""

    document = SearchDocumentField(null=True)

    class Meta:
        abstract = True

    def __str__(self):
        return str(self.pk)


class ProjectSearch(SearchEntry):
    project = models.OneToOneField(
        Project, on_delete=models.DO_NOTHING, primary_key=True, db_column="rowid", db_constraint=False,
        related_name="search_entry",
    )

    class Meta:
        db_table = "projects_projectsearch"
        default_permissions = ()  # kept by the site, never edited


class OrganisationSearch(SearchEntry):
    organisation = models.OneToOneField(
        Organisation, on_delete=models.DO_NOTHING, primary_key=True, db_column="rowid", db_constraint=False,
        related_name="search_entry",
    )

    class Meta:
        db_table = "projects_organisationsearch"
        default_permissions = ()  # kept by the site, never edited


# How long the progress of an import is kept after the worker last reported it.
PROGRESS_KEPT = 24 * 60 * 60


def import_files():
    """Where uploaded CORDIS files wait for the worker: a private place, never served to visitors."""
    return storages["imports"]


class CordisImportQuerySet(models.QuerySet):
    def unfinished(self):
        return self.filter(status__in=[CordisImport.Status.QUEUED, CordisImport.Status.RUNNING])


class CordisImport(models.Model):
    """An import of a CORDIS export that an editor asked for in the admin, run by a task worker.

    The files are kept until the import has run. While it runs, the worker reports its progress
    through the ``progress`` cache, which every process shares (``progress()``); its report, or
    the problems that stopped it, are kept here for the editor to read at any time.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Not imported")

    class Imports(models.TextChoices):
        PROJECTS = "projects", _("Projects and organisations")
        RESULTS = "results", _("Results of projects")

    imports = models.CharField(_("what it imports"), max_length=10, choices=Imports.choices, default=Imports.PROJECTS)
    # The files of each kind of import, those given: a results import needs one of its three, not all.
    projects_file = models.FileField(_("projects file"), upload_to="cordis/", storage=import_files, blank=True)
    organisations_file = models.FileField(
        _("organisations file"), upload_to="cordis/", storage=import_files, blank=True,
    )
    deliverables_file = models.FileField(_("deliverables file"), upload_to="cordis/", storage=import_files, blank=True)
    publications_file = models.FileField(_("publications file"), upload_to="cordis/", storage=import_files, blank=True)
    reports_file = models.FileField(_("report summaries file"), upload_to="cordis/", storage=import_files, blank=True)
    # The names the editor's files had, for the report: the stored ones are the storage's.
    projects_file_name = models.CharField(_("projects file name"), max_length=255, blank=True)
    organisations_file_name = models.CharField(_("organisations file name"), max_length=255, blank=True)
    deliverables_file_name = models.CharField(_("deliverables file name"), max_length=255, blank=True)
    publications_file_name = models.CharField(_("publications file name"), max_length=255, blank=True)
    reports_file_name = models.CharField(_("report summaries file name"), max_length=255, blank=True)
    only_organisation = models.PositiveIntegerField(
        _("only the projects of the organisation with PIC"), null=True, blank=True,
    )
    publish_all = models.BooleanField(_("publish every project"), default=False)
    dry_run = models.BooleanField(_("dry run"), default=True)
    # The editor's language, in which the worker writes the report.
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("requested by"),
    )
    created = models.DateTimeField(_("requested"), auto_now_add=True)
    started = models.DateTimeField(_("started"), null=True, blank=True)
    finished = models.DateTimeField(_("finished"), null=True, blank=True)
    report = models.JSONField(_("report"), null=True, blank=True, editable=False)
    problems = models.JSONField(_("problems"), default=list, blank=True, editable=False)

    objects = CordisImportQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = _("CORDIS import")
        verbose_name_plural = _("CORDIS imports")

    def __str__(self):
        date = date_format(timezone.localtime(self.created), "SHORT_DATETIME_FORMAT")
        if self.imports == self.Imports.RESULTS:
            return _("CORDIS import of results of %(date)s") % {"date": date}
        return _("CORDIS import of %(date)s") % {"date": date}

    FILES = {Imports.PROJECTS: ["projects", "organisations"], Imports.RESULTS: ["deliverables", "publications", "reports"]}

    def files(self):
        """{kind: (stored file, the name the editor's file had)} of the files given, in the order the import reads them."""
        return {kind: (getattr(self, f"{kind}_file"), getattr(self, f"{kind}_file_name"))
                for kind in self.FILES[self.imports] if getattr(self, f"{kind}_file_name")}

    @property
    def file_names(self):
        return [name for file, name in self.files().values()]

    # What the worker last said, through the "progress" cache, which every process shares.

    @property
    def progress_key(self):
        return f"cordis-import:{self.pk}"

    def progress_record(self):
        """What the worker last wrote: {step, done, total, step_started, beat}, or None."""
        return caches["progress"].get(self.progress_key)

    def record_progress(self, step, done, total, rows=None):
        """Called by the importer as it goes: ``done`` of ``total`` of ``step`` (a file's name, …), ``rows`` so far."""
        progress = self.progress_record() or {}
        now = time.time()
        if progress.get("step") != str(step):
            progress = {"step": str(step), "step_started": now}
        progress.update(done=done, total=total, rows=rows, beat=now)
        caches["progress"].set(self.progress_key, progress, PROGRESS_KEPT)

    def beat(self):
        """The worker is alive: called every few seconds while the import runs, whatever it is doing."""
        progress = self.progress_record() or {}
        progress["beat"] = time.time()
        caches["progress"].set(self.progress_key, progress, PROGRESS_KEPT)

    def progress(self):
        """{step, done, total, percent, seconds_left} of the running import, or None."""
        progress = self.progress_record()
        if self.status != self.Status.RUNNING or not progress or "step" not in progress:
            return None
        done, total = progress["done"], progress["total"]
        percent = min(100, done * 100 // total) if total else 0
        elapsed = progress["beat"] - progress["step_started"]
        seconds_left = round(elapsed * (total - done) / done) if done and total else None
        return {**progress, "percent": percent, "seconds_left": seconds_left}

    def is_stalled(self):
        """Running, yet the worker has not been heard of for a while: it was stopped or it died."""
        if self.status != self.Status.RUNNING:
            return False
        # With the shared cache down, the worker's beats are lost, not missing: nothing tells that it stopped.
        if not getattr(caches["progress"], "is_available", lambda: True)():
            return False
        beat = (self.progress_record() or {}).get("beat")
        last_heard = beat if beat is not None else self.started.timestamp()
        return time.time() - last_heard > settings.IMPORT_STALLED_AFTER

    # The steps of its life, each saved at once: the worker and the admin read them from other processes.

    def start(self):
        self.status, self.started = self.Status.RUNNING, timezone.now()
        self.save(update_fields=["status", "started"])
        # Nothing the cache may still hold under this id (a database restored, say) counts as this run's.
        caches["progress"].set(self.progress_key, {"beat": time.time()}, PROGRESS_KEPT)

    def finish(self, report):
        self.status, self.finished, self.report = self.Status.DONE, timezone.now(), report
        self.save(update_fields=["status", "finished", "report"])

    def fail(self, problems):
        self.status, self.finished, self.problems = self.Status.FAILED, timezone.now(), [str(p) for p in problems]
        self.save(update_fields=["status", "finished", "problems"])

    def give_up_if_stalled(self):
        """Mark a stalled import as failed, saying what happened. Its transaction ended with its worker."""
        if self.is_stalled():
            self.fail([_(
                "The import stopped before it finished: the worker process running it ended. "
                "Nothing was imported. Start the import again."
            )])

    def may_run_for_real(self):
        """Whether this is a dry run that went well and still holds its files, which an editor may now import."""
        return self.dry_run and self.status == self.Status.DONE and any(file for file, name in self.files().values())

    def for_real(self):
        """The import of this dry run's files, not yet saved; the files become its own, and this run lets them go."""
        fields = ["imports", "only_organisation", "publish_all"] + [
            f"{kind}_file{suffix}" for kind in self.FILES[self.imports] for suffix in ("", "_name")]
        job = CordisImport(dry_run=False, **{name: getattr(self, name) for name in fields})
        for kind in self.FILES[self.imports]:
            setattr(self, f"{kind}_file", "")
        self.save(update_fields=[f"{kind}_file" for kind in self.FILES[self.imports]])
        return job

    def discard_files(self):
        for file, _name in self.files().values():
            if file:
                file.delete(save=False)
        self.save(update_fields=[f"{kind}_file" for kind in self.FILES[self.imports]])
