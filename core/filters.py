"""What the public lists share: a free-text search, a country code and an ordering that forgive how they are typed."""

import django_filters
from django.db.models import Q
from django.utils import timezone


class PublicListFilter(django_filters.FilterSet):
    """What the public lists share: a free-text ``q`` over ``search_fields``, and a forgiving ``country`` code."""

    search_fields = ()

    def __init__(self, data=None, *args, **kwargs):
        if data is not None and data.get("country"):
            data = data.copy()
            data["country"] = data["country"].strip().upper()
        super().__init__(data, *args, **kwargs)

    def cache_parts(self):
        """What the list's counts depend on besides the content: the filters (not order or page), and the day."""
        chosen = sorted(
            (name, tuple(value) if isinstance(value, list) else str(value))
            for name, value in self.form.cleaned_data.items()
            if name != "ordering" and value not in (None, "", [])
        )
        return type(self).__name__, timezone.localdate().isoformat(), tuple(chosen)

    def filter_text(self, queryset, name, value):
        """Keep the rows in which every word of ``value`` appears in at least one of the search fields."""
        for word in value.split():
            condition = Q()
            for field in self.search_fields:
                condition |= Q(**{f"{field}__icontains": word})
            queryset = queryset.filter(condition)
        return queryset


class OrderingFilter(django_filters.OrderingFilter):
    """An ordering that names nothing (``ordering=,``) leaves the list in its own order, not in none."""

    def filter(self, qs, value):
        return super().filter(qs, self.chosen(value))

    @staticmethod
    def chosen(value):
        return [param for param in value or () if param]
