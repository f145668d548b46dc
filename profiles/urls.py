from django.urls import path

from profiles import views

app_name = "profiles"

urlpatterns = [
    path("", views.FeaturedProfileView.as_view(), name="home"),
    path("organisations/", views.OrganisationListView.as_view(), name="organisation-list"),
    path("organisations/<slug:slug>/", views.OrganisationDetailView.as_view(), name="organisation-detail"),
]
