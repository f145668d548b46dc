from django.urls import path

from opendata.exports import ParticipationExport, ProjectExport
from opendata.feeds import NewProjectsFeed
from projects import views
from projects.content_version import cache_page_per_version

app_name = "projects"

urlpatterns = [
    path("", cache_page_per_version(views.ProjectListView.as_view()), name="project-list"),
    path("feed.atom", NewProjectsFeed(), name="project-feed"),
    path("export.csv", ProjectExport.as_view(format="csv"), name="project-export-csv"),
    path("export.json", ProjectExport.as_view(format="json"), name="project-export-json"),
    path("participations.csv", ParticipationExport.as_view(format="csv"), name="participation-export-csv"),
    path("participations.json", ParticipationExport.as_view(format="json"), name="participation-export-json"),
    path("<slug:slug>/", cache_page_per_version(views.ProjectDetailView.as_view()), name="project-detail"),
]
