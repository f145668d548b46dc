from django.db.models import Prefetch
from django.views.generic import DetailView
from django_filters.views import FilterView

from core.views import ForgivingFilterMixin
from projects.charts import consortium_charts
from projects.filters import ProjectFilter
from projects.models import Participation, Project


class ProjectListView(ForgivingFilterMixin, FilterView):
    filterset_class = ProjectFilter
    template_name = "projects/project_list.html"

    def get_queryset(self):
        # The cards never show the objective, the longest text of a project.
        return Project.objects.published().defer("objective").prefetch_related(
            "themes",
            Prefetch("participations", queryset=Participation.objects.of_featured(), to_attr="featured_participations"),
        )

    def get_context_data(self, **kwargs):
        self.filterset.show_counts()
        return super().get_context_data(**kwargs)


class ProjectDetailView(DetailView):
    def get_queryset(self):
        return Project.objects.published().prefetch_related(
            "themes",
            Prefetch(
                "participations",
                queryset=Participation.objects.filter(organisation__is_published=True)
                .select_related("organisation")
                .coordinators_first(),
            ),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        project = self.object
        context["featured_participation"] = next(
            (p for p in project.participations.all() if p.organisation.is_featured), None
        )
        context["charts"] = consortium_charts(project.participations.all())
        return context
