"""sitemap.xml: an index of the sitemaps of every published page, in both languages, each with its alternate."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

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


SITEMAPS = {"pages": MainPagesSitemap, "projects": ProjectSitemap, "organisations": OrganisationSitemap}
