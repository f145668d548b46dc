from django.urls import path

from projects import views
from projects.content_version import cache_page_per_version

app_name = "projects"

urlpatterns = [
    path("", cache_page_per_version(views.ProjectListView.as_view()), name="project-list"),
    path("<slug:slug>/", cache_page_per_version(views.ProjectDetailView.as_view()), name="project-detail"),
]
