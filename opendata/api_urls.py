"""The read-only JSON interface, at /api/ with no language prefix (the language is the ``lang`` parameter)."""

from django.urls import path

from opendata import api
from opendata.openapi import OpenApiView

app_name = "api"

urlpatterns = [
    path("projects/", api.ProjectList.as_view(), name="project-list"),
    path("projects/<slug:slug>/", api.ProjectDetail.as_view(), name="project-detail"),
    path("organisations/", api.OrganisationList.as_view(), name="organisation-list"),
    path("organisations/<slug:slug>/", api.OrganisationDetail.as_view(), name="organisation-detail"),
    path("participations/", api.ParticipationList.as_view(), name="participation-list"),
    path("results/", api.ResultList.as_view(), name="result-list"),
    path("calls/", api.CallList.as_view(), name="call-list"),
    path("openapi.json", OpenApiView.as_view(), name="openapi"),
]
