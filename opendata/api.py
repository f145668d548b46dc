"""
The read-only JSON interface: the public lists and records, with the pages' filters.

Each list is its page's view (the same filters, invalid values dropped, the same order)
answering a page of records in JSON, with the field names of the exports
(``opendata/records.py``). ``lang`` (``it`` or ``en``, Italian by default) chooses the
language of the texts and of the addresses in the records. Anyone may read it from
any site (CORS), and nothing but GET and HEAD is answered. Each address may make so many
requests a minute (``API_REQUESTS_PER_MINUTE``, ``opendata/throttle.py``), then is
answered 429 with ``Retry-After`` and a JSON ``detail`` in the language asked for.
"""

import django_filters
from django import forms
from django.conf import settings
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override
from django.views import View
from django.views.decorators.csrf import csrf_exempt
from django_filters.views import FilterView

from calls.views import OpenCallListView
from core.collation import language_of_page
from core.content_version import cached
from core.filters import PublicListFilter
from core.views import ForgivingFilterMixin
from opendata import throttle
from opendata.records import (
    CALL,
    CORDIS,
    EDITORS,
    LICENCE,
    LICENCE_URL,
    ORGANISATION,
    PARTICIPATION,
    PROJECT,
    RESULT,
    RESULT_KINDS,
    SOURCE_NOTE,
)
from opendata.results import ChainedResults
from profiles.views import OrganisationListView
from projects.filters import published_countries
from projects.models import CordisResult, Organisation, Participation, Result, Role
from projects.views import ProjectListView

PAGE_SIZE = ForgivingFilterMixin.paginate_by
MAX_PAGE_SIZE = 100


class Options(forms.Form):
    """The parameters every endpoint takes besides its filters."""

    lang = forms.ChoiceField(choices=settings.LANGUAGES, required=False)
    page_size = forms.IntegerField(min_value=1, max_value=MAX_PAGE_SIZE, required=False)


def json_response(data, status=200):
    return JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})


@method_decorator(csrf_exempt, name="dispatch")  # nothing is ever changed: a POST gets 405, not a CSRF failure
class ApiMixin:
    """JSON in the language of ``lang``, readable from any site, for GET and HEAD only."""

    http_method_names = ["get", "head"]

    def dispatch(self, request, *args, **kwargs):
        asked = request.GET.get("lang")
        self.lang = asked if asked in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        with override(self.lang):
            wait = throttle.wait_for(request, "api", getattr(settings, "API_REQUESTS_PER_MINUTE", 60))
            if wait:
                response = throttle.refused(json_response({"detail": throttle.message(wait)}, status=429), wait)
                # A script on another site may read when to try again: CORS hides this header unless named.
                response["Access-Control-Expose-Headers"] = "Retry-After"
            else:
                options = Options(request.GET)
                options.is_valid()
                self.ignored = [{"filter": name, "reason": " ".join(errors)} for name, errors in options.errors.items()]
                self.page_size = options.cleaned_data.get("page_size") or PAGE_SIZE
                response = super().dispatch(request, *args, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"
        response["Content-Language"] = self.lang
        return response

    def http_method_not_allowed(self, request, *args, **kwargs):
        response = json_response({"detail": str(_("Method not allowed."))}, status=405)
        response["Allow"] = ", ".join(self._allowed_methods())
        return response


class ApiListMixin(ApiMixin):
    """A filtered list view answering one page of ``record``s, with what was ignored and under which licence."""

    record = None

    def get(self, request, *args, **kwargs):
        self.filterset, dropped = self.valid_filterset(self.get_filterset_class())
        # valid_filterset names a dropped filter by its label; the API names it by its parameter.
        names = {str(field.label): name for name, field in self.filterset.form.fields.items()}
        self.ignored += [{"filter": names.get(str(label), str(label)), "reason": reason} for label, reason in dropped]
        queryset = self.filterset.qs
        paginator = Paginator(queryset, self.page_size)
        paginator.count = cached("list-count", self.filterset.cache_parts(), queryset.count)  # shared with the page
        page = paginator.get_page(request.GET.get("page"))
        return json_response({
            "count": paginator.count,
            "page": page.number,
            "pages": paginator.num_pages,
            "page_size": self.page_size,
            "next": self.page_url(page.next_page_number()) if page.has_next() else None,
            "previous": self.page_url(page.previous_page_number()) if page.has_previous() else None,
            "language": self.lang,
            "licence": LICENCE,
            "licence_url": LICENCE_URL,
            "source": str(SOURCE_NOTE),
            "ignored_filters": self.ignored,
            "results": [self.record.of(row, request.build_absolute_uri) for row in page.object_list],
        })

    def page_url(self, number):
        query = self.request.GET.copy()
        query["page"] = number
        return self.request.build_absolute_uri(f"{self.request.path}?{query.urlencode()}")


class ApiDetailMixin(ApiMixin):
    """One published record by its slug, or a JSON 404."""

    record = None

    def get(self, request, slug):
        row = self.get_queryset().filter(slug=slug).first()
        if row is None:
            return json_response({"detail": str(_("Not found."))}, status=404)
        return json_response(self.record.of(row, request.build_absolute_uri))


class ProjectList(ApiListMixin, ProjectListView):
    record = PROJECT


class ProjectDetail(ApiDetailMixin, ProjectListView):
    record = PROJECT


class OrganisationList(ApiListMixin, OrganisationListView):
    record = ORGANISATION


class OrganisationDetail(ApiDetailMixin, View):
    """Any published organisation, the featured one too, with ``shared_projects`` counted as on the list page."""

    record = ORGANISATION

    def get_queryset(self):
        return Organisation.objects.published()


class ParticipationFilter(PublicListFilter):
    project = django_filters.CharFilter(
        label=_("Project"), field_name="project__slug", help_text=_("The project's id (its slug)."),
    )
    organisation = django_filters.CharFilter(
        label=_("Organisation"), field_name="organisation__slug", help_text=_("The organisation's id (its slug)."),
    )
    role = django_filters.ChoiceFilter(label=_("Role"), choices=Role.choices)
    country = django_filters.ChoiceFilter(
        label=_("Country"), field_name="organisation__country", choices=published_countries,
        help_text=_("The organisation's country, as a two-letter ISO code."),
    )

    class Meta:
        model = Participation
        fields = []


class ParticipationList(ApiListMixin, ForgivingFilterMixin, FilterView):
    """Who takes part in which project, published projects and organisations only."""

    filterset_class = ParticipationFilter
    record = PARTICIPATION

    def get_queryset(self):
        return (
            Participation.objects.published().select_related("project", "organisation")
            .order_by("project__acronym", "project_id", "role", f"organisation__name_key_{language_of_page()}", "pk")
        )


class ResultFilter(PublicListFilter):
    """The filters of the results, applied to the office's and to CORDIS's alike (``opendata/results.py``)."""

    project = django_filters.CharFilter(
        label=_("Project"), field_name="project__slug", help_text=_("The project's id (its slug)."),
    )
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=RESULT_KINDS)
    source = django_filters.ChoiceFilter(
        label=_("Source"), choices=[(CORDIS, "CORDIS"), (EDITORS, _("The editors of this site"))],
        method="filter_source",
    )

    class Meta:
        model = Result
        fields = []

    def filter_queryset(self, results):
        return results.map(super().filter_queryset)

    def filter_source(self, queryset, name, value):
        source = CORDIS if queryset.model is CordisResult else EDITORS
        return queryset if value == source else queryset.none()


class ResultList(ApiListMixin, ForgivingFilterMixin, FilterView):
    """What came of the published projects: the editors' results, then CORDIS's."""

    filterset_class = ResultFilter
    record = RESULT

    def get_queryset(self):
        return ChainedResults.public()


class CallList(ApiListMixin, OpenCallListView):
    """The calls open to collaboration, soonest deadline first, with the filters of their page; each until its
    deadline day."""

    record = CALL
