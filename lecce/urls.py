from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps import views as sitemaps
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView

from core.documents.serving import DocumentView
from core.health import health
from core.page_cache import cache_page_per_version
from opendata.sitemaps import SITEMAPS
from opendata.views import RobotsView
from projects.models import Result

admin.site.site_header = _("Comune di Lecce: EU projects")
admin.site.site_title = _("Lecce EU projects")
admin.site.index_title = _("Editing the profile and the portfolio")
# Without the list of every model down the left of each page: beside a list's filters it left a list of eight
# columns 630 px on a 1280-pixel screen, its editable "Published" past the edge. Home and the breadcrumbs lead
# to every model.
admin.site.enable_nav_sidebar = False

# The admin speaks the editor's browser language and has no prefix; every public page lives
# under /it/ or /en/, and “/” sends a first-time visitor to the language their browser asks for.
urlpatterns = [
    # Organisations were edited under profiles/ until they joined the projects app: old bookmarks still work.
    re_path(
        rf"^{settings.ADMIN_URL}profiles/organisation/(?P<rest>.*)$",
        RedirectView.as_view(url=f"/{settings.ADMIN_URL}projects/organisation/%(rest)s", query_string=True),
    ),
    path(settings.ADMIN_URL, admin.site.urls),
    # The read-only JSON interface: no language prefix, the language is a parameter (opendata/api.py).
    path("api/", include("opendata.api_urls")),
    # An index of sitemaps of at most SITEMAP_LIMIT addresses each (the protocol's limit is 50,000), each page kept
    # per content version: at the size of a whole framework programme, one sitemap took minutes to make.
    path("sitemap.xml", cache_page_per_version(sitemaps.index, parameters=["p"]),
         {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"}, name="sitemap"),
    path("sitemap-<section>.xml", cache_page_per_version(sitemaps.sitemap, parameters=["p"]), {"sitemaps": SITEMAPS},
         name="sitemap-section"),
    path("robots.txt", RobotsView.as_view(), name="robots"),
    # For monitors and load balancers: JSON, in no language, never cached (core/health.py).
    path("health/", health, name="health"),
    # The documents of results, as downloads in no language: those of published results of published projects
    # to anyone, the others to editors checking them (core/documents/serving.py).
    path("documents/<path:name>", DocumentView.as_view(queryset=Result.objects.public(), field="document"),
         name="document"),
] + i18n_patterns(
    path(_("projects/"), include("projects.urls")),
    path(_("contact/"), include("contact.urls")),
    path(_("calls/"), include("calls.urls")),
    path("", include("profiles.urls")),
    # Downloads and feeds beside the lists they export: /en/projects/export.csv, /en/highlights.atom.
    path("", include("opendata.urls")),
) + static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# The 500 page with the failed request's id, which the log lines of that request carry too.
handler500 = "core.views.server_error"
