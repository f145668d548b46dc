from django.urls import path

from core.page_cache import cache_page_per_version
from projects import views

app_name = "projects"

urlpatterns = [
    path("", cache_page_per_version(views.ProjectListView.as_view()), name="project-list"),
    path("<slug:slug>/", cache_page_per_version(views.ProjectDetailView.as_view()), name="project-detail"),
]
