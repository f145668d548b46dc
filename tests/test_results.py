"""A project's results (issue 17): the office's and CORDIS's, on the project page, in the search and the filters."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from projects.models import CordisResult, CordisResultKind, Result, ResultKind
from tests.factories import count_queries, make_project

pytestmark = pytest.mark.django_db


def make_result(project, **fields):
    fields.setdefault("kind", ResultKind.PLAN)
    fields.setdefault("title", "Piano integrato per l'energia")
    fields.setdefault("url", "https://example.org/plan")
    return Result.objects.create(project=project, **fields)


def make_cordis_result(project, **fields):
    fields.setdefault("kind", CordisResultKind.DELIVERABLE)
    fields.setdefault("cordis_id", f"{project.pk}_{CordisResult.objects.count() + 1}_DELIV")
    fields.setdefault("title", "Integrated energy plan of the follower cities")
    return CordisResult.objects.create(project=project, **fields)


@pytest.fixture
def smartencity():
    return make_project(acronym="SmartEnCity", slug="smartencity", title="Towards Smart Zero CO2 Cities")


def results_section(client, project_or_url):
    url = project_or_url if isinstance(project_or_url, str) else project_or_url.get_absolute_url()
    page = client.get(url).content.decode()
    assert 'id="results-heading"' in page
    return page.split('id="results-heading"')[1].split("</section>")[0]


def test_the_project_page_shows_the_offices_results_newest_first_apart_from_cordiss(client, smartencity):
    make_result(smartencity, title_en="City Action Plan", title_it="Piano d'azione", date=datetime.date(2021, 1, 15),
                doi="10.3030/691883")
    make_result(smartencity, kind=ResultKind.EVENT, title_en="Public day on smart cities", title_it="Giornata pubblica",
                date=datetime.date(2017, 2, 22))
    make_result(smartencity, title_en="Hidden draft", title_it="Bozza", is_published=False)
    make_cordis_result(smartencity, title="D7.4 Replication plan", url="https://cordis.europa.eu/d74")
    make_cordis_result(smartencity, kind=CordisResultKind.PUBLICATION, cordis_id="691883_1_PUBLI",
                       title="Positive energy districts", doi="10.1016/j.enbuild.2020.110000", year=2020)
    make_cordis_result(smartencity, cordis_id="691883_9_DELIV", title="Withdrawn deliverable", is_published=False)

    section = results_section(client, smartencity)
    office, cordis = section.split("Published by CORDIS")
    assert office.index("City Action Plan") < office.index("Public day on smart cities")  # newest first
    assert "Plan" in office and "Event" in office and "Hidden draft" not in office
    assert '<a href="https://doi.org/10.3030/691883">10.3030/691883</a>' in office
    assert "D7.4 Replication plan" in cordis and "Positive energy districts" in cordis
    assert "Withdrawn deliverable" not in section
    assert "Deliverable" in cordis and "Publication" in cordis
    assert 'href="https://doi.org/10.1016/j.enbuild.2020.110000"' in cordis


def test_the_results_are_in_italian_on_italian_pages(client, smartencity):
    make_result(smartencity, title_en="City Action Plan", title_it="Piano della città", language="it")
    with translation.override("it"):
        url = smartencity.get_absolute_url()
    section = results_section(client, url)
    assert "Piano della città" in section and "Risultati" in client.get(url).content.decode()


def test_a_project_without_results_has_no_results_section(client, smartencity):
    make_result(smartencity, is_published=False)
    assert 'id="results-heading"' not in client.get(smartencity.get_absolute_url()).content.decode()


def test_the_page_runs_as_many_queries_with_many_results(client, smartencity):
    make_result(smartencity)
    small = count_queries(client, smartencity.get_absolute_url())
    for n in range(20):
        make_result(smartencity, title=f"Result {n}")
        make_cordis_result(smartencity, title=f"Deliverable {n}")
    assert count_queries(client, smartencity.get_absolute_url()) == small


def test_the_search_finds_a_results_title(client, smartencity):
    other = make_project(acronym="OTHER", slug="other", title="Something else")
    make_result(smartencity, title_en="Integrated Energy Plan", title_it="Piano energetico integrato")
    make_cordis_result(other, title="Replication roadmap for lighthouse districts")
    listed = lambda query: [p.slug for p in client.get(reverse("projects:project-list"), {"q": query}).context[  # noqa: E731
        "object_list"]]
    assert listed("energetico") == ["smartencity"]
    assert listed("roadmap") == ["other"]
    # An unpublished result is not searched: hiding it takes its title out of the index.
    hidden = CordisResult.objects.get()
    hidden.is_published = False
    hidden.save()
    assert listed("roadmap") == []


def test_the_list_filters_projects_with_results(client, smartencity):
    make_project(acronym="BARE", slug="bare")
    with_cordis = make_project(acronym="CORD", slug="cord")
    hidden = make_project(acronym="HIDDEN", slug="hidden")
    make_result(smartencity)
    make_cordis_result(with_cordis)
    make_result(hidden, is_published=False)
    response = client.get(reverse("projects:project-list"), {"has_results": "on"})
    assert {p.slug for p in response.context["object_list"]} == {"smartencity", "cord"}
    everything = client.get(reverse("projects:project-list"))
    assert {p.slug for p in everything.context["object_list"]} >= {"bare", "hidden"}
