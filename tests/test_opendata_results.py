"""The projects' results in the open data (issue 17): exports, the API and its OpenAPI document, JSON-LD, the feed."""

import csv
import datetime
import io
import json
import re
from xml.etree import ElementTree

import feedparser
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from opendata.records import RESULT
from projects.models import CordisResult, CordisResultKind, Result, ResultKind
from tests.factories import count_queries, make_organisation, make_participation, make_project, make_theme
from tests.test_api import conforms

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(autouse=True)
def exports_root(settings, tmp_path):
    settings.EXPORTS_ROOT = tmp_path / "exports"


def make_result(project, **fields):
    fields.setdefault("kind", ResultKind.PLAN)
    fields.setdefault("title_it", "Un risultato")
    if not fields.get("document"):
        fields.setdefault("url", "https://example.org/result")
    return Result.objects.create(project=project, **fields)


def make_cordis_result(project, cordis_id, **fields):
    fields.setdefault("kind", CordisResultKind.DELIVERABLE)
    fields.setdefault("title", f"Deliverable {cordis_id}")
    return CordisResult.objects.create(project=project, cordis_id=cordis_id, **fields)


@pytest.fixture
def portfolio():
    """Three published projects (two on energy) and a hidden one, with results of both kinds, some hidden."""
    lecce = make_organisation(name="Comune di Lecce", slug="lecce", is_featured=True, kind="PUB")
    energy = make_theme(slug="energy", name_it="Energia", name_en="Energy")
    projects = {
        slug: make_project(acronym=slug.upper(), slug=slug, cordis_id=cordis_id)
        for slug, cordis_id in [("smartencity", 691883), ("planheat", 723757), ("city4age", 689731), ("hidden", None)]
    }
    projects["hidden"].is_published = False
    projects["hidden"].save()
    for slug in ("smartencity", "planheat"):
        projects[slug].themes.add(energy)
    for project in projects.values():
        make_participation(project, lecce)
    smart, planheat, city4age, hidden = projects.values()
    make_result(smart, title_it="Piano d'azione della città", title_en="City Action Plan", language="en",
                date=datetime.date(2021, 1, 15), doi="10.3030/691883", url="https://example.org/plan",
                description_en="The plan of the follower city.")
    make_result(smart, kind=ResultKind.EVENT, title_it="Giornata pubblica", title_en="Public day",
                date=datetime.date(2017, 2, 22))
    make_result(smart, kind=ResultKind.REPORT, title_it="Rapporto finale", title_en="Final report", language="it",
                document="results/report.pdf")
    make_result(smart, title_it="Bozza", title_en="Draft", is_published=False)
    make_cordis_result(smart, "691883_1_DELIV", title="D7.4 Replication plan", url="https://cordis.europa.eu/d74",
                       year=2019)
    make_cordis_result(smart, "691883_2_PUBLI", kind=CordisResultKind.PUBLICATION, title="Positive energy districts",
                       doi="10.1016/j.enbuild.2020.110000", year=2020, journal="Energy and Buildings",
                       authors="A. Rossi; B. Smith")
    make_cordis_result(smart, "691883_9_DELIV", title="Withdrawn deliverable", is_published=False)
    make_result(planheat, kind=ResultKind.TOOL, title_it="Strumento PLANHEAT", title_en="PLANHEAT tool",
                date=datetime.date(2019, 6, 1))
    make_cordis_result(planheat, "723757_1_REPORT", kind=CordisResultKind.REPORT_SUMMARY, title="Results in brief")
    make_result(city4age, kind=ResultKind.DATA_SET, title_it="Dati", title_en="Data",
                date=datetime.date(2018, 3, 1))
    make_cordis_result(city4age, "689731_1_DELIV")
    make_result(hidden, title_it="Nascosto", title_en="Hidden result")
    make_cordis_result(hidden, "1_1_DELIV", title="Hidden deliverable")
    return projects


# Both kinds, in the order of every list: the editors' results by project then newest first, then CORDIS's
# by project, kind, then newest first.
ALL = [
    "editors-{city4age}", "editors-{planheat}", "editors-{plan}", "editors-{event}", "editors-{report}",
    "cordis-689731_1_DELIV", "cordis-723757_1_REPORT", "cordis-691883_1_DELIV", "cordis-691883_2_PUBLI",
]
ENERGY = [
    "editors-{planheat}", "editors-{plan}", "editors-{event}", "editors-{report}",
    "cordis-723757_1_REPORT", "cordis-691883_1_DELIV", "cordis-691883_2_PUBLI",
]


def expected(ids):
    pks = {
        "city4age": Result.objects.get(title_it="Dati").pk, "planheat": Result.objects.get(title_it="Strumento PLANHEAT").pk,
        "report": Result.objects.get(title_it="Rapporto finale").pk, "plan": Result.objects.get(date__year=2021).pk,
        "event": Result.objects.get(kind=ResultKind.EVENT).pk,
    }
    return [name.format(**pks) for name in ids]


def download(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return b"".join(response.streaming_content).decode("utf-8")


def csv_rows(client, url):
    text = download(client, url)
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:])))


# The exports


def test_the_results_exports_hold_the_published_results_of_the_listed_projects_only(client, portfolio):
    rows = csv_rows(client, "/en/projects/results.csv?theme=energy")
    assert [row["id"] for row in rows] == expected(ENERGY)
    assert list(rows[0]) == RESULT.names()
    data = json.loads(download(client, "/en/projects/results.json?theme=energy"))
    assert [record["id"] for record in data["results"]] == expected(ENERGY)
    assert data["filters"] == {"theme": ["energy"]} and data["licence"] == "CC-BY-4.0"
    everything = json.loads(download(client, "/en/projects/results.json"))["results"]
    assert [record["id"] for record in everything] == expected(ALL)
    titles = {record["title"] for record in everything}
    assert not titles & {"Draft", "Withdrawn deliverable", "Hidden result", "Hidden deliverable"}


def test_a_result_row_says_what_where_when_and_from_whom(client, portfolio):
    records = {record["title"]: record for record in json.loads(download(client, "/en/projects/results.json"))["results"]}
    plan = records["City Action Plan"]
    assert (plan["project"], plan["project_acronym"], plan["source"], plan["kind"]) == (
        "smartencity", "SMARTENCITY", "editors", "plan")
    assert (plan["date"], plan["year"], plan["url"], plan["language"]) == (
        "2021-01-15", 2021, "https://example.org/plan", "en")
    assert (plan["doi"], plan["doi_url"]) == ("10.3030/691883", "https://doi.org/10.3030/691883")
    assert plan["description"] == "The plan of the follower city." and plan["licence"] == "CC-BY-4.0"
    report = records["Final report"]
    assert report["url"] == "http://testserver/documents/results/report.pdf"  # the document, where it is served
    assert report["date"] is None and report["doi"] is None
    article = records["Positive energy districts"]
    assert (article["source"], article["kind"], article["date"], article["year"]) == ("CORDIS", "publication", None, 2020)
    assert (article["journal"], article["authors"]) == ("Energy and Buildings", "A. Rossi; B. Smith")
    assert article["doi_url"] == "https://doi.org/10.1016/j.enbuild.2020.110000"
    assert article["url"] is None and article["language"] is None
    rows = {row["title"]: row for row in csv_rows(client, "/it/progetti/results.csv")}
    assert rows["Piano d'azione della città"]["date"] == "2021-01-15"  # the Italian title on the Italian list
    assert rows["Positive energy districts"]["url"] == ""


def test_the_results_export_reads_as_many_queries_however_many_results(client, portfolio):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            download(client, "/en/projects/results.csv")
        return len(captured)

    few = queries()
    for n in range(25):
        make_result(portfolio["planheat"], title_it=f"Risultato {n}")
        make_cordis_result(portfolio["city4age"], f"689731_{n + 10}_DELIV")
    assert queries() == few


def test_the_projects_list_links_to_the_results_of_its_projects(client, portfolio):
    html = client.get("/en/projects/?theme=energy").content.decode()
    assert 'href="/en/projects/results.csv?theme=energy"' in html
    assert 'href="/en/projects/results.json?theme=energy"' in html


# The API


def api(client, query=None):
    response = client.get(reverse("api:result-list"), query or {})
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    return response.json()


def ids(data):
    return [record["id"] for record in data["results"]]


def test_the_api_lists_the_published_results_of_published_projects(client, portfolio):
    data = api(client, {"lang": "en"})
    assert ids(data) == expected(ALL)
    assert data["count"] == len(ALL) and data["ignored_filters"] == []
    assert all(list(record) == RESULT.names() for record in data["results"])
    assert data["results"][0]["title"] == "Data"
    assert api(client)["results"][0]["title"] == "Dati"  # Italian by default


@pytest.mark.parametrize(("query", "wanted"), [
    ({"project": "smartencity"}, ["editors-{plan}", "editors-{event}", "editors-{report}", "cordis-691883_1_DELIV",
                                  "cordis-691883_2_PUBLI"]),
    ({"source": "CORDIS"}, ALL[5:]),
    ({"source": "editors"}, ALL[:5]),
    ({"kind": "report"}, ["editors-{report}", "cordis-723757_1_REPORT"]),
    ({"kind": "deliverable", "project": "smartencity"}, ["cordis-691883_1_DELIV"]),
    ({"kind": "event", "source": "CORDIS"}, []),
    ({"project": "hidden"}, []),
    ({"project": "no-such-project"}, []),
])
def test_the_results_filters(client, portfolio, query, wanted):
    data = api(client, query)
    assert ids(data) == expected(wanted)
    assert data["count"] == len(wanted) and data["ignored_filters"] == []


def test_invalid_result_filters_are_ignored_and_listed(client, portfolio):
    data = api(client, {"kind": "poem", "source": "rumour", "project": "planheat"})
    assert [item["filter"] for item in data["ignored_filters"]] == ["kind", "source"]
    assert ids(data) == expected(["editors-{planheat}", "cordis-723757_1_REPORT"])


@pytest.mark.parametrize("size", [1, 2, 3, 4, 5, 9, 20])
def test_pages_run_across_both_kinds_of_result(client, portfolio, size):
    pages, data = [], api(client, {"page_size": size})
    pages += ids(data)
    while data["next"]:
        data = client.get(data["next"]).json()
        pages += ids(data)
    assert pages == expected(ALL)
    assert data["pages"] == -(-len(ALL) // size)


def test_a_page_past_the_last_gives_the_last(client, portfolio):
    data = api(client, {"page_size": 4, "page": 99})
    assert data["page"] == 3 and ids(data) == expected(ALL[8:])


def test_the_api_runs_as_many_queries_however_many_results(client, portfolio):
    url = reverse("api:result-list") + "?page_size=100"
    second_page = reverse("api:result-list") + "?page_size=5&page=2"
    few, few_second = count_queries(client, url), count_queries(client, second_page)
    for n in range(25):
        make_result(portfolio["smartencity"], title_it=f"Risultato {n}")
        make_cordis_result(portfolio["planheat"], f"723757_{n + 10}_DELIV")
    assert count_queries(client, url) == few
    # The second page now lies in the editors' results: CORDIS's are neither counted nor read.
    assert count_queries(client, second_page) <= few_second


# The OpenAPI document


@pytest.fixture
def openapi(client):
    return client.get(reverse("api:openapi"), {"lang": "en"}).json()


def test_openapi_describes_the_results_and_their_filters(openapi):
    operation = openapi["paths"]["/api/results/"]["get"]
    parameters = {parameter["name"]: parameter for parameter in operation["parameters"]}
    assert set(parameters) == {"project", "kind", "source", "page", "page_size", "lang"}
    assert parameters["source"]["schema"]["enum"] == ["CORDIS", "editors"]
    assert {"plan", "event", "deliverable", "publication", "report"} <= set(parameters["kind"]["schema"]["enum"])
    assert "report: Report; Results in brief" in parameters["kind"]["description"]
    assert operation["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/ResultList"}
    schema = openapi["components"]["schemas"]["Result"]
    assert list(schema["properties"]) == schema["required"] == RESULT.names()



def test_result_records_conform_to_their_schema(client, portfolio, openapi):
    schemas = openapi["components"]["schemas"]
    data = api(client, {"lang": "en"})
    assert list(data) == list(schemas["ResultList"]["properties"])
    for record in data["results"]:
        bad = [key for key, value in record.items() if not conforms(value, schemas["Result"]["properties"][key])]
        assert bad == [], (record["id"], bad)


# JSON-LD


def graph(html):
    [block] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(block)["@graph"]


def test_a_project_page_describes_its_results_tied_to_the_project_and_its_funder(client, portfolio):
    nodes = graph(client.get("/en/projects/smartencity/").content.decode())
    [project] = [node for node in nodes if node["@type"] == "ResearchProject"]
    works = {node["name"]: node for node in nodes if node.get("about") == {"@id": project["@id"]}}
    assert set(works) == {"City Action Plan", "Public day", "Final report", "D7.4 Replication plan",
                          "Positive energy districts"}
    assert {name: work["@type"] for name, work in works.items()} == {
        "City Action Plan": "CreativeWork", "Public day": "Event", "Final report": "Report",
        "D7.4 Replication plan": "Report", "Positive energy districts": "ScholarlyArticle",
    }
    assert all(work["funder"] == project["funder"] and work["funder"]["name"] == "European Union"
               for work in works.values())
    plan = works["City Action Plan"]
    assert (plan["url"], plan["datePublished"], plan["inLanguage"]) == ("https://example.org/plan", "2021-01-15", "en")
    assert plan["identifier"] == {"@type": "PropertyValue", "propertyID": "DOI", "value": "10.3030/691883"}
    assert plan["sameAs"] == ["https://doi.org/10.3030/691883"]
    assert works["Public day"]["startDate"] == "2017-02-22"
    assert works["Final report"]["url"] == "http://testserver/documents/results/report.pdf"
    article = works["Positive energy districts"]
    assert (article["datePublished"], article["isPartOf"]["name"]) == ("2020", "Energy and Buildings")
    assert len({node["@id"] for node in nodes if "@id" in node}) == len([node for node in nodes if "@id" in node])


def test_the_results_in_json_ld_are_in_the_pages_language(client, portfolio):
    names = {node.get("name") for node in graph(client.get("/it/progetti/smartencity/").content.decode())}
    assert "Piano d'azione della città" in names and "City Action Plan" not in names


def test_the_project_page_runs_as_many_queries_however_many_results(client, portfolio):
    url = "/en/projects/smartencity/"
    few = count_queries(client, url)
    for n in range(25):
        make_result(portfolio["smartencity"], title_it=f"Risultato {n}", doi=f"10.1234/{n}")
        make_cordis_result(portfolio["smartencity"], f"691883_{n + 10}_PUBLI", kind=CordisResultKind.PUBLICATION)
    assert count_queries(client, url) == few
    assert len(graph(client.get(url).content.decode())) > 50


# The feed


def test_the_results_feed_lists_the_offices_new_results_newest_first_in_each_language(client, portfolio):
    response = client.get("/en/projects/results.atom")
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    # The report has no date: it counts from the day it was added, today.
    assert [entry.title for entry in feed.entries] == [
        "SMARTENCITY: Final report", "SMARTENCITY: City Action Plan", "PLANHEAT: PLANHEAT tool", "CITY4AGE: Data",
        "SMARTENCITY: Public day",
    ]
    assert all(entry.link.startswith("http://testserver/en/projects/") for entry in feed.entries)
    assert feed.entries[1].link == "http://testserver/en/projects/smartencity/#results-heading"
    assert len({entry.id for entry in feed.entries}) == 5
    page_ids = {node.get("@id") for node in graph(client.get("/en/projects/smartencity/").content.decode())}
    assert feed.entries[1].id in page_ids  # the entry is the node the project page describes
    assert feed.entries[1].summary == "The plan of the follower city."
    italian = feedparser.parse(client.get("/it/progetti/results.atom").content)
    assert [entry.title for entry in italian.entries][:2] == [
        "SMARTENCITY: Rapporto finale", "SMARTENCITY: Piano d'azione della città"]
    assert all(entry.link.startswith("http://testserver/it/progetti/") for entry in italian.entries)


def test_the_results_feed_has_what_atom_requires(client, portfolio):
    feed = ElementTree.fromstring(client.get("/it/progetti/results.atom").content)
    for element in [feed, *feed.findall(f"{ATOM}entry")]:
        for required in ["id", "title", "updated"]:
            assert element.find(f"{ATOM}{required}").text
        datetime.datetime.fromisoformat(element.find(f"{ATOM}updated").text)
    assert feed.find(f"{ATOM}author/{ATOM}name").text == "Comune di Lecce"


def test_the_results_feed_runs_as_many_queries_however_many_results(client, portfolio):
    few = count_queries(client, "/en/projects/results.atom")
    for n in range(40):
        make_result(portfolio["planheat"], title_it=f"Risultato {n}")
    assert count_queries(client, "/en/projects/results.atom") == few


def test_every_page_names_the_results_feed(client, portfolio):
    html = client.get("/it/").content.decode()
    assert '<link rel="alternate" type="application/atom+xml" href="/it/progetti/results.atom"' in html


# The sitemap


def test_the_sitemap_lists_every_project_page_which_shows_its_results_and_no_documents(client, portfolio):
    locations = []
    index = ElementTree.fromstring(client.get("/sitemap.xml").content)
    for sitemap in index.findall(f"{SITEMAP}sitemap/{SITEMAP}loc"):
        page = ElementTree.fromstring(client.get(sitemap.text.removeprefix("http://testserver")).content)
        locations += [location.text for location in page.findall(f"{SITEMAP}url/{SITEMAP}loc")]
    for slug in ("smartencity", "planheat", "city4age"):
        assert f"http://testserver/en/projects/{slug}/" in locations
        assert f"http://testserver/it/progetti/{slug}/" in locations
    assert not [location for location in locations if "/documents/" in location or "hidden" in location]
