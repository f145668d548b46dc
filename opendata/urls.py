"""
The downloads and feeds beside the public pages, under the same language prefix and paths
(``/en/projects/export.csv``). The root URLconf wires them; the apps whose lists they export
know nothing of them. The JSON interface is in ``api_urls``.
"""

from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from opendata.exports import OrganisationExport, ParticipationExport, ProjectExport, ResultExport
from opendata.feeds import HighlightsFeed, NewProjectsFeed, NewResultsFeed, OpenCallsFeed

app_name = "opendata"

urlpatterns = [
    path(_("projects/"), include([
        path("feed.atom", NewProjectsFeed(), name="project-feed"),
        path("export.csv", ProjectExport.as_view(format="csv"), name="project-export-csv"),
        path("export.json", ProjectExport.as_view(format="json"), name="project-export-json"),
        path("export.xlsx", ProjectExport.as_view(format="xlsx"), name="project-export-xlsx"),
        path("participations.csv", ParticipationExport.as_view(format="csv"), name="participation-export-csv"),
        path("participations.json", ParticipationExport.as_view(format="json"), name="participation-export-json"),
        path("participations.xlsx", ParticipationExport.as_view(format="xlsx"), name="participation-export-xlsx"),
        path("results.atom", NewResultsFeed(), name="result-feed"),
        path("results.csv", ResultExport.as_view(format="csv"), name="result-export-csv"),
        path("results.json", ResultExport.as_view(format="json"), name="result-export-json"),
        path("results.xlsx", ResultExport.as_view(format="xlsx"), name="result-export-xlsx"),
    ])),
    path("highlights.atom", HighlightsFeed(), name="highlight-feed"),
    # Beside the calls' list, under the same translated prefix as its pages (lecce/urls.py).
    path(_("calls/"), include([path("feed.atom", OpenCallsFeed(), name="call-feed")])),
    path(_("organisations/export.csv"), OrganisationExport.as_view(format="csv"), name="organisation-export-csv"),
    path(_("organisations/export.json"), OrganisationExport.as_view(format="json"), name="organisation-export-json"),
    path(_("organisations/export.xlsx"), OrganisationExport.as_view(format="xlsx"), name="organisation-export-xlsx"),
]
