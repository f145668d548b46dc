"""`/projects/`: every filter alone and combined, the counts beside options, ordering, pagination, bad input."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse, reverse_lazy

from projects.models import Programme, Project, Role
from tests.factories import (
    count_queries,
    make_organisation,
    make_participation,
    make_project,
    make_theme,
)

pytestmark = pytest.mark.django_db

URL = reverse_lazy("projects:project-list")


@pytest.fixture
def portfolio():
    """Four published projects with known answers, and one unpublished one that must never count."""
    lecce = make_organisation(name="Comune di Lecce", slug="lecce", is_featured=True, country="IT")
    spain = make_organisation(name="Spanish Institute", country="ES")
    denmark = make_organisation(name="Danish City", country="DK")
    france = make_organisation(name="French Lab", country="FR")
    hidden_org = make_organisation(name="Hidden Org", country="PT", is_published=False)
    social, energy, health = make_theme(name="Social", slug="social"), make_theme(name="Energy", slug="energy"), \
        make_theme(name="Health", slug="health")

    alpha = make_project(
        acronym="ALPHA", slug="alpha", title="Citizens and police", keywords="community policing",
        start_date=datetime.date(2015, 9, 1), end_date=datetime.date(2018, 8, 31), eu_contribution=Decimal("1000000"),
    )
    alpha.themes.set([social])
    make_participation(alpha, lecce, role=Role.PARTICIPANT)
    make_participation(alpha, spain, role=Role.COORDINATOR)
    make_participation(alpha, hidden_org)

    bravo = make_project(
        acronym="BRAVO", slug="bravo", title="Smart cities", objective="Zero carbon districts across Europe",
        start_date=datetime.date(2016, 2, 1), end_date=datetime.date(2022, 7, 31), eu_contribution=Decimal("5000000"),
    )
    bravo.themes.set([energy])
    make_participation(bravo, lecce, role=Role.PARTICIPANT)
    make_participation(bravo, denmark)

    charlie = make_project(
        acronym="CHARLIE", slug="charlie", title="Healthy heat", programme=Programme.HORIZON,
        start_date=datetime.date(2021, 1, 1), end_date=datetime.date(2099, 12, 31), eu_contribution=Decimal("2000000"),
    )
    charlie.themes.set([energy, health])
    make_participation(charlie, lecce, role=Role.COORDINATOR)
    make_participation(charlie, france)

    delta = make_project(
        acronym="DELTA", slug="delta", title="Future plans", programme=Programme.HORIZON,
        start_date=datetime.date(2090, 1, 1), end_date=datetime.date(2094, 1, 1), eu_contribution=None,
    )
    make_participation(delta, spain)

    echo = make_project(acronym="ECHO", slug="echo", is_published=False, start_date=datetime.date(2016, 1, 1))
    echo.themes.set([energy])
    make_participation(echo, lecce, role=Role.COORDINATOR)
    return {"lecce": lecce}


def listed(client, query=""):
    response = client.get(f"{URL}?{query}" if query else URL)
    assert response.status_code == 200
    return [project.acronym for project in response.context["object_list"]]


def page_text(client, query):
    return client.get(f"{URL}?{query}").content.decode()


def test_everything_published_newest_first(client, portfolio):
    assert listed(client) == ["DELTA", "CHARLIE", "BRAVO", "ALPHA"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("q=alp", ["ALPHA"]),                       # acronym
        ("q=police", ["ALPHA"]),                    # title
        ("q=carbon", ["BRAVO"]),                    # objective
        ("q=policing", ["ALPHA"]),                  # keywords
        ("q=zero+districts", ["BRAVO"]),            # every word must match
        ("q=zero+police", []),
        ("q=SMART", ["BRAVO"]),                     # case does not matter
        ("theme=energy", ["CHARLIE", "BRAVO"]),
        ("theme=energy&theme=social", ["CHARLIE", "BRAVO", "ALPHA"]),
        ("programme=HORIZON", ["DELTA", "CHARLIE"]),
        ("programme=H2020", ["BRAVO", "ALPHA"]),
        ("status=closed", ["BRAVO", "ALPHA"]),
        ("status=ongoing", ["CHARLIE"]),
        ("status=planned", ["DELTA"]),
        ("year_from=2016", ["DELTA", "CHARLIE", "BRAVO"]),
        ("year_to=2016", ["BRAVO", "ALPHA"]),
        ("year_from=2016&year_to=2016", ["BRAVO"]),
        ("role=coordinator", ["CHARLIE"]),
        ("role=participant", ["BRAVO", "ALPHA"]),
        ("role=partner", []),
        ("country=DK", ["BRAVO"]),
        ("country=dk", ["BRAVO"]),
        ("country=ES", ["DELTA", "ALPHA"]),
        ("min_eu=2000000", ["CHARLIE", "BRAVO"]),
        ("min_eu=0", ["CHARLIE", "BRAVO", "ALPHA"]),
    ],
)
def test_each_filter_alone(client, portfolio, query, expected):
    assert listed(client, query) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("theme=energy&status=ongoing&role=coordinator&country=FR", ["CHARLIE"]),
        ("theme=energy&programme=H2020", ["BRAVO"]),
        ("q=smart&year_from=2016&min_eu=1000000&role=participant", ["BRAVO"]),
        ("status=closed&theme=social&theme=energy&ordering=acronym", ["ALPHA", "BRAVO"]),
        ("country=ES&status=planned", ["DELTA"]),
    ],
)
def test_filters_combined(client, portfolio, query, expected):
    assert listed(client, query) == expected


@pytest.mark.parametrize(
    ("ordering", "expected"),
    [
        ("start", ["ALPHA", "BRAVO", "CHARLIE", "DELTA"]),
        ("-start", ["DELTA", "CHARLIE", "BRAVO", "ALPHA"]),
        ("end", ["ALPHA", "BRAVO", "DELTA", "CHARLIE"]),
        ("-end", ["CHARLIE", "DELTA", "BRAVO", "ALPHA"]),
        ("acronym", ["ALPHA", "BRAVO", "CHARLIE", "DELTA"]),
        ("-acronym", ["DELTA", "CHARLIE", "BRAVO", "ALPHA"]),
        ("eu", ["ALPHA", "CHARLIE", "BRAVO", "DELTA"]),      # no contribution: last both ways
        ("-eu", ["BRAVO", "CHARLIE", "ALPHA", "DELTA"]),
    ],
)
def test_ordering(client, portfolio, ordering, expected):
    assert listed(client, f"ordering={ordering}") == expected


def test_unpublished_projects_are_nowhere(client, portfolio):
    content = page_text(client, "theme=energy")
    assert "ECHO" not in content
    # ECHO is energy and coordinated by Lecce, yet counts for neither.
    assert "Energy (2)" in page_text(client, "")
    assert "Coordinator (1)" in page_text(client, "")
    assert client.get(reverse("projects:project-detail", args=["echo"])).status_code == 404


def test_counts_beside_options_follow_the_other_filters(client, portfolio):
    content = page_text(client, "")
    for label in ["Social (1)", "Energy (2)", "Health (1)", "Horizon 2020 (2)", "Horizon Europe (2)",
                  "Closed (2)", "Ongoing (1)", "Planned (1)", "Participant (2)", "Coordinator (1)"]:
        assert label in content

    # With a programme chosen, the other facets count within it; the programme facet keeps its own counts.
    content = page_text(client, "programme=H2020")
    for label in ["Social (1)", "Energy (1)", "Horizon 2020 (2)", "Horizon Europe (2)", "Closed (2)",
                  "Participant (2)"]:
        assert label in content
    # Options that would give nothing stay, so the form keeps its shape, and say so.
    for label in ["Health (0)", "Ongoing (0)", "Planned (0)", "Coordinator (0)"]:
        assert label in content


def test_each_option_is_offered_once(client, portfolio):
    response = client.get(f"{URL}?year_from=2030")
    form = response.context["filter"].form
    for name in ["programme", "status", "role", "country", "theme", "ordering"]:
        values = [value for value, _ in form.fields[name].choices]
        assert len(values) == len(set(values)), name
    assert [label for _, label in form.fields["country"].choices] == ["Any", "Denmark", "France", "Italy", "Spain"]
    assert form.fields["programme"].choices[0] == ("", "Any")


def test_a_chosen_option_stays_even_when_it_gives_nothing(client, portfolio):
    content = page_text(client, "role=partner")
    assert "Partner (0)" in content
    assert 'value="partner" selected' in content


def test_the_url_carries_the_filters_into_the_form_and_pagination(client, portfolio):
    for n in range(25):
        make_project(acronym=f"ZZ{n:02}", slug=f"zz{n}", start_date=datetime.date(2017, 1, 1)).themes.set([])
    response = client.get(f"{URL}?year_from=2017&ordering=acronym")
    assert response.context["paginator"].count == 27
    content = response.content.decode()
    assert 'name="year_from" value="2017"' in content
    assert "?year_from=2017&amp;ordering=acronym&amp;page=2" in content
    second = client.get(f"{URL}?year_from=2017&ordering=acronym&page=2")
    assert [p.acronym for p in second.context["object_list"]] == ["ZZ18", "ZZ19", "ZZ20", "ZZ21", "ZZ22", "ZZ23", "ZZ24"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("year_from=abc", "The filter “Started in or after” was ignored"),
        ("year_to=20166", "The filter “Started in or before” was ignored"),
        ("theme=no-such-theme", "The filter “Theme” was ignored"),
        ("status=someday", "The filter “Status” was ignored"),
        ("role=boss", "The filter “Role of the municipality” was ignored"),
        ("country=XX", "The filter “Partner country” was ignored"),
        ("min_eu=-5", "The filter “EU contribution of at least (EUR)” was ignored"),
        ("min_eu=lots", "The filter “EU contribution of at least (EUR)” was ignored"),
        ("ordering=price", "The filter “Sort by” was ignored"),
        ("programme=FP99", "The filter “Programme” was ignored"),
    ],
)
def test_an_invalid_value_is_ignored_with_a_message_and_the_rest_still_applies(client, portfolio, query, message):
    response = client.get(f"{URL}?{query}&theme=energy" if "theme=" not in query else f"{URL}?{query}&status=closed")
    assert response.status_code == 200
    content = response.content.decode()
    assert message in content
    acronyms = [p.acronym for p in response.context["object_list"]]
    assert acronyms == (["BRAVO", "ALPHA"] if "theme=" in query else ["CHARLIE", "BRAVO"])


@pytest.mark.parametrize(("page", "shown"), [("99", 2), ("abc", 1), ("0", 2), ("-1", 2), ("2", 2), ("", 1)])
def test_a_page_out_of_range_gives_the_nearest_sensible_page(client, portfolio, page, shown):
    for n in range(20):
        make_project(slug=f"extra{n}")
    response = client.get(f"{URL}?page={page}", follow=True)
    assert response.status_code == 200
    assert response.context["page_obj"].number == shown
    if page not in ("", "2"):
        assert "There is no page" in response.content.decode()


def test_an_empty_result_says_so_and_offers_to_clear(client, portfolio):
    response = client.get(f"{URL}?year_from=2017&year_to=2015")
    content = response.content.decode()
    assert response.context["paginator"].count == 0
    assert "Nothing matches these filters." in content
    assert f'href="{URL}"' in content and "Clear the filters" in content


@pytest.mark.parametrize(
    "query",
    ["page=1e9", "theme=%00", "q=" + "x" * 5000, "year_from=99999999999999999999", "min_eu=1e400",
     "ordering=-", "country=%F0%9F%98%80", "theme=energy&theme=energy", "status=&role=&q="],
)
def test_odd_queries_never_fail(client, portfolio, query):
    assert client.get(f"{URL}?{query}", follow=True).status_code == 200


def test_the_number_of_queries_does_not_grow_with_the_data(client, portfolio):
    query = "theme=energy&status=ongoing&ordering=-eu"
    small = count_queries(client, f"{URL}?{query}")
    theme = make_theme(slug="energy-extra")
    organisation = make_organisation(country="SE")
    for n in range(200):
        project = make_project(slug=f"bulk{n}", eu_contribution=Decimal(n), end_date=datetime.date(2099, 1, 1))
        project.themes.set([theme])
        make_participation(project, portfolio["lecce"])
        make_participation(project, organisation)
    assert count_queries(client, f"{URL}?{query}") == small
    assert count_queries(client, f"{URL}?page=3") == count_queries(client, URL)
    # 13, a read of the content version (in the database) for each of the 5 cached values, and the footer's contact point
    assert small <= 19


# Cached counts follow the content


def test_a_repeated_list_reuses_its_counts(client, portfolio):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cold = count_queries(client, f"{URL}?theme=energy")
    with CaptureQueriesContext(connection) as warm:
        client.get(f"{URL}?theme=energy&ordering=acronym&page=1")
    assert len(warm) <= cold - 5  # counts beside options, total and countries come from the cache


def test_counts_change_as_soon_as_the_content_does(client, portfolio):
    assert "Energy (2)" in page_text(client, "")
    bravo = Project.objects.get(slug="bravo")
    bravo.is_published = False
    bravo.save()
    content = page_text(client, "")
    assert "Energy (1)" in content
    assert client.get(URL).context["paginator"].count == 3
    bravo.themes.clear()  # a change of themes alone also counts
    bravo.is_published = True
    Project.objects.filter(pk=bravo.pk).update(is_published=True)  # update() sends no signal: the database counts it
    assert "Energy (1)" in page_text(client, "")
    assert client.get(URL).context["paginator"].count == 4


def test_an_import_refreshes_the_counts(client, portfolio):
    from pathlib import Path

    from projects.cordis import import_cordis

    assert client.get(URL).context["paginator"].count == 4
    data = Path(__file__).parent / "data" / "cordis"
    import_cordis(data / "project.csv", data / "organization.csv")
    assert client.get(URL).context["paginator"].count == 7


def test_an_ordering_that_names_nothing_keeps_the_newest_first(client, portfolio):
    assert listed(client, "ordering=,") == listed(client, "")


def test_the_country_choices_are_the_published_organisations_countries_by_name(portfolio):
    from projects.filters import published_countries
    from projects.models import Organisation

    make_organisation(name="No country", country="")
    expected = set(Organisation.objects.published().exclude(country="").values_list("country", flat=True))
    choices = published_countries()
    assert {code for code, _name in choices} == expected and "PT" not in expected  # the hidden one's
    assert [name for _code, name in choices] == sorted(name for _code, name in choices)


def test_the_published_countries_are_never_asked_of_a_filtered_queryset_which_they_would_ignore():
    from projects.models import Organisation

    with pytest.raises(TypeError):
        Organisation.objects.filter(country="DE").published_countries()
