"""Atom feeds of the newest projects, highlights and results, and of the calls open to collaboration, one per language."""

import datetime

from django.contrib.syndication.views import Feed
from django.db.models import F
from django.db.models.functions import Coalesce, TruncDate
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from calls.models import OpenCall
from opendata.records import result_id
from profiles.models import Highlight
from projects.models import Project, Result

LATEST = 30


def start_of(day):
    """An entry's date as Atom wants it, a moment: the start of ``day``, in Rome's time."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


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
        return _("The portfolio's projects, the most recently started first.")

    def link(self):
        return reverse("projects:project-list")

    def items(self):
        return Project.objects.published().defer("objective").order_by(
            F("start_date").desc(nulls_last=True), "-created", "-pk")[:LATEST]

    def item_title(self, project):
        return f"{project.acronym}: {project.title}"

    def item_description(self, project):
        return project.summary or project.title

    def item_pubdate(self, project):
        """When the project started, not when it was loaded: an import writes a programme's projects in a minute,
        and every entry had that minute (issue 19)."""
        if project.start_date is None:
            return project.created
        return start_of(project.start_date)

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
            .select_related("organisation", "project")
            .order_by(Coalesce("date", "project__start_date", TruncDate("created")).desc(), "-created", "-pk")[:LATEST]
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
        """The day the news is from (``Highlight.dated``), not the minute it was loaded (issue 19)."""
        return start_of(highlight.dated)

    def item_updateddate(self, highlight):
        return highlight.updated


class NewResultsFeed(SiteFeed):
    """The results the office presents, newest first. Not CORDIS's: they come by the hundred with each import,
    with a year but no date, and nothing says when they arrived."""

    def title(self):
        return _("New results of the Comune di Lecce's EU projects")

    def subtitle(self):
        return _("Plans, tools, reports and events that came of the projects, newest first.")

    def link(self):
        return reverse("projects:project-list") + "?has_results=on"

    def get_object(self, request, *args, **kwargs):
        # A result has no page: its entry links to its project's, and needs an id of its own, which
        # Atom wants absolute. Only the request knows the site's address.
        return request.build_absolute_uri

    def items(self, absolute):
        results = list(
            Result.objects.public().select_related("project")
            .annotate(day=Coalesce("date", TruncDate("created")))  # by its date, else the day it was added
            .order_by(F("day").desc(), "-created", "-pk")[:LATEST]
        )
        for result in results:
            # The id its node has in the project page's JSON-LD (opendata/structured_data.py).
            result.entry_id = absolute(f"{result.project.get_absolute_url()}#{result_id(result, absolute)}")
        return results

    def item_title(self, result):
        return f"{result.project.acronym}: {result.title}"

    def item_description(self, result):
        return result.description or result.title

    def item_link(self, result):
        return f"{result.project.get_absolute_url()}#results-heading"

    def item_guid(self, result):
        return result.entry_id

    def item_categories(self, result):
        return [result.get_kind_display()]

    def item_pubdate(self, result):
        if result.date:
            return start_of(result.date)
        return result.created

    def item_updateddate(self, result):
        return result.updated


class OpenCallsFeed(SiteFeed):
    """The calls the municipality would join, newest first, each until its deadline day: a reader sees a call
    arrive, and an editor's change to it, by the dates of the call itself (not of the feed's reading)."""

    def title(self):
        return _("Calls the Comune di Lecce is open to join")

    def subtitle(self):
        return _("EU calls for proposals the municipality would like to join as a partner, until their deadline.")

    def link(self):
        return reverse("calls:call-list")

    def items(self):
        return OpenCall.objects.open().for_display().order_by("-created", "-pk")[:LATEST]

    def item_title(self, call):
        return f"{call.identifier}: {call.title}"

    def item_description(self, call):
        deadline = _("Deadline: %(date)s.") % {"date": date_format(call.deadline, "DATE_FORMAT")}
        return f"{deadline}\n\n{call.offer}"

    def item_categories(self, call):
        return [call.programme.name, *(theme.name for theme in call.themes.all())]

    def item_pubdate(self, call):
        return call.created

    def item_updateddate(self, call):
        return call.updated
