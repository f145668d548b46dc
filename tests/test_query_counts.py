"""Every public list and detail page runs as many queries with 1,000 projects as with 10 (issue 16).

Nothing cached: each page is asked with the cache emptied, as the first visitor after an edit meets it.
"""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from projects.models import Organisation, Participation, Project, ProjectCountry
from projects.search import ORGANISATIONS, PROJECTS
from tests.factories import count_queries, make_organisation, make_participation, make_project, make_theme

# Emptied afterwards rather than rolled back: on PostgreSQL a rollback leaves the thousands of rows as dead
# tuples, which autovacuum (off where the tests run) would clear, and the plans of later tests went astray
# over them (a search test took 97 s instead of 1).
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def portfolio():
    lecce = make_organisation(name="Comune di Lecce", slug="lecce", is_featured=True, country="IT")
    partners = [make_organisation(slug=f"partner-{n}", name=f"Partner {n}", country=country)
                for n, country in enumerate(["DE", "ES", "SE"])]
    theme = make_theme(slug="energy", name="Energy")
    for n in range(10):
        project = make_project(slug=f"p{n}", acronym=f"P{n}", title="District heating for cities",
                               start_date=datetime.date(2016 + n % 5, 1, 1), end_date=datetime.date(2022 + n % 5, 1, 1),
                               eu_contribution=Decimal(n * 1000))
        project.themes.add(theme)
        for organisation in (lecce, *partners):
            make_participation(project, organisation, eu_contribution=Decimal(n) if organisation == lecce else None)
    return {"lecce": lecce, "partners": partners, "theme": theme}


def addresses(portfolio):
    project_list = reverse("projects:project-list")
    return [
        reverse("profiles:home"),
        project_list,
        f"{project_list}?country=DE",
        f"{project_list}?theme=energy&status=closed&ordering=-eu",
        f"{project_list}?q=heating&role=participant",
        # Ordered by the featured organisation's contribution: read with the list, not once a card.
        f"{project_list}?ordering=-featured-eu",
        f"{project_list}?country=DE&ordering=featured-eu",
        f"{project_list}?page=2" if Project.objects.count() > 20 else project_list,
        reverse("profiles:organisation-list"),
        reverse("profiles:organisation-list") + "?q=partner",
        reverse("api:project-list") + "?q=heating",
        reverse("api:project-list") + "?ordering=-featured-eu",
        Project.objects.get(slug="p0").get_absolute_url(),
        portfolio["partners"][0].get_absolute_url(),
    ]


def grow(portfolio, count):
    """``count`` more projects, each with the whole consortium, written in bulk as an import writes them."""
    projects = Project.objects.bulk_create(
        Project(acronym=f"B{n}", slug=f"b{n}", title="District heating for cities", is_published=True,
                start_date=datetime.date(2014 + n % 10, 1, 1), end_date=datetime.date(2024 + n % 10, 1, 1),
                eu_contribution=Decimal(n))
        for n in range(count)
    )
    Project.themes.through.objects.bulk_create(
        Project.themes.through(project=project, theme=portfolio["theme"]) for project in projects)
    Participation.objects.bulk_create(
        Participation(project=project, organisation=organisation,
                      eu_contribution=Decimal(n) if organisation == portfolio["lecce"] and n % 3 else None)
        for n, project in enumerate(projects) for organisation in (portfolio["lecce"], *portfolio["partners"])
    )
    PROJECTS.update(project.pk for project in projects)
    ORGANISATIONS.update()
    ProjectCountry.objects.refresh()
    Organisation.objects.count_shared_projects()


def test_each_page_runs_as_many_queries_at_1000_projects_as_at_10(client, portfolio):
    small = {address: count_queries(client, address) for address in addresses(portfolio)}
    grow(portfolio, 990)
    large = {address: count_queries(client, address) for address in addresses(portfolio)}
    # The second page of the list exists only now: it must cost what the first did.
    assert large.pop(f"{reverse('projects:project-list')}?page=2") == small[reverse("projects:project-list")]
    assert large == {address: count for address, count in small.items() if address in large}
