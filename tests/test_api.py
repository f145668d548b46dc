"""`/api/`: the read-only JSON interface, its filters as on the pages, its languages and its OpenAPI document."""

import datetime
import json
import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from opendata.api import ParticipationFilter
from opendata.records import ORGANISATION, PARTICIPATION, PROJECT, SOURCE_NOTE
from profiles.filters import OrganisationFilter
from projects.filters import ProjectFilter
from projects.models import OrganisationKind, Role
from tests.factories import make_organisation, make_participation, make_project, make_theme

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


@pytest.fixture
def portfolio():
    """Five published projects and one hidden, four partners and one hidden, around the featured Lecce."""
    lecce = make_organisation(name="Comune di Lecce", slug="lecce", is_featured=True, kind=OrganisationKind.PUBLIC_BODY)
    tecnalia = make_organisation(name="Tecnalia", slug="tecnalia", country="ES", kind=OrganisationKind.RESEARCH,
                                 pic=999572385)
    sofia = make_organisation(name="Sofia Tech", slug="sofia", country="BG", kind=OrganisationKind.PRIVATE_COMPANY)
    unisalento = make_organisation(name="Università del Salento", slug="unisalento", city="Lecce",
                                   kind=OrganisationKind.HIGHER_EDUCATION)
    make_organisation(name="Alone", slug="alone", country="FR")
    secret = make_organisation(name="Secret Partner", slug="secret", country="DE", is_published=False)
    energy = make_theme(slug="energy", name_it="Efficienza energetica", name_en="Energy efficiency")
    mobility = make_theme(slug="mobility", name_it="Mobilità", name_en="Mobility")
    projects = {
        "smartencity": make_project(
            acronym="SmartEnCity", slug="smartencity", cordis_id=691883, start_date=datetime.date(2016, 2, 1),
            end_date=datetime.date(2022, 7, 31), eu_contribution=Decimal("27000000"),
            summary_it="Quartieri a emissioni zero.", summary_en="Zero-carbon districts.", keywords="zero CO2, city",
        ),
        "emerald": make_project(acronym="Emerald", slug="emerald", start_date=datetime.date(2018, 5, 1),
                                end_date=datetime.date(2021, 4, 30), eu_contribution=Decimal("1500000")),
        "cityxchange": make_project(acronym="CityxChange", slug="cityxchange", start_date=datetime.date(2019, 1, 1),
                                    end_date=TODAY + datetime.timedelta(days=400), eu_contribution=Decimal("20000000")),
        "planned": make_project(acronym="Tomorrow", slug="planned", start_date=TODAY + datetime.timedelta(days=90),
                                end_date=TODAY + datetime.timedelta(days=900)),
        "undated": make_project(acronym="Undated", slug="undated", start_date=None, end_date=None),
        "hidden": make_project(acronym="Hidden", slug="hidden", is_published=False),
    }
    projects["smartencity"].themes.set([energy])
    projects["emerald"].themes.set([energy, mobility])
    projects["cityxchange"].themes.set([mobility])
    make_participation(projects["smartencity"], lecce, local_role_it="città follower", local_role_en="follower city",
                       eu_contribution=Decimal("131961"))
    make_participation(projects["smartencity"], tecnalia, role=Role.COORDINATOR)
    make_participation(projects["smartencity"], sofia)
    make_participation(projects["smartencity"], secret)
    make_participation(projects["emerald"], lecce, role=Role.COORDINATOR)
    make_participation(projects["emerald"], unisalento)
    make_participation(projects["cityxchange"], tecnalia)
    make_participation(projects["cityxchange"], lecce, role=Role.PARTNER)
    make_participation(projects["hidden"], lecce)
    make_participation(projects["hidden"], sofia, role=Role.COORDINATOR)
    return projects


def api(client, name, query=None, **kwargs):
    response = client.get(reverse(f"api:{name}", kwargs=kwargs or None), query or {})
    assert response["Content-Type"] == "application/json"
    return response.json() if response.status_code == 200 else response


def ids(data):
    return [record["id"] for record in data["results"]]


def shown_on_page(client, name, query):
    """What the HTML list page shows for ``query``: the slugs of its page, and its total."""
    response = client.get(reverse(name), query)
    assert response.status_code == 200
    return [row.slug for row in response.context["page_obj"].object_list], response.context["paginator"].count


@pytest.mark.parametrize("query", [
    {},
    {"theme": ["energy", "mobility"], "year_from": "2017"},
    {"theme": "energy"},
    {"status": "ongoing"},
    {"status": "closed", "ordering": "acronym"},
    {"country": "es"},
    {"q": "zero"},
    {"ordering": "-eu"},
    {"min_eu": "2000000"},
    {"role": "coordinator"},
    {"partner": "tecnalia", "ordering": "-start"},
    {"year_from": "not a year", "status": "ongoing"},
    {"theme": "nope", "country": "ZZ", "ordering": "sideways"},
])
def test_projects_are_those_the_list_page_shows(client, portfolio, query):
    data = api(client, "project-list", {**query, "lang": "en"})
    slugs, count = shown_on_page(client, "projects:project-list", query)
    assert ids(data) == slugs
    assert data["count"] == count
    assert "hidden" not in ids(data)


@pytest.mark.parametrize("query", [
    {},
    {"q": "salento"},
    {"country": "bg"},
    {"kind": "REC"},
    {"ordering": "name"},
    {"ordering": "-country"},
    {"kind": "XYZ", "country": "DE"},
])
def test_organisations_are_those_the_list_page_shows(client, portfolio, query):
    data = api(client, "organisation-list", {**query, "lang": "en"})
    response = client.get(reverse("profiles:organisation-list"), query)
    rows = list(response.context["page_obj"].object_list)
    assert ids(data) == [row.slug for row in rows]
    assert [record["shared_projects"] for record in data["results"]] == [row.shared_projects for row in rows]
    assert data["count"] == response.context["paginator"].count
    assert not {"secret", "lecce"} & set(ids(data))


def test_a_list_says_what_it_is_and_under_which_licence(client, portfolio):
    data = api(client, "project-list", {"ordering": "acronym"})
    assert data["count"] == 5
    assert (data["page"], data["pages"], data["page_size"]) == (1, 1, 20)
    assert data["next"] is None and data["previous"] is None
    assert data["language"] == "it"
    assert data["licence"] == "CC-BY-4.0"
    assert data["licence_url"] == "https://creativecommons.org/licenses/by/4.0/"
    with translation.override("it"):
        assert data["source"] == str(SOURCE_NOTE)
    assert data["ignored_filters"] == []
    assert ids(data) == ["cityxchange", "emerald", "smartencity", "planned", "undated"]
    assert list(data["results"][0]) == PROJECT.names()


def test_a_project_record_has_its_facts(client, portfolio):
    record = api(client, "project-detail", {"lang": "en"}, slug="smartencity")
    assert record["acronym"] == "SmartEnCity"
    assert record["cordis_id"] == 691883
    assert record["start_date"] == "2016-02-01"
    assert record["status"] == "closed"
    assert record["eu_contribution_eur"] == 27000000.0
    assert record["municipality_role"] == Role.PARTICIPANT
    assert record["keywords"] == ["zero CO2", "city"]
    assert record["source"] == "CORDIS"
    assert record["url"] == "http://testserver/en/projects/smartencity/"


def test_invalid_filters_are_ignored_and_listed(client, portfolio):
    response = client.get(reverse("api:project-list"),
                          {"year_from": "soon", "status": "bogus", "lang": "xx", "page_size": "0", "theme": "energy"})
    assert response.status_code == 200
    data = response.json()
    ignored = {item["filter"]: item["reason"] for item in data["ignored_filters"]}
    assert set(ignored) == {"year_from", "status", "lang", "page_size"}
    assert all(ignored.values())
    assert data["language"] == "it" and data["page_size"] == 20
    assert sorted(ids(data)) == ["emerald", "smartencity"]  # the valid theme filter still applies


def test_ignored_filters_are_explained_in_the_language_asked_for(client, portfolio):
    italian = api(client, "project-list", {"status": "bogus", "lang": "it"})["ignored_filters"]
    english = api(client, "project-list", {"status": "bogus", "lang": "en"})["ignored_filters"]
    assert "Scegli" in italian[0]["reason"]
    assert "Select" in english[0]["reason"]


def test_pages_link_to_each_other_keeping_the_query(client, portfolio):
    first = api(client, "project-list", {"ordering": "acronym", "page_size": "2", "lang": "en"})
    assert (first["count"], first["pages"], first["page_size"]) == (5, 3, 2)
    assert ids(first) == ["cityxchange", "emerald"]
    assert first["previous"] is None
    assert first["next"].startswith("http://testserver/api/projects/?")
    second = Client().get(first["next"]).json()
    assert second["page"] == 2
    assert ids(second) == ["smartencity", "planned"]
    assert second["language"] == "en"
    assert Client().get(second["previous"]).json()["results"] == first["results"]
    third = Client().get(second["next"]).json()
    assert ids(third) == ["undated"] and third["next"] is None


@pytest.mark.parametrize(("page", "expected"), [("99", 3), ("first", 1), ("", 1), ("-1", 3)])
def test_a_page_out_of_range_gives_the_last_and_a_non_number_the_first(client, portfolio, page, expected):
    data = api(client, "project-list", {"ordering": "acronym", "page_size": "2", "page": page})
    assert data["page"] == expected
    assert data["results"]


def test_twenty_records_a_page_unless_asked_otherwise(client):
    for n in range(21):
        make_project(acronym=f"P{n:02}", slug=f"p{n:02}")
    assert len(api(client, "project-list")["results"]) == 20
    assert len(api(client, "project-list", {"page": "2"})["results"]) == 1
    assert len(api(client, "project-list", {"page_size": "100"})["results"]) == 21
    for size in ("101", "0", "many"):
        data = api(client, "project-list", {"page_size": size})
        assert data["page_size"] == 20 and len(data["results"]) == 20
        assert [item["filter"] for item in data["ignored_filters"]] == ["page_size"]
    assert len(api(client, "project-list", {"page_size": "1"})["results"]) == 1


def test_participations_of_published_projects_and_organisations_in_order(client, portfolio):
    data = api(client, "participation-list")
    pairs = [(record["project"], record["role"], record["organisation"]) for record in data["results"]]
    assert pairs == [
        ("cityxchange", "participant", "tecnalia"),
        ("cityxchange", "partner", "lecce"),
        ("emerald", "coordinator", "lecce"),
        ("emerald", "participant", "unisalento"),
        ("smartencity", "coordinator", "tecnalia"),
        ("smartencity", "participant", "lecce"),
        ("smartencity", "participant", "sofia"),
    ]
    assert data["count"] == 7
    assert list(data["results"][0]) == PARTICIPATION.names()


@pytest.mark.parametrize(("query", "expected"), [
    ({"project": "emerald"}, [("emerald", "lecce"), ("emerald", "unisalento")]),
    ({"organisation": "tecnalia"}, [("cityxchange", "tecnalia"), ("smartencity", "tecnalia")]),
    ({"role": "coordinator"}, [("emerald", "lecce"), ("smartencity", "tecnalia")]),
    ({"country": "es"}, [("cityxchange", "tecnalia"), ("smartencity", "tecnalia")]),
    ({"country": "BG", "project": "smartencity"}, [("smartencity", "sofia")]),
    ({"project": "hidden"}, []),
    ({"organisation": "secret"}, []),
    ({"project": "no-such-project"}, []),
])
def test_participations_filters(client, portfolio, query, expected):
    data = api(client, "participation-list", query)
    assert [(record["project"], record["organisation"]) for record in data["results"]] == expected
    assert data["count"] == len(expected)
    assert data["ignored_filters"] == []


def test_participations_invalid_values_are_ignored(client, portfolio):
    data = api(client, "participation-list", {"role": "boss", "country": "DE", "project": "smartencity"})
    assert [item["filter"] for item in data["ignored_filters"]] == ["role", "country"]
    assert data["count"] == 3  # the project filter still applies; Germany has no published organisation


def test_a_participation_record(client, portfolio):
    data = api(client, "participation-list", {"project": "smartencity", "organisation": "lecce", "lang": "en"})
    [record] = data["results"]
    assert record["role_in_words"] == "follower city"
    assert record["eu_contribution_eur"] == 131961.0
    assert record["project_cordis_id"] == 691883
    assert record["country"] == "IT"
    italian = api(client, "participation-list", {"project": "smartencity", "organisation": "lecce"})
    assert italian["results"][0]["role_in_words"] == "città follower"


def test_detail_records_are_the_list_records(client, portfolio):
    listed = api(client, "organisation-list", {"lang": "en"})["results"]
    for record in listed:
        assert api(client, "organisation-detail", {"lang": "en"}, slug=record["id"]) == record
    projects = api(client, "project-list", {"lang": "en"})["results"]
    for record in projects:
        assert api(client, "project-detail", {"lang": "en"}, slug=record["id"]) == record


def test_the_featured_organisation_has_a_record(client, portfolio):
    record = api(client, "organisation-detail", {"lang": "en"}, slug="lecce")
    assert record["name"] == "Comune di Lecce"
    assert record["url"] == "http://testserver/en/"
    assert record["shared_projects"] == 3


@pytest.mark.parametrize(("name", "slug"), [
    ("project-detail", "no-such-project"),
    ("project-detail", "hidden"),
    ("organisation-detail", "no-such-organisation"),
    ("organisation-detail", "secret"),
])
def test_unknown_or_unpublished_records_are_a_json_404(client, portfolio, name, slug):
    response = client.get(reverse(f"api:{name}", kwargs={"slug": slug}), {"lang": "en"})
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Not found."}
    assert response["Access-Control-Allow-Origin"] == "*"


def test_italian_by_default_and_english_on_request(client, portfolio):
    italian = api(client, "project-detail", slug="emerald")
    assert italian["themes"] == ["Efficienza energetica", "Mobilità"]
    assert italian["url"] == "http://testserver/it/progetti/emerald/"
    assert api(client, "project-detail", {"lang": "it"}, slug="emerald") == italian
    english = api(client, "project-detail", {"lang": "en"}, slug="emerald")
    assert english["themes"] == ["Energy efficiency", "Mobility"]
    assert english["url"] == "http://testserver/en/projects/emerald/"
    summaries = {lang: api(client, "project-detail", {"lang": lang}, slug="smartencity")["summary"]
                 for lang in ("it", "en")}
    assert summaries == {"it": "Quartieri a emissioni zero.", "en": "Zero-carbon districts."}
    organisation = api(client, "organisation-detail", slug="tecnalia")
    assert organisation["url"] == "http://testserver/it/organizzazioni/tecnalia/"


def test_lists_are_in_the_language_asked_for(client, portfolio):
    italian = api(client, "project-list", {"theme": "mobility", "ordering": "acronym", "lang": "it"})
    english = api(client, "project-list", {"theme": "mobility", "ordering": "acronym", "lang": "en"})
    assert (italian["language"], english["language"]) == ("it", "en")
    assert italian["results"][1]["themes"] == ["Efficienza energetica", "Mobilità"]
    assert english["results"][1]["themes"] == ["Energy efficiency", "Mobility"]
    assert english["source"] == str(SOURCE_NOTE)
    assert all(record["url"].startswith("http://testserver/en/projects/") for record in english["results"])


@pytest.mark.parametrize("name", ["project-list", "organisation-list", "participation-list", "openapi"])
def test_read_only_and_open_to_every_site(name):
    url = reverse(f"api:{name}")
    browser = Client(enforce_csrf_checks=True)
    assert browser.get(url)["Access-Control-Allow-Origin"] == "*"
    head = browser.head(url)
    assert head.status_code == 200 and head.content == b""
    for method in (browser.post, browser.put, browser.delete, browser.options):
        response = method(url)
        assert response.status_code == 405
        assert response["Allow"] == "GET, HEAD"
        assert response["Access-Control-Allow-Origin"] == "*"


def test_the_api_leaves_no_message_for_the_pages(client, portfolio):
    client.get(reverse("api:project-list"), {"status": "bogus", "page": "99"})
    response = client.get(reverse("projects:project-list"))
    assert list(response.context["messages"]) == []


# The OpenAPI document


@pytest.fixture
def openapi(client):
    response = client.get(reverse("api:openapi"), {"lang": "en"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return json.loads(response.content)


def test_openapi_document_describes_the_seven_endpoints(openapi):
    assert openapi["openapi"].startswith("3.1")
    assert openapi["info"]["version"] == "1"
    assert openapi["info"]["license"] == {"name": "CC-BY-4.0", "url": "https://creativecommons.org/licenses/by/4.0/"}
    assert "CORDIS" in openapi["info"]["description"]
    assert set(openapi["paths"]) == {
        "/api/projects/", "/api/projects/{slug}/", "/api/organisations/", "/api/organisations/{slug}/",
        "/api/participations/", "/api/results/", "/api/calls/",
    }
    for operation in openapi["paths"].values():
        assert {"200"} <= set(operation["get"]["responses"])


@pytest.mark.parametrize(("path", "filterset"), [
    ("/api/projects/", ProjectFilter), ("/api/organisations/", OrganisationFilter),
    ("/api/participations/", ParticipationFilter),
])
def test_openapi_lists_every_filter_as_a_parameter(openapi, path, filterset):
    parameters = {p["name"]: p for p in openapi["paths"][path]["get"]["parameters"]}
    assert set(parameters) == set(filterset.base_filters) | {"page", "page_size", "lang"}
    assert all(parameter["description"] for parameter in parameters.values())
    if path == "/api/projects/":
        assert parameters["theme"]["schema"]["type"] == "array"
        assert parameters["year_from"]["schema"] == {"type": "integer", "minimum": 1950, "maximum": 2100}
        assert parameters["min_eu"]["schema"] == {"type": "number", "minimum": 0}
        assert "-eu" in parameters["ordering"]["schema"]["enum"]
        assert "-eu: EU contribution, largest first" in parameters["ordering"]["description"]
        assert parameters["q"]["description"].startswith("Search. Words, or a phrase in quotes, from")
        assert "relevance" in parameters["ordering"]["schema"]["enum"]


@pytest.mark.parametrize(("schema", "fields"), [
    ("Project", PROJECT.names()), ("Organisation", ORGANISATION.names()), ("Participation", PARTICIPATION.names()),
])
def test_openapi_schemas_list_exactly_the_record_fields(openapi, schema, fields):
    component = openapi["components"]["schemas"][schema]
    assert list(component["properties"]) == fields
    assert component["required"] == fields


def conforms(value, schema):
    """Whether ``value`` has the JSON Schema ``type``, ``enum``, ``const``, ``format`` (date, uri) and ``items``."""
    python = {"string": str, "integer": int, "number": (int, float), "array": list, "object": dict,
              "null": type(None), "boolean": bool}
    types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
    if not any(isinstance(value, python[kind]) for kind in types) or isinstance(value, bool):
        return False
    if "enum" in schema and value not in schema["enum"] or "const" in schema and value != schema["const"]:
        return False
    if schema.get("format") == "date" and value is not None:
        datetime.date.fromisoformat(value)
    if schema.get("format") == "uri" and value is not None and not re.match(r"https?://", value):
        return False
    return not isinstance(value, list) or all(conforms(item, schema["items"]) for item in value)


def test_records_conform_to_their_schemas(client, portfolio, openapi):
    schemas = openapi["components"]["schemas"]
    lists = [("project-list", "Project"), ("organisation-list", "Organisation"),
             ("participation-list", "Participation")]
    for name, schema in lists:
        data = api(client, name, {"lang": "en"})
        envelope = schemas[f"{schema}List"]
        assert list(data) == list(envelope["properties"])
        assert all(conforms(data[key], envelope["properties"][key]) for key in data if key != "results")
        for record in data["results"]:
            bad = [key for key, value in record.items() if not conforms(value, schemas[schema]["properties"][key])]
            assert bad == [], (record["id"] if "id" in record else record, bad)
    featured = api(client, "organisation-detail", slug="lecce")
    assert all(conforms(value, schemas["Organisation"]["properties"][key]) for key, value in featured.items())


def test_openapi_in_italian(client):
    document = client.get(reverse("api:openapi")).json()
    parameters = {p["name"]: p for p in document["paths"]["/api/projects/"]["get"]["parameters"]}
    assert parameters["q"]["description"].startswith("Cerca")
    assert document["components"]["schemas"]["Project"]["properties"]["status"]["enum"] == [
        "planned", "ongoing", "closed", None,
    ]
