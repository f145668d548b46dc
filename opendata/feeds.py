"""Atom feeds of the newest projects and highlights, one per language."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from profiles.models import Highlight
from projects.models import Project

LATEST = 30


class SiteFeed(Feed):
    feed_type = Atom1Feed

    def author_name(self):
        return _("Comune di Lecce")

    def feed_copyright(self):
        return _("Free to reuse under the Creative Commons Attribution 4.0 licence.")

    def item_author_name(self, item):
        return _("Comune di Lecce")


class NewProjectsFeed(SiteFeed):
    def title(self):
        return _("New EU projects of the Comune di Lecce")

    def subtitle(self):
        return _("The projects most recently added to the portfolio.")

    def link(self):
        return reverse("projects:project-list")

    def items(self):
        return Project.objects.published().defer("objective").order_by("-created", "-pk")[:LATEST]

    def item_title(self, project):
        return f"{project.acronym}: {project.title}"

    def item_description(self, project):
        return project.summary or project.title

    def item_pubdate(self, project):
        return project.created

    def item_updateddate(self, project):
        return project.updated


class HighlightsFeed(SiteFeed):
    def title(self):
        return _("Highlights of the Comune di Lecce's EU projects")

    def subtitle(self):
        return _("News from the municipality's EU research and innovation projects.")

    def link(self):
        return reverse("profiles:home")

    def items(self):
        return (
            Highlight.objects.published().filter(organisation__is_featured=True, organisation__is_published=True)
            .select_related("organisation", "project").order_by("-created", "-pk")[:LATEST]
        )

    def item_title(self, highlight):
        return highlight.title

    def item_description(self, highlight):
        return highlight.text

    def item_link(self, highlight):
        if highlight.project and highlight.project.is_published:
            return highlight.project.get_absolute_url()
        return f"{reverse('profiles:home')}#highlight-{highlight.pk}"

    def item_pubdate(self, highlight):
        return highlight.created

    def item_updateddate(self, highlight):
        return highlight.updated
