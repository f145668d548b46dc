"""Full-text search (projects/search/): word forms in Italian and English, phrases, relevance, kept up to date.

Run on SQLite (FTS5) and on PostgreSQL (tsvector): the same expectations for both.
"""

import pytest
from django.core.management import call_command
from django.urls import reverse

from projects.cordis import import_cordis, refresh_statistics
from projects.models import Organisation, Participation, Project, ProjectCountry
from projects.search import ORGANISATIONS, PROJECTS
from projects.search.words import SearchQuery, italian
from tests.factories import count_queries, make_organisation, make_participation, make_project, make_theme
from tests.test_cordis import DATA

pytestmark = pytest.mark.django_db


def found(text, model=Project):
    return set(model.objects.search(text).values_list("slug", flat=True))


def listed(client, query, name="projects:project-list"):
    """The slugs of the projects (or organisations) on the first page of a list, in order."""
    response = client.get(reverse(name), {"q": query} if isinstance(query, str) else query)
    assert response.status_code == 200
    return [row.slug for row in response.context["object_list"]]


@pytest.mark.parametrize("word", ["anziano", "anziani", "anziana", "Anziàni"])
def test_italian_word_forms_find_each_other(word):
    make_project(slug="city4age", summary_it="Servizi per gli anziani fragili della città.")
    make_project(slug="other", summary_it="Reti di teleriscaldamento.")
    assert found(word) == {"city4age"}


@pytest.mark.parametrize("word", ["piano", "piani"])
def test_plans_in_the_singular_find_plans_in_the_plural(word):
    make_project(slug="planheat", summary_it="Tre piani energetici comunali.")
    assert found(word) == {"planheat"}


@pytest.mark.parametrize(("word", "text"), [
    ("city", "Two lighthouse cities and three followers."),
    ("cities", "A city of the south."),
    ("heat", "District heating for the old town."),
    ("heating", "Waste heat from industry."),
])
def test_english_word_forms_find_each_other(word, text):
    make_project(slug="match", objective=text)
    make_project(slug="other", objective="Nothing of the kind.")
    assert found(word) == {"match"}


def test_a_word_finds_the_longer_words_it_begins():
    """*clima* finds *climatico*; *energia* finds a project written in English about *energy*."""
    make_project(slug="smartencity", objective="Zero-carbon districts that save energy.")
    make_project(slug="climate", summary_it="Adattamento climatico dei quartieri.")
    assert found("energia") == {"smartencity"}
    assert found("clima") == {"climate"}


def test_theme_names_in_both_languages_are_searched():
    theme = make_theme(name_it="Efficienza energetica", name="Energy efficiency", slug="efficiency")
    project = make_project(slug="smartencity", title="Towards smart zero CO2 cities")
    assert found("efficienza") == set()
    project.themes.add(theme)
    assert found("efficienza") == found("efficiency") == {"smartencity"}
    theme.name_it = "Risparmio energetico"
    theme.save()
    assert found("risparmio") == {"smartencity"} and found("efficienza") == set()
    theme.delete()
    assert found("risparmio") == set()


def test_keywords_acronyms_and_both_summaries_are_searched():
    make_project(slug="a", acronym="PLANHEAT", keywords="waste heat source potential")
    make_project(slug="b", summary_en="Sensors in homes.", summary_it="Sensori nelle case.")
    assert found("planheat") == {"a"} and found("potential") == {"a"}
    assert found("sensors") == found("sensori") == {"b"}


def test_a_quoted_phrase_matches_its_words_in_order_only():
    make_project(slug="phrase", keywords="lighthouse cities, zero CO2 districts")
    make_project(slug="apart", objective="Cities of the north, with a lighthouse by the sea.")
    assert found('"lighthouse cities"') == {"phrase"}
    assert found("lighthouse cities") == {"phrase", "apart"}
    assert found('"lighthouse city"') == {"phrase"}  # a phrase's words keep their forms
    assert found('"cities lighthouse"') == set()


def test_every_word_must_be_found():
    make_project(slug="both", objective="District heating in Lecce.")
    make_project(slug="one", objective="District offices.")
    assert found("district heating") == {"both"}


def test_a_title_match_comes_before_an_objective_match(client):
    make_project(slug="in-objective", title="Mapping tools", objective="Maps of district heating networks.")
    make_project(slug="in-title", title="District heating for every town", objective="Maps and tools.")
    assert listed(client, "district heating") == ["in-title", "in-objective"]
    assert listed(client, {"q": "district heating", "ordering": "relevance"}) == ["in-title", "in-objective"]


def test_with_a_search_the_other_orders_still_apply(client):
    make_project(slug="b-title", acronym="BBB", title="Heating")
    make_project(slug="a-objective", acronym="AAA", objective="Heating.")
    assert listed(client, "heating") == ["b-title", "a-objective"]
    assert listed(client, {"q": "heating", "ordering": "acronym"}) == ["a-objective", "b-title"]


def test_relevance_without_a_search_keeps_the_list_in_its_own_order(client):
    make_project(slug="older", start_date="2015-01-01", end_date="2016-01-01")
    make_project(slug="newer", start_date="2019-01-01", end_date="2020-01-01")
    assert listed(client, {"ordering": "relevance"}) == ["newer", "older"]


def test_the_order_select_shows_best_match_first_while_searching(client):
    make_project(slug="one", title="Heating")
    page = client.get(reverse("projects:project-list"), {"q": "heating"}).content.decode()
    assert '<option value="relevance" selected>Best match first (when searching)</option>' in page


@pytest.mark.parametrize("text", ['"', '"unclosed phrase', "AND OR NOT", "* ( ) : ^ -", "NEAR(a b)", "'", "\\", "a:b"])
def test_nothing_typed_breaks_the_search(client, text):
    make_project(slug="near", title="Near the sea: a and b")
    response = client.get(reverse("projects:project-list"), {"q": text})
    assert response.status_code == 200
    response = client.get(reverse("api:project-list"), {"q": text})
    assert response.status_code == 200


def test_only_punctuation_finds_nothing(client):
    make_project(slug="one")
    assert listed(client, "?!") == []


def test_the_index_follows_saves_and_deletes():
    project = make_project(slug="moving", title="Street lighting")
    assert found("lighting") == {"moving"}
    project.title = "Bicycle lanes"
    project.save()
    assert found("lighting") == set() and found("bicycle") == {"moving"}
    project.delete()
    assert found("bicycle") == set()


def test_an_import_indexes_what_it_writes():
    with (DATA / "project.csv").open("rb") as projects, (DATA / "organization.csv").open("rb") as organisations:
        import_cordis(projects, organisations)
    imported = Project.objects.get(acronym="SmartEnCity")
    assert imported.slug in found("lighthouse")
    assert Organisation.objects.filter(name_it__icontains="lecce").first().slug in found("lecce", Organisation)


def test_an_unchanged_index_is_rebuilt_the_same_and_a_lost_one_comes_back():
    make_project(slug="kept", title="Smart grids")
    call_command("rebuild_search", verbosity=0)
    assert found("grids") == {"kept"}
    Project.objects.filter(slug="kept").update(title="Rain gardens")  # a bulk write: no signal
    assert found("gardens") == set()
    call_command("rebuild_search", verbosity=0)
    assert found("gardens") == {"kept"}


def test_organisations_are_found_by_any_of_their_names_or_their_city(client):
    make_organisation(slug="tecnalia", name="Fundación Tecnalia Research & Innovation", short_name="TECNALIA",
                      legal_name="FUNDACION TECNALIA RESEARCH & INNOVATION", city="Derio", country="ES")
    make_organisation(slug="lecce", name="Comune di Lecce", city="Lecce")
    assert found("tecnalia", Organisation) == found("derio", Organisation) == {"tecnalia"}
    assert found("fundacion", Organisation) == {"tecnalia"}  # without its accent
    assert listed(client, "tecnalia", "profiles:organisation-list") == ["tecnalia"]


def test_the_api_searches_the_same_way(client):
    make_project(slug="city4age", summary_it="Servizi per gli anziani.")
    response = client.get(reverse("api:project-list"), {"q": "anziano"})
    assert [row["id"] for row in response.json()["results"]] == ["city4age"]


def test_a_search_reads_what_was_typed_as_words_and_phrases():
    query = SearchQuery('district "Lighthouse cities" heating')
    assert [term.quoted for term in query.terms] == [False, True, False]
    assert query.terms[1].forms == (("lighthous", "cities"), ("lighthous", "citi"))
    assert italian("energie") == italian("energia") == "energ" and italian("dei") == "dei"


def test_the_number_of_queries_of_a_search_does_not_grow_with_the_data(client):
    lecce = make_organisation(name="Comune di Lecce", slug="lecce", is_featured=True)
    partner = make_organisation(slug="partner", name="Heating Partner", country="SE")
    for n in range(10):
        project = make_project(slug=f"p{n}", title="District heating")
        make_participation(project, lecce)
        make_participation(project, partner)
    addresses = [
        reverse("projects:project-list") + "?q=heating&country=SE",
        reverse("projects:project-list") + '?q="district+heating"&ordering=-eu',
        reverse("profiles:organisation-list") + "?q=heating",
        reverse("api:project-list") + "?q=heating",
    ]
    small = [count_queries(client, address) for address in addresses]
    projects = Project.objects.bulk_create(
        Project(acronym=f"B{n}", title="District heating", slug=f"b{n}") for n in range(1000)
    )
    Participation.objects.bulk_create(
        Participation(project=project, organisation=organisation)
        for project in projects for organisation in (lecce, partner)
    )
    # Statistics of the tables, as a database autovacuum keeps has them (it is off where the tests run): without
    # any, after the rows earlier tests rolled back, PostgreSQL counted for minutes.
    refresh_statistics()
    PROJECTS.update(project.pk for project in projects)
    ORGANISATIONS.update()
    ProjectCountry.objects.refresh()
    Organisation.objects.count_shared_projects()
    refresh_statistics()  # and of the tables the lists read, now filled
    assert found("heating") >= {project.slug for project in projects}
    assert [count_queries(client, address) for address in addresses] == small

