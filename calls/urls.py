from django.urls import path

from calls import views
from core.page_cache import cache_page_per_version

app_name = "calls"

# Kept per day as well as per content version (core/page_cache.py): a call leaves the pages after its deadline day
# without any change to the content.
urlpatterns = [
    path("", cache_page_per_version(views.OpenCallListView.as_view()), name="call-list"),
    path("<slug:slug>/", cache_page_per_version(views.OpenCallDetailView.as_view()), name="call-detail"),
]
