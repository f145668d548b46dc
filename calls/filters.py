"""The filters of the list of open calls, which the JSON interface shares (``opendata/api.py``)."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from calls.models import OpenCall
from core.content_version import cached
from core.filters import PublicListFilter
from projects.models import Programme, Theme


def programme_choices():
    """The programmes of the open calls, by name: only those a visitor can find a call of today."""
    def compute():
        programmes = Programme.objects.filter(code__in=OpenCall.objects.open().values("programme"))
        return list(programmes.order_by("-in_cordis", "name").values_list("code", "name"))

    return cached("call-programmes", (timezone.localdate().isoformat(),), compute)


def theme_choices():
    """The themes of the open calls, by name."""
    def compute():
        themes = Theme.objects.filter(open_calls__in=OpenCall.objects.open()).distinct()
        return list(themes.order_by("name").values_list("slug", "name"))

    return cached("call-themes", (timezone.localdate().isoformat(),), compute)


class OpenCallFilter(PublicListFilter):
    q = django_filters.CharFilter(
        label=_("Search"), method="filter_text",
        help_text=_("Words from the call's identifier or title, e.g. “CIT” or “energy”."),
    )
    programme = django_filters.ChoiceFilter(
        label=_("Programme"), choices=programme_choices, empty_label=_("Any"),
        help_text=_("The programme's code, e.g. HORIZON."),
    )
    theme = django_filters.ChoiceFilter(
        label=_("Theme"), field_name="themes__slug", choices=theme_choices, distinct=True, empty_label=_("Any"),
        help_text=_("A theme's id (its slug), e.g. energy."),
    )
    deadline_before = django_filters.DateFilter(
        label=_("Deadline on or before"), field_name="deadline", lookup_expr="lte",
        help_text=_("A date, e.g. 2026-09-30."),
    )
    # For the API and for links from a profile; the page has a single organisation's calls, nearly always.
    organisation = django_filters.CharFilter(
        label=_("Organisation"), field_name="organisation__slug", widget=forms.HiddenInput,
        help_text=_("The id (slug) of the organisation that wants to join, e.g. comune-di-lecce."),
    )

    class Meta:
        model = OpenCall
        fields = []

    def filter_text(self, queryset, name, value):
        """Every word in the identifier or in the title (in either language)."""
        for word in value.split():
            queryset = queryset.filter(
                Q(identifier__icontains=word) | Q(title_it__icontains=word) | Q(title_en__icontains=word)
            )
        return queryset
