from django.db.models import F, Prefetch
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.generic import DetailView
from django_filters.views import FilterView

from core.content_version import cached
from core.preview import PreviewMixin
from core.views import ForgivingFilterMixin
from profiles.filters import OrganisationFilter
from profiles.models import Highlight, KeyFigure, ProfileSection
from projects.charts import portfolio_charts
from projects.insights import MetricValues, portfolio_insights
from projects.models import Organisation, Participation, Result
from projects.network_map import network_map


class OrganisationProfileMixin(PreviewMixin):
    """An organisation's public profile: its published parts and projects, in a fixed number of queries.

    Editors may preview an unpublished organisation's (core/preview.py): still with only the published parts.
    """

    model = Organisation
    context_object_name = "organisation"
    template_name = "profiles/organisation_detail.html"

    def get_queryset(self):
        return self.visible(Organisation.objects).prefetch_related(
            Prefetch("sections", queryset=ProfileSection.objects.published()),
            Prefetch("key_figures", queryset=KeyFigure.objects.published()),
            Prefetch(
                "highlights",
                queryset=Highlight.objects.published().select_related("project"),
            ),
        )

    project_cards = 24
    # A home page, not an archive: past this many, a link leads to the projects with results.
    result_cards = 12

    def track_record(self):
        """The track record section, rendered, and the figures key figures are checked against.

        Cached as text and numbers: a large portfolio's insights take long to compute and to unpickle.
        """
        insights = portfolio_insights(self.object)
        charts = portfolio_charts(insights, reverse("profiles:organisation-list"))
        # The editors' own figures for what the track record computes, named beside it (key figures are prefetched).
        stated = {figure.metric: figure.value for figure in self.object.key_figures.all() if figure.metric}
        return {
            "metrics": MetricValues.of(insights),
            "project_count": insights.project_count,
            "money": {
                "by_year": insights.contributions_by_start_year,
                "total": insights.total_contribution,
                "known": len(insights.contributions),
                "projects": insights.project_count,
            },
            "html": render_to_string(
                "includes/portfolio_insights.html", {"insights": insights, "charts": charts, "stated": stated},
            ),
            # Where the partners are, from the same counts: only the featured organisation's network is whole enough.
            "network_map": network_map(self.object, insights.partner_countries, insights.partner_count)
            if self.object.is_featured else None,
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        parts = (self.object.pk, timezone.localdate().isoformat())
        # Named anew when what it holds changes: a record cached by the previous release has no money in it.
        record = cached("track-record-3", parts, self.track_record)
        context["track_record_html"] = mark_safe(record["html"])  # noqa: S308 - rendered by our own template
        context["project_count"] = record["project_count"]
        context["money"] = record["money"]
        context["network_map"] = record["network_map"]
        context["latest_participations"] = (
            self.object.participations.filter(project__is_published=True)
            .select_related("project", "organisation")
            .prefetch_related("project__themes")
            .order_by(F("project__start_date").desc(nulls_last=True), "project__acronym")[: self.project_cards]
        )
        context["key_figures"] = [figure.resolve(record["metrics"]) for figure in self.object.key_figures.all()]
        context["all_projects_url"] = reverse("projects:project-list") + f"?partner={self.object.slug}"
        if self.object.is_featured:
            # The header and footer show it too: the context processor need not read it again.
            context["featured_organisation"] = self.object
            context.update(self.what_came_of_it())
        return context

    def what_came_of_it(self):
        """The results the editors chose to show on the profile, newest first, in one query."""
        results = list(
            Result.objects.public().highlighted().of(self.object)
            .select_related("project")
            .newest_first()[: self.result_cards + 1]
        )
        return {
            "highlighted_results": results[: self.result_cards],
            "more_results_url": (
                reverse("projects:project-list") + f"?partner={self.object.slug}&has_results=on"
                if len(results) > self.result_cards else None
            ),
        }


class FeaturedProfileView(OrganisationProfileMixin, DetailView):
    """The home page: the featured organisation's profile."""

    def get_object(self, queryset=None):
        return (self.get_queryset() if queryset is None else queryset).featured().first()

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if self.object is None:
            return self.response_class(
                request=request, template=["profiles/no_profile.html"], context={}, using=self.template_engine,
            )
        return self.render_to_response(self.get_context_data(object=self.object))


class OrganisationDetailView(OrganisationProfileMixin, DetailView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if not self.object.is_featured:
            context["shared_project_ids"] = set(Participation.objects.of_featured().values_list("project_id", flat=True))
        return context


class OrganisationListView(ForgivingFilterMixin, FilterView):
    """Partner organisations, with the number of projects each shares with the featured organisation."""

    filterset_class = OrganisationFilter
    template_name = "profiles/organisation_list.html"

    def get_queryset(self):
        return (
            Organisation.objects.published().exclude(is_featured=True).by_name("-shared_projects")
        )
