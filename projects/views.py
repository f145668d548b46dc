from django.db.models import Prefetch
from django.views.generic import DetailView
from django_filters.views import FilterView

from core.preview import PreviewMixin
from core.views import ForgivingFilterMixin
from projects.charts import consortium_charts
from projects.filters import ProjectFilter
from projects.models import CordisResult, CordisResultKind, Participation, Project, Result


class ProjectListView(ForgivingFilterMixin, FilterView):
    filterset_class = ProjectFilter
    template_name = "projects/project_list.html"

    def get_queryset(self):
        # The cards never show the objective, the longest text of a project.
        return Project.objects.published().defer("objective").prefetch_related(
            "themes",
            Prefetch(
                "participations", queryset=Participation.objects.of_featured().select_related("organisation"),
                to_attr="featured_participations",
            ),
        )

    def get_context_data(self, **kwargs):
        self.filterset.show_counts()
        return super().get_context_data(**kwargs)


class ProjectDetailView(PreviewMixin, DetailView):
    def get_queryset(self):
        return self.visible(Project.objects).select_related("programme").prefetch_related(
            "themes",
            Prefetch(
                "participations",
                queryset=Participation.objects.filter(organisation__is_published=True)
                .select_related("organisation")
                .coordinators_first(),
            ),
            Prefetch("results", queryset=Result.objects.published().newest_first(), to_attr="published_results"),
            Prefetch("cordis_results", queryset=CordisResult.objects.published(), to_attr="published_cordis_results"),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        project = self.object
        context["cordis_results"] = [
            (kind.label, [result for result in project.published_cordis_results if result.kind == kind])
            for kind in CordisResultKind
        ]
        context["featured_participation"] = next(
            (p for p in project.participations.all() if p.organisation.is_featured), None
        )
        context["charts"] = consortium_charts(project.participations.all())
        return context
