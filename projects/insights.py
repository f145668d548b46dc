"""
What the data says about an organisation's portfolio.

``portfolio_insights(organisation)`` reads the organisation's participations in
published projects and the recorded rosters of those projects, in a fixed
number of queries whatever the size of the portfolio, and computes the track
record a profile states: projects and roles, money received, years, the
longest project, consortium sizes, the partner network and how the themes
moved over time.

Rosters are often incomplete (a CORDIS export may miss partners, an editor
may record only a few). Every figure that depends on them says whether it is
complete, and counts from an incomplete roster are lower bounds.

Shares, averages and trends need a few projects to mean anything: a partner
in one project is not "0% coordinator", and two projects show no movement of
themes. ``shows_shares``, ``shows_averages`` and ``shows_trends`` say whether
a portfolio has enough of them.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from statistics import mean

from django.db import models
from django.db.models import Count, F, Q
from django.utils.translation import gettext_lazy as _
from django_countries import countries as country_names

from core.collation import language_of_page, sort_key
from projects.models import Organisation, Participation, Project, Role, Theme, months_between


class Metric(models.TextChoices):
    """The figures a profile may state that the site can compute."""

    PROJECTS = "projects", _("Number of projects")
    PARTNERS = "partners", _("Number of partner organisations")
    COUNTRIES = "countries", _("Number of partner countries")
    AVERAGE_CONSORTIUM = "average-consortium", _("Average consortium size")
    LARGEST_GRANT = "largest-grant", _("Largest EU contribution received")


class SizeSource(models.TextChoices):
    RECORDED = "recorded", _("recorded partners")
    DECLARED = "declared", _("declared size")


@dataclass
class ProjectFacts:
    """What the insights read of a project: plain values, since a portfolio may hold thousands."""

    pk: int
    acronym: str
    slug: str
    start_date: object
    end_date: object
    declared_consortium_size: int | None

    @cached_property
    def duration_months(self):
        return months_between(self.start_date, self.end_date)

    def get_absolute_url(self):
        return Project(slug=self.slug).get_absolute_url()


@dataclass
class ParticipationFacts:
    role: str
    eu_contribution: Decimal | None


@dataclass
class ProjectRecord:
    """One project of the portfolio, as the organisation took part in it."""

    project: ProjectFacts
    participation: ParticipationFacts
    recorded_size: int
    themes: list = field(default_factory=list)  # theme names, sorted

    @property
    def declared_size(self):
        return self.project.declared_consortium_size

    @property
    def roster_complete(self):
        """True when every partner the project declares is recorded; unknown sizes count as incomplete."""
        return self.declared_size is not None and self.recorded_size >= self.declared_size

    @property
    def size_source(self):
        """The declared size where the recorded roster is shorter than it, else the recorded roster."""
        if self.declared_size is not None and self.recorded_size < self.declared_size:
            return SizeSource.DECLARED
        return SizeSource.RECORDED

    @property
    def consortium_size(self):
        return self.declared_size if self.size_source == SizeSource.DECLARED else self.recorded_size

    @property
    def size_known(self):
        return self.declared_size is not None or self.roster_complete


TOP_PARTNERS = 10  # the partners a profile names

# How many projects a share (coordinated in 1 of 3), an average (partners per consortium) and a trend (how the
# themes moved) need before a page states them: one project supports none of them, and two make a share of 50%
# or a "move" of themes out of a single pair.
SHARES_FROM = 3
AVERAGES_FROM = 2
TRENDS_FROM = 3  # dated projects, over at least two start years


@dataclass
class YearTotal:
    """The EU contribution to an organisation for the projects that started in one year (``None``: not known)."""

    year: int | None
    total: Decimal
    known: int      # projects whose contribution is known
    projects: int   # projects that started that year

    @property
    def complete(self):
        return self.known == self.projects


@dataclass
class Partner:
    organisation_id: int
    name: str
    slug: str
    country: str
    shared_projects: int


@dataclass
class Insights:
    records: list = field(default_factory=list)
    # The partners, most shared projects first: all of them, or, for a network counted apart (the featured
    # organisation's, from the counts kept at write time), the first TOP_PARTNERS, with the total and the
    # countries counted in the database.
    partners: list = field(default_factory=list)
    partner_total: int | None = None
    countries: list | None = None

    # Projects and roles

    @cached_property
    def project_count(self):
        return len(self.records)

    @cached_property
    def coordinated_count(self):
        return sum(1 for r in self.records if r.participation.role == Role.COORDINATOR)

    @cached_property
    def partner_role_count(self):
        """Projects taken part in other than as coordinator (participant, partner, third party…)."""
        return self.project_count - self.coordinated_count

    @cached_property
    def shows_shares(self):
        return self.project_count >= SHARES_FROM

    @cached_property
    def shows_averages(self):
        return self.project_count >= AVERAGES_FROM

    @cached_property
    def shows_trends(self):
        return len(self.dated) >= TRENDS_FROM and len({r.project.start_date.year for r in self.dated}) >= 2

    # Money

    @cached_property
    def contributions(self):
        """The records whose EU contribution to the organisation is known."""
        return [r for r in self.records if r.participation.eu_contribution is not None]

    @cached_property
    def money_complete(self):
        return bool(self.records) and len(self.contributions) == len(self.records)

    @cached_property
    def total_contribution(self):
        return sum((r.participation.eu_contribution for r in self.contributions), Decimal(0))

    @cached_property
    def contributions_by_start_year(self):
        """A ``YearTotal`` for each start year, in order, then one for the projects without a start date: every
        project is in one of them, whether its contribution is known or not."""
        years = defaultdict(lambda: [Decimal(0), 0, 0])
        for r in self.records:
            year = years[r.project.start_date.year if r.project.start_date else None]
            year[2] += 1
            if r.participation.eu_contribution is not None:
                year[0] += r.participation.eu_contribution
                year[1] += 1
        ordered = sorted(years, key=lambda year: (year is None, year or 0))
        return [YearTotal(year, *years[year]) for year in ordered]

    @cached_property
    def largest_contribution(self):
        """The record with the largest EU contribution (the earliest project on a tie), or ``None``."""
        return max(self.contributions, key=lambda r: r.participation.eu_contribution, default=None)

    # Time

    @cached_property
    def dated(self):
        return [r for r in self.records if r.project.start_date is not None]

    @cached_property
    def first_start_year(self):
        return min((r.project.start_date.year for r in self.dated), default=None)

    @cached_property
    def last_start_year(self):
        return max((r.project.start_date.year for r in self.dated), default=None)

    @cached_property
    def longest(self):
        """The record of the longest project (the earliest on a tie); projects without both dates are left out."""
        timed = [r for r in self.records if r.project.duration_months is not None]
        return max(timed, key=lambda r: r.project.duration_months, default=None)

    @cached_property
    def timeline(self):
        """Dated records by start date, then acronym."""
        return sorted(self.dated, key=lambda r: (r.project.start_date, r.project.acronym))

    # Consortia

    @cached_property
    def consortium_sizes_complete(self):
        return bool(self.records) and all(r.size_known for r in self.records)

    @cached_property
    def average_consortium_size(self):
        return mean(r.consortium_size for r in self.records) if self.records else None

    @cached_property
    def largest_consortium(self):
        return max(self.records, key=lambda r: r.consortium_size, default=None)

    # Network

    @cached_property
    def rosters_complete(self):
        return bool(self.records) and all(r.roster_complete for r in self.records)

    @cached_property
    def partial_roster_count(self):
        """Projects whose recorded roster may miss partners (shorter than declared, or no size declared)."""
        return sum(1 for r in self.records if not r.roster_complete)

    @cached_property
    def unknown_size_count(self):
        return sum(1 for r in self.records if not r.size_known)

    @cached_property
    def partner_count(self):
        return len(self.partners) if self.partner_total is None else self.partner_total

    @cached_property
    def partner_countries(self):
        """Countries by number of partner organisations, most first: [(code, count)]."""
        if self.countries is not None:
            return self.countries
        return by_count(Counter(p.country for p in self.partners if p.country).items())

    @cached_property
    def partner_country_count(self):
        return len(self.partner_countries)

    def top_partners(self, limit=TOP_PARTNERS):
        return self.partners[:limit]

    @cached_property
    def frequent_partners(self):
        """The first partners by shared projects, those met in more than one: a partner of one project is not
        "frequent", and among hundreds of them the first few by name say nothing."""
        return [partner for partner in self.top_partners(5) if partner.shared_projects > 1]

    # Themes over time

    @cached_property
    def themes_by_year(self):
        """{start year: Counter of theme names}, years in order."""
        by_year = defaultdict(Counter)
        for r in self.dated:
            by_year[r.project.start_date.year].update(r.themes)
        return dict(sorted(by_year.items()))

    @cached_property
    def periods(self):
        """The portfolio split into an early and a late half by start date (the middle project goes early)."""
        timeline = self.timeline
        middle = (len(timeline) + 1) // 2
        return timeline[:middle], timeline[middle:]

    @cached_property
    def themes_by_period(self):
        """(early Counter, late Counter) of theme names."""
        return [Counter(theme for r in half for theme in r.themes) for half in self.periods]

    @cached_property
    def theme_shift(self):
        """(themes only in the early half, themes only in the late half), each sorted by name."""
        early, late = self.themes_by_period
        return sorted(set(early) - set(late)), sorted(set(late) - set(early))

    # Key figures

    def metric(self, metric):
        """The computed value of ``metric`` and whether the data behind it is complete: (value, complete)."""
        metric = Metric(metric)
        if metric == Metric.PROJECTS:
            # With nothing recorded yet, a count of 0 says more about the site than about the organisation.
            return self.project_count, bool(self.records)
        if metric == Metric.PARTNERS:
            return self.partner_count, self.rosters_complete
        if metric == Metric.COUNTRIES:
            return self.partner_country_count, self.rosters_complete
        if metric == Metric.AVERAGE_CONSORTIUM:
            return self.average_consortium_size, self.consortium_sizes_complete
        largest = self.largest_contribution
        return (largest.participation.eu_contribution if largest else None), self.money_complete

    def coverage(self, metric):
        """(projects whose data behind ``metric`` is complete, projects): what a computed figure rests on."""
        metric = Metric(metric)
        incomplete = {
            Metric.PROJECTS: 0,
            Metric.PARTNERS: self.partial_roster_count,
            Metric.COUNTRIES: self.partial_roster_count,
            Metric.AVERAGE_CONSORTIUM: self.unknown_size_count,
            Metric.LARGEST_GRANT: self.project_count - len(self.contributions),
        }[metric]
        return self.project_count - incomplete, self.project_count


PROJECT_FIELDS = ["acronym", "slug", "start_date", "end_date", "declared_consortium_size"]


@dataclass
class MetricValues:
    """Just the computed metrics of some Insights: small enough to cache and to check key figures against."""

    values: dict
    coverages: dict | None = None  # None in values cached before coverage was kept

    @classmethod
    def of(cls, insights):
        return cls(
            {metric: insights.metric(metric) for metric in Metric},
            {metric: insights.coverage(metric) for metric in Metric},
        )

    def metric(self, metric):
        return self.values[Metric(metric)]

    def coverage(self, metric):
        """(projects whose data is complete for ``metric``, projects), or ``None`` when not known."""
        return (self.coverages or {}).get(Metric(metric))


def portfolio_insights(organisation):
    """The insights of ``organisation``'s published projects, in four queries."""
    own = Participation.objects.filter(organisation=organisation, project__is_published=True)
    rows = own.order_by(F("project__start_date").asc(nulls_last=True), "project__acronym").values_list(
        "role", "eu_contribution", "project_id", *(f"project__{name}" for name in PROJECT_FIELDS)
    )
    # The organisation itself counts even before it is published (the admin computes its figures too).
    rosters = Participation.objects.filter(project__in=own.values("project")).filter(
        Q(organisation__is_published=True) | Q(organisation=organisation)
    )
    recorded_sizes = dict(rosters.order_by().values_list("project").annotate(n=Count("pk")))
    # Theme names as plain values, in the visitor's language: model instances for every theme of
    # every project cost too much.
    themes = defaultdict(list)
    for project_id, name in (
        Theme.objects.filter(projects__in=own.values("project")).order_by().values_list("projects", "name")
    ):
        themes[project_id].append(name)
    for names in themes.values():
        names.sort(key=str.casefold)
    records = [
        ProjectRecord(
            project=ProjectFacts(project_id, *project_values),
            participation=ParticipationFacts(role, eu_contribution),
            recorded_size=recorded_sizes.get(project_id, 0),
            themes=themes[project_id],
        )
        for role, eu_contribution, project_id, *project_values in rows
    ]
    return Insights(records=records, **network_of(organisation, own))


def network_of(organisation, own):
    """The published organisations that share published projects (``own``) with ``organisation``, most shared
    first, as ``Insights`` takes them.

    The featured organisation's network is read from the counts kept at write time (``shared_projects``),
    and summed up in the database: listing and counting it here took 150 ms for a portfolio of 1,500 projects
    and 17,000 partners.
    """
    if organisation.is_featured:
        network = Organisation.objects.published().exclude(pk=organisation.pk).filter(shared_projects__gt=0)
        countries = list(network.order_by().values_list("country").annotate(n=Count("pk")))  # "" too: all count
        return {
            "partners": [Partner(*row) for row in network.by_name("-shared_projects").values_list(
                "pk", "name", "slug", "country", "shared_projects")[:TOP_PARTNERS]],
            "partner_total": sum(n for _country, n in countries),
            "countries": by_count((country, n) for country, n in countries if country),
        }
    # An organisation takes part in a project once (a unique constraint): its rows are its shared projects,
    # counted without DISTINCT, which sorted each partner's rows (19 against 17 ms for 4,500 partners).
    return {"partners": [
        Partner(*row)
        for row in Participation.objects.published()
        .filter(project__in=own.values("project"))
        .exclude(organisation=organisation)
        .values("organisation", "organisation__name", "organisation__slug", "organisation__country")
        .annotate(shared=Count("project"))
        .order_by("-shared", F(f"organisation__name_key_{language_of_page()}"), "organisation")
        .values_list("organisation", "organisation__name", "organisation__slug", "organisation__country", "shared")
    ]}


def by_count(counts):
    """(country code, count) pairs, the largest count first, then by the country's name as the page's reader
    expects (``core.collation``)."""
    return sorted(counts, key=lambda item: (-item[1], sort_key(country_names.name(item[0]))))
