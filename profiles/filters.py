"""The filters of the public list of partner organisations."""

import django_filters
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from profiles.models import Organisation, OrganisationKind
from projects.filters import PublicListFilter


def organisation_countries():
    """The countries of the published organisations, by name."""
    codes = Organisation.objects.published().exclude(country="").values_list("country", flat=True).order_by().distinct()
    return sorted(((code, countries.name(code)) for code in codes), key=lambda choice: choice[1])


class OrganisationFilter(PublicListFilter):
    q = django_filters.CharFilter(
        label=_("Search"), method="filter_text", help_text=_("Words from the name or the city."),
    )
    country = django_filters.ChoiceFilter(label=_("Country"), choices=organisation_countries, empty_label=_("Any"))
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=OrganisationKind.choices, empty_label=_("Any"))
    ordering = django_filters.OrderingFilter(
        label=_("Sort by"), empty_label=_("Most shared projects first"),
        fields=[("name", "name"), ("country", "country")],
        field_labels={
            "name": _("Name, A to Z"), "-name": _("Name, Z to A"),
            "country": _("Country code, A to Z"), "-country": _("Country code, Z to A"),
        },
    )

    search_fields = ("name", "short_name", "legal_name", "city")

    class Meta:
        model = Organisation
        fields = []
