from django.urls import path
from django.utils.translation import gettext_lazy as _

from profiles import views

app_name = "profiles"

urlpatterns = [
    path("", views.FeaturedProfileView.as_view(), name="home"),
    path(_("organisations/"), views.OrganisationListView.as_view(), name="organisation-list"),
    path(_("organisations/<slug:slug>/"), views.OrganisationDetailView.as_view(), name="organisation-detail"),
]
