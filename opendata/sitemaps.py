"""sitemap.xml: an index of the sitemaps of every published page, in both languages, each with its alternate."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from calls.models import OpenCall
from projects.models import Organisation, Project

SITEMAP_LIMIT = 10_000  # addresses in a sitemap (each page in each language is one), the protocol allowing 50,000


class BilingualSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    limit = SITEMAP_LIMIT


class MainPagesSitemap(BilingualSitemap):
    priority = 1.0

    def items(self):
        return ["profiles:home", "projects:project-list", "profiles:organisation-list"]

    def location(self, name):
        return reverse(name)


class ProjectSitemap(BilingualSitemap):
    def items(self):
        return Project.objects.published().only("slug", "updated").order_by("pk")

    def lastmod(self, project):
        return project.updated


class OrganisationSitemap(BilingualSitemap):
    def items(self):
        # The featured organisation's page is the home page, listed above.
        return Organisation.objects.published().exclude(is_featured=True).only("slug").order_by("pk")


class OpenCallSitemap(BilingualSitemap):
    """The open calls' pages, and their list while it lists any: each call until its deadline day (the sitemaps
    are kept for the day only, core/page_cache.py)."""

    LIST = "calls:call-list"

    def items(self):
        calls = list(OpenCall.objects.open().only("slug", "updated").order_by("deadline", "pk"))
        return [self.LIST, *calls] if calls else []

    def location(self, item):
        return reverse(item) if item == self.LIST else item.get_absolute_url()

    def lastmod(self, item):
        return None if item == self.LIST else item.updated


SITEMAPS = {
    "pages": MainPagesSitemap, "projects": ProjectSitemap, "organisations": OrganisationSitemap,
    "calls": OpenCallSitemap,
}
