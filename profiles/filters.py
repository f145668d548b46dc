"""The filters of the public list of partner organisations."""

import django_filters
from django.utils.translation import gettext_lazy as _

from core.filters import OrderingFilter, PublicListFilter
from projects.filters import published_countries
from projects.models import Organisation, OrganisationKind


class OrganisationFilter(PublicListFilter):
    q = django_filters.CharFilter(
        label=_("Search"), method="filter_text", help_text=_("Words from the name or the city."),
    )
    country = django_filters.ChoiceFilter(label=_("Country"), choices=published_countries, empty_label=_("Any"))
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=OrganisationKind.choices, empty_label=_("Any"))
    ordering = OrderingFilter(
        label=_("Sort by"), empty_label=_("Most shared projects first"),
        fields=[("name", "name"), ("country", "country")],
        field_labels={
            "name": _("Name, A to Z"), "-name": _("Name, Z to A"),
            "country": _("Country code, A to Z"), "-country": _("Country code, Z to A"),
        },
    )


    class Meta:
        model = Organisation
        fields = []
