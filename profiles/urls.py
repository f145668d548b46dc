from django.urls import path
from django.utils.translation import gettext_lazy as _

from core.page_cache import cache_page_per_version
from profiles import views

app_name = "profiles"

urlpatterns = [
    path("", cache_page_per_version(views.FeaturedProfileView.as_view()), name="home"),
    path(_("organisations/"), cache_page_per_version(views.OrganisationListView.as_view()), name="organisation-list"),
    path(_("organisations/<slug:slug>/"), cache_page_per_version(views.OrganisationDetailView.as_view()), name="organisation-detail"),
]
