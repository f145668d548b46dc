from django.urls import path
from django.utils.translation import gettext_lazy as _

from opendata.exports import OrganisationExport
from opendata.feeds import HighlightsFeed
from profiles import views
from projects.content_version import cache_page_per_version

app_name = "profiles"

urlpatterns = [
    path("", cache_page_per_version(views.FeaturedProfileView.as_view()), name="home"),
    path("highlights.atom", HighlightsFeed(), name="highlight-feed"),
    path(_("organisations/"), cache_page_per_version(views.OrganisationListView.as_view()), name="organisation-list"),
    path(_("organisations/export.csv"), OrganisationExport.as_view(format="csv"), name="organisation-export-csv"),
    path(_("organisations/export.json"), OrganisationExport.as_view(format="json"), name="organisation-export-json"),
    path(_("organisations/<slug:slug>/"), cache_page_per_version(views.OrganisationDetailView.as_view()), name="organisation-detail"),
]
