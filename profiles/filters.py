"""The filters of the public list of partner organisations."""

import django_filters
from django.utils.translation import gettext_lazy as _

from core.filters import RELEVANCE, OrderingFilter, PublicListFilter
from projects.filters import published_countries
from projects.models import Organisation, OrganisationKind


class OrganisationOrderingFilter(OrderingFilter):
    """By name, or by the country's name, in the page's language as its readers sort (``core.collation``)."""

    def filter(self, qs, value):
        chosen = self.chosen(value)
        if RELEVANCE in (value or ()) and RELEVANCE in qs.query.annotations:
            return super().filter(qs, value)
        if not chosen:  # the list's own order, its ties by name
            return qs.by_name("-shared_projects")
        descending = chosen[0].startswith("-")
        if chosen[0].lstrip("-") == "country":
            return qs.by_country([code for code, _name in published_countries()], descending=descending)
        return qs.by_name(descending=descending)


class OrganisationFilter(PublicListFilter):
    q = django_filters.CharFilter(
        label=_("Search"), method="filter_text", help_text=_("Words from the name or the city."),
    )
    country = django_filters.ChoiceFilter(label=_("Country"), choices=published_countries, empty_label=_("Any"))
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=OrganisationKind.choices, empty_label=_("Any"))
    ordering = OrganisationOrderingFilter(
        label=_("Sort by"), empty_label=_("Most shared projects first"),
        fields=[("name", "name"), ("country", "country")],
        field_labels={
            "name": _("Name, A to Z"), "-name": _("Name, Z to A"),
            "country": _("Country, A to Z"), "-country": _("Country, Z to A"),
        },
    )


    class Meta:
        model = Organisation
        fields = []
