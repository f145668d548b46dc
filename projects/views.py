from django.db.models import Prefetch
from django.views.generic import DetailView, ListView

from projects.models import Participation, Project


class ProjectListView(ListView):
    paginate_by = 20

    def get_queryset(self):
        return Project.objects.published().prefetch_related("themes")


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
