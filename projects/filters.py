"""
The filters of the public project list.

``ProjectFilter`` reads the GET parameters of ``/projects/``; ``facet_counts``
tells, beside each option, how many projects choosing it would give, with the
other filters kept. Both run a fixed number of queries whatever the data size.
"""

import django_filters
from django import forms
from django.db.models import Count, Exists, F, FilteredRelation, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from core.collation import sorted_by
from core.content_version import cached
from core.filters import OrderingFilter, PublicListFilter
from projects.models import (
    CordisResult,
    Organisation,
    Participation,
    Programme,
    Project,
    ProjectCountry,
    Result,
    Role,
    Status,
    Theme,
    status_condition,
)


class YearFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("field_name", "start_date")
        super().__init__(*args, min_value=1950, max_value=2100, **kwargs)


class NullsLastOrderingFilter(OrderingFilter):
    """Ordering with empty values last both ways, and a stable tie-break for pagination."""

    def get_ordering_value(self, param):
        descending = param.startswith("-")
        field = F(self.param_map.get(param.lstrip("-"), param.lstrip("-")))
        return field.desc(nulls_last=True) if descending else field.asc(nulls_last=True)

    def filter(self, qs, value):
        qs = super().filter(qs, value)
        return qs.order_by(*qs.query.order_by, "acronym", "pk") if self.chosen(value) else qs


class ProjectOrderingFilter(NullsLastOrderingFilter):
    """The project list's orders, one of them by the EU contribution to the featured organisation (``featured_eu``),
    unknown amounts and the projects it takes no part in last either way. Joined only when chosen, so that the
    other orders cost nothing more.

    Its participations are joined once (LEFT JOIN), by the featured organisation's id read first (one query): a
    subquery for each project took 95 ms for 35,000 projects on PostgreSQL, and 145 ms more to compile (JIT),
    where the join hashes the featured organisation's participations and costs what ``-eu`` does (25 ms).
    """

    FEATURED_EU = "featured-eu"

    def filter(self, qs, value):
        if any(param.lstrip("-") == self.FEATURED_EU for param in self.chosen(value)):
            featured = Organisation.objects.featured().values_list("pk", flat=True).first()
            if featured is None:  # no contribution known to anyone: all alike, in the tie-break's order
                value = [param for param in value if param.lstrip("-") != self.FEATURED_EU]
                qs = qs.order_by("acronym", "pk")
            else:
                qs = qs.alias(
                    featured_participation=FilteredRelation(
                        "participations", condition=Q(participations__organisation=featured),
                    ),
                    featured_eu=F("featured_participation__eu_contribution"),
                )
        return super().filter(qs, value)


def published_countries():
    """The countries of the published organisations, by name in the page's language (cached per language): asked
    for by the filters' choices and by the partners' order by country, in the same request."""
    return cached("countries-named", (), lambda: sorted_by(
        ((code, countries.name(code)) for code in Organisation.objects.published_countries()),
        key=lambda choice: choice[1],
    ))


def programme_choices():
    """The programmes of the published projects, by name: editors may add many more than the site uses."""
    def compute():
        # The codes read once from the (published, programme) index: an EXISTS for each programme scanned the
        # projects on SQLite for each programme that has none (30 ms at full size).
        programmes = Programme.objects.filter(code__in=Project.objects.published().values("programme"))
        return list(programmes.order_by("-in_cordis", "name").values_list("code", "name"))

    return cached("programmes", (), compute)


def theme_choices():
    return Theme.objects.values_list("slug", "name")


class ProjectFilter(PublicListFilter):
    q = django_filters.CharFilter(
        label=_("Search"), method="filter_text",
        help_text=_("Words, or a phrase in quotes, from the acronym, title, summary, objective, keywords or themes."),
    )
    theme = django_filters.MultipleChoiceFilter(
        label=_("Theme"), field_name="themes__slug", choices=theme_choices, distinct=True,
        widget=forms.CheckboxSelectMultiple,
    )
    programme = django_filters.ChoiceFilter(label=_("Programme"), choices=programme_choices, empty_label=_("Any"))
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Status.choices, method="filter_status", empty_label=_("Any"),
    )
    year_from = YearFilter(label=_("Started in or after"), lookup_expr="year__gte")
    year_to = YearFilter(label=_("Started in or before"), lookup_expr="year__lte")
    role = django_filters.ChoiceFilter(
        label=_("Role of the municipality"), choices=Role.choices, method="filter_role", empty_label=_("Any"),
    )
    country = django_filters.ChoiceFilter(
        label=_("Partner country"), choices=published_countries, method="filter_country", empty_label=_("Any"),
    )
    min_eu = django_filters.NumberFilter(
        label=_("EU contribution of at least (EUR)"), field_name="eu_contribution", lookup_expr="gte", min_value=0,
    )
    has_results = django_filters.BooleanFilter(
        label=_("Only projects with results"), method="filter_has_results", widget=forms.CheckboxInput,
    )
    partner = django_filters.CharFilter(
        label=_("Organisation"), method="filter_partner", widget=forms.HiddenInput,
    )
    ordering = ProjectOrderingFilter(
        label=_("Sort by"), empty_label=_("Newest first"),
        fields=[("start_date", "start"), ("end_date", "end"), ("acronym", "acronym"), ("eu_contribution", "eu"),
                ("featured_eu", ProjectOrderingFilter.FEATURED_EU)],
        field_labels={
            "start_date": _("Start date, oldest first"), "-start": _("Start date, newest first"),
            "end_date": _("End date, earliest first"), "-end": _("End date, latest first"),
            "acronym": _("Acronym, A to Z"), "-acronym": _("Acronym, Z to A"),
            "eu_contribution": _("EU contribution, smallest first"), "-eu": _("EU contribution, largest first"),
            # Unknown amounts, and projects the municipality takes no part in, come last either way.
            "featured_eu": _("EU contribution to the municipality, smallest first"),
            f"-{ProjectOrderingFilter.FEATURED_EU}": _("EU contribution to the municipality, largest first"),
        },
    )


    class Meta:
        model = Project
        fields = []

    def filter_status(self, queryset, name, value):
        return queryset.with_status(value)

    def filter_role(self, queryset, name, value):
        return queryset.filter(pk__in=Participation.objects.of_featured().filter(role=value).values("project"))

    def filter_country(self, queryset, name, value):
        return queryset.filter(pk__in=ProjectCountry.objects.filter(country=value).values("project"))

    def filter_has_results(self, queryset, name, value):
        if not value:  # unticked: every project
            return queryset
        return queryset.filter(
            Exists(Result.objects.published().filter(project=OuterRef("pk")))
            | Exists(CordisResult.objects.published().filter(project=OuterRef("pk")))
        )

    def filter_partner(self, queryset, name, value):
        return self.with_participants(queryset, slug=value)

    @staticmethod
    def with_participants(queryset, **lookups):
        """The projects in which a published organisation matching ``lookups`` takes part."""
        organisations = Organisation.objects.published().filter(**lookups)
        return queryset.filter(pk__in=Participation.objects.of_organisations(organisations).values("project"))

    def facet_counts(self):
        """For each theme, programme, status and role option: how many projects choosing it would give."""
        return cached("facets", self.cache_parts(), self.compute_facet_counts)

    def projects_in(self, excluded):
        """A condition on rows with a ``project`` (participations, theme links): that the project is in the list as
        it would be with every filter but ``excluded``.

        Asked row by row (EXISTS) for plain filters, which the database answers from an index for each of the few
        rows asking (1,500 participations of the featured organisation, a few thousand theme links): 4 to 10 ms
        at the size of a CORDIS export, where listing the projects first took 18. A text search is the
        exception: it is run once (IN), not once a row.
        """
        projects = self.queryset_without(excluded)
        if self.form.cleaned_data.get("q") and excluded != "q":
            return Q(project__in=projects.values("pk"))
        return Exists(projects.filter(pk=OuterRef("project")))

    def compute_facet_counts(self):
        today = timezone.localdate()
        # Counting a column of the (published, dates) and (published, programme) indexes, never empty, rather than
        # the ids: the database answers from the index alone, where counting ids read every project's row (40
        # against 11 ms on PostgreSQL, at full size). Django allows no COUNT(*) with a filter.
        statuses = {status: Count("is_published", filter=status_condition(status, today)) for status in Status}
        if not (self.form.cleaned_data.get("status") or self.form.cleaned_data.get("programme")):
            # Both counted over the same list: in one query, by programme, each row counting its statuses too.
            rows = list(self.queryset_without("status").order_by().values("programme").annotate(
                n=Count("programme"), **statuses))
            by_programme = {row["programme"]: row["n"] for row in rows}
            by_status = {status: sum(row[status] for row in rows) for status in Status}
        else:
            by_status = self.queryset_without("status").aggregate(**statuses)
            by_programme = dict(
                self.queryset_without("programme").order_by().values_list("programme").annotate(n=Count("programme"))
            )
        by_role = dict(
            Participation.objects.of_featured().filter(self.projects_in("role"))
            .order_by().values_list("role").annotate(n=Count("project", distinct=True))
        )
        links = Project.themes.through.objects.filter(theme=OuterRef("pk")).filter(self.projects_in("theme"))
        themes = Theme.objects.annotate(project_count=Coalesce(
            Subquery(links.order_by().values("theme").annotate(n=Count("project")).values("n")), 0,
        ))
        return {
            "status": by_status,
            "programme": by_programme,
            "role": by_role,
            "theme": {theme.slug: (theme.name, theme.project_count) for theme in themes},
        }

    def show_counts(self):
        """Put beside each theme, programme, status and role option the number of projects it gives."""
        counts = self.facet_counts()
        self.form.fields["theme"].choices = [
            (slug, counted(name, count)) for slug, (name, count) in counts["theme"].items()
        ]
        for name, choices in [("programme", programme_choices()), ("status", Status.choices), ("role", Role.choices)]:
            # django-filter puts the "Any" choice in front by itself.
            self.form.fields[name].choices = [
                (value, counted(label, counts[name].get(value, 0))) for value, label in choices
            ]


def counted(label, count):
    return _("%(label)s (%(count)s)") % {"label": label, "count": number_format(count, force_grouping=True)}
