"""`/projects/<slug>/`: the fact sheet of a project."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from projects.models import Role
from tests.factories import (
    count_queries,
    make_highlight,
    make_organisation,
    make_participation,
    make_project,
    make_theme,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def smartencity():
    lecce = make_organisation(name="Comune di Lecce", short_name="Lecce", slug="lecce", is_featured=True)
    project = make_project(
        acronym="SmartEnCity", slug="smartencity", title="Towards Smart Zero CO2 Cities across Europe",
        cordis_id=691883, start_date=datetime.date(2016, 2, 1), end_date=datetime.date(2022, 7, 31),
        call_topic="SCC-01-2015", call_topic_title="Lighthouse cities", funding_scheme="IA",
        total_cost=Decimal("32000000"), eu_contribution=Decimal("27000000"), programme_part="H2020-EU.3.3",
        keywords="zero CO2 cities, city action plan", declared_consortium_size=35, declared_country_count=6,
        summary="Districts with *almost no* emissions.",
    )
    project.themes.set([make_theme(name="Zero-carbon districts", slug="zero-carbon")])
    make_participation(project, make_organisation(name="Asenovgrad", country="BG"), local_role="follower city")
    make_participation(project, make_organisation(name="Tecnalia", country="ES"), role=Role.COORDINATOR,
                       eu_contribution=Decimal("4500000.50"))
    make_participation(project, lecce, local_role="follower city", eu_contribution=Decimal("131961"),
                       contribution="An Integrated Energy Plan.")
    make_participation(project, make_organisation(name="Secret Partner", is_published=False))
    make_highlight(lecce, title="A roadmap to zero carbon", project=project)
    make_highlight(lecce, title="Draft highlight", project=project, is_published=False)
    return project


def fact_sheet(client, slug="smartencity"):
    response = client.get(reverse("projects:project-detail", args=[slug]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_fact_sheet_shows_the_facts(client, smartencity):
    content = fact_sheet(client)
    for text in [
        "SmartEnCity", "Towards Smart Zero CO2 Cities across Europe",
        "1 February 2016", "31 July 2022", "78 months", "Closed", "Horizon 2020", "H2020-EU.3.3",
        "SCC-01-2015: Lighthouse cities", "IA", "€32,000,000", "€27,000,000", "35 partners, 6 countries",
        "<em>almost no</em>",
    ]:
        assert text in content, text


def test_the_municipality_part_is_shown(client, smartencity):
    content = fact_sheet(client)
    assert "The part of Lecce" in content
    assert "€131,961" in content
    assert "An Integrated Energy Plan." in content


def test_the_consortium_table_puts_the_coordinator_first(client, smartencity):
    response = client.get(smartencity.get_absolute_url())
    rows = [p.organisation.name for p in response.context["project"].participations.all()]
    assert rows == ["Tecnalia", "Asenovgrad", "Comune di Lecce"]
    content = response.content.decode()
    assert content.index("Tecnalia") < content.index("Asenovgrad") < content.index("Comune di Lecce</a>")
    assert "Spain" in content and "Bulgaria" in content
    assert "€4,500,001" in content or "€4,500,000" in content
    assert "Secret Partner" not in content
    assert "3 of the 35 partners are recorded on this site." in content


def test_one_partner_recorded_of_many_is_said_in_the_singular_in_both_languages(client):
    project = make_project(slug="trillion", acronym="TRILLION", declared_consortium_size=20)
    make_participation(project, make_organisation(name="Comune di Lecce"))
    assert "1 of the 20 partners is recorded on this site." in client.get("/en/projects/trillion/").content.decode()
    assert "Su questo sito è registrato 1 partner su 20." in client.get("/it/progetti/trillion/").content.decode()


def test_themes_and_keywords_link_back_to_the_filtered_list(client, smartencity):
    content = fact_sheet(client)
    assert f'href="{reverse("projects:project-list")}?theme=zero-carbon"' in content
    assert f'href="{reverse("projects:project-list")}?q=zero%20CO2%20cities"' in content


def test_related_published_highlights_and_the_cordis_link(client, smartencity):
    content = fact_sheet(client)
    assert "A roadmap to zero carbon" in content
    assert "Draft highlight" not in content
    assert 'href="https://cordis.europa.eu/project/id/691883"' in content


def test_without_grant_id_or_dates_the_page_still_reads_well(client, db):
    make_project(slug="bare", start_date=None, end_date=None)
    content = fact_sheet(client, "bare")
    assert "cordis.europa.eu" not in content
    assert "Not known" in content


def test_the_number_of_queries_does_not_grow_with_the_consortium(client, smartencity):
    url = smartencity.get_absolute_url()
    small = count_queries(client, url)
    for _ in range(60):
        make_participation(smartencity, make_organisation(country="DE"))
        make_highlight(smartencity.participations.first().organisation, project=smartencity)
    assert count_queries(client, url) == small


def test_the_project_is_read_once_objective_included(client, smartencity):
    """The page shows CORDIS's objective: reading the project without it cost one more query per page."""
    smartencity.objective = "To make whole districts nearly zero-carbon."
    smartencity.save()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(smartencity.get_absolute_url())
    assert "nearly zero-carbon" in response.content.decode()
    reads = [query["sql"] for query in queries if 'FROM "projects_project"' in query["sql"]]
    assert len(reads) == 1, reads
