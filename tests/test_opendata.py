"""Open data out and found by search engines: exports, structured data, link previews, sitemap, robots, feeds."""

import csv
import datetime
import io
import json
import re
from decimal import Decimal
from xml.etree import ElementTree

import feedparser
import pytest
from django.http import StreamingHttpResponse
from django.utils import timezone

from profiles.models import Highlight
from projects.models import Project
from tests.factories import make_highlight, make_organisation, make_participation, make_project, make_theme

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


@pytest.fixture
def portfolio():
    lecce = make_organisation(name="Comune di Lecce", slug="comune-di-lecce", is_featured=True, kind="PUB",
                              city="Lecce", website="https://www.comune.lecce.it", pic=960216387)
    tecnalia = make_organisation(name="TECNALIA", slug="tecnalia", country="ES", kind="REC")
    hidden_org = make_organisation(name="Hidden partner", slug="hidden-partner", is_published=False)
    energy = make_theme(slug="energy", name_it="Energia", name_en="Energy")
    ageing = make_theme(slug="ageing", name_it="Invecchiamento", name_en="Ageing")
    projects = {}
    for acronym, start, eu, theme, cordis_id in [
        ("SMARTENCITY", datetime.date(2016, 2, 1), "131961", energy, 691883),
        ("PLANHEAT", datetime.date(2016, 10, 1), None, energy, None),
        ("CITY4AGE", datetime.date(2015, 12, 1), "50000", ageing, 689731),
        ("=HYPERLINK(evil)", datetime.date(2019, 1, 1), None, None, None),
    ]:
        project = make_project(acronym=acronym, slug=re.sub(r"[^a-z0-9]+", "-", acronym.lower()).strip("-"), start_date=start,
                               end_date=start + datetime.timedelta(days=900), cordis_id=cordis_id,
                               eu_contribution=Decimal(eu) if eu else None,
                               summary_it=f"Sintesi di {acronym}.", summary_en=f"Summary of {acronym}.")
        if theme:
            project.themes.add(theme)
        make_participation(project, lecce, role="participant", eu_contribution=Decimal(eu) if eu else None)
        make_participation(project, tecnalia, role="coordinator")
        projects[acronym] = project
    make_participation(projects["PLANHEAT"], hidden_org)
    hidden = make_project(acronym="HIDDEN", slug="hidden", is_published=False)
    make_participation(hidden, lecce)
    make_highlight(lecce, project=projects["SMARTENCITY"], title_it="Una Lecce a zero emissioni",
                   title_en="A zero-carbon Lecce", text_it="Il piano.", text_en="The plan.")
    make_highlight(lecce, title_it="Nascosta", title_en="Hidden", is_published=False)
    return projects


def read_csv(response):
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:])))


def read_json(response):
    assert isinstance(response, StreamingHttpResponse)
    return json.loads(b"".join(response.streaming_content))


def listed(client, path, query):
    """The slugs a list page shows for ``query``, in order (every test list fits on one page)."""
    response = client.get(f"{path}?{query}")
    return [obj.slug for obj in response.context["page_obj"]], response


@pytest.mark.parametrize("query", [
    "", "theme=energy", "theme=energy&year_from=2016", "status=closed", "ordering=-eu", "ordering=acronym",
    "q=smart", "min_eu=60000", "country=ES", "year_from=not-a-year", "theme=energy&page=7",
])
def test_the_project_exports_hold_exactly_what_the_list_shows(client, portfolio, query):
    shown, _page = listed(client, "/en/projects/", query)
    rows = read_csv(client.get(f"/en/projects/export.csv?{query}"))
    assert [row["id"] for row in rows] == shown
    data = read_json(client.get(f"/en/projects/export.json?{query}"))
    assert [record["id"] for record in data["results"]] == shown
    assert data["licence"] == "CC-BY-4.0" and "CORDIS" in data["source"]


def test_a_project_row_has_its_facts_in_stable_fields(client, portfolio):
    rows = {row["id"]: row for row in read_csv(client.get("/it/progetti/export.csv"))}
    smart = rows["smartencity"]
    assert smart["url"] == "http://testserver/it/progetti/smartencity/"
    assert (smart["cordis_id"], smart["start_date"], smart["eu_contribution_eur"]) == ("691883", "2016-02-01", "131961.0")
    assert (smart["themes"], smart["summary"], smart["municipality_role"]) == ("Energia", "Sintesi di SMARTENCITY.",
                                                                             "participant")
    assert (smart["source"], smart["licence"]) == ("CORDIS", "CC-BY-4.0")
    assert rows["planheat"]["source"] == "editors"
    assert "hidden" not in rows


def test_a_cell_that_would_run_as_a_spreadsheet_formula_is_kept_as_text(client, portfolio):
    rows = {row["id"]: row for row in read_csv(client.get("/en/projects/export.csv"))}
    assert rows["hyperlink-evil"]["acronym"] == "'=HYPERLINK(evil)"


def test_the_participations_export_lists_the_published_partners_of_the_listed_projects(client, portfolio):
    rows = read_csv(client.get("/en/projects/participations.csv?theme=energy"))
    assert sorted((row["project"], row["organisation"], row["role"]) for row in rows) == [
        ("planheat", "comune-di-lecce", "participant"), ("planheat", "tecnalia", "coordinator"),
        ("smartencity", "comune-di-lecce", "participant"), ("smartencity", "tecnalia", "coordinator"),
    ]
    lecce = next(row for row in rows if row["project"] == "smartencity" and row["organisation"] == "comune-di-lecce")
    assert lecce["eu_contribution_eur"] == "131961.0"


@pytest.mark.parametrize("query", ["", "country=ES", "q=tec", "ordering=-name", "kind=nonsense"])
def test_the_organisation_exports_hold_exactly_what_the_list_shows(client, portfolio, query):
    shown, _page = listed(client, "/en/organisations/", query)
    assert [row["id"] for row in read_csv(client.get(f"/en/organisations/export.csv?{query}"))] == shown
    assert [r["id"] for r in read_json(client.get(f"/en/organisations/export.json?{query}"))["results"]] == shown


def test_the_list_links_to_its_exports_with_its_filters(client, portfolio):
    html = client.get("/en/projects/?theme=energy&page=1").content.decode()
    assert 'href="/en/projects/export.csv?theme=energy"' in html
    assert 'href="/en/projects/export.json?theme=energy"' in html
    assert 'href="/en/projects/participations.csv?theme=energy"' in html
    assert "Creative Commons Attribution 4.0" in html


def json_ld(html):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(blocks) == 1
    return {node["@type"]: node for node in json.loads(blocks[0])["@graph"]}


def test_every_page_describes_the_site_and_the_municipality(client, portfolio):
    for path in ["/it/", "/en/projects/", "/en/organisations/", "/en/projects/smartencity/"]:
        nodes = json_ld(client.get(path).content.decode())
        municipality = nodes["WebSite"]["publisher"]
        assert municipality["@type"] == "GovernmentOrganization"
        assert municipality["name"] == "Comune di Lecce"
        assert municipality["address"]["addressLocality"] == "Lecce"


def test_a_project_page_describes_the_project_its_funder_grant_dates_and_participants(client, portfolio):
    nodes = json_ld(client.get("/en/projects/smartencity/").content.decode())
    project = nodes["ResearchProject"]
    assert project["name"] == "SMARTENCITY"
    assert project["funder"]["name"] == "European Union"
    assert project["funding"]["identifier"] == "691883"
    assert project["identifier"]["value"] == "691883"
    assert (project["foundingDate"], project["dissolutionDate"]) == ("2016-02-01", "2018-07-20")
    assert {member["name"] for member in project["member"]} == {"Comune di Lecce", "TECNALIA"}
    crumbs = [item["name"] for item in nodes["BreadcrumbList"]["itemListElement"]]
    assert crumbs == ["Home", "Projects", "SMARTENCITY"]


def test_a_partner_page_describes_the_partner(client, portfolio):
    nodes = json_ld(client.get("/en/organisations/tecnalia/").content.decode())
    assert nodes["ResearchOrganization"]["name"] == "TECNALIA"
    assert [item["name"] for item in nodes["BreadcrumbList"]["itemListElement"]] == ["Home", "Partners", "TECNALIA"]


def test_structured_data_cannot_close_its_script(client, portfolio):
    project = portfolio["PLANHEAT"]
    project.summary_en = "</script><script>alert(1)</script>"
    project.save()
    html = client.get("/en/projects/planheat/").content.decode()
    assert json_ld(html)["ResearchProject"]["description"] == "</script><script>alert(1)</script>"


def meta(html, name):
    found = re.search(rf'<meta (?:property|name)="{re.escape(name)}" content="([^"]*)">', html)
    return found and found.group(1)


@pytest.mark.parametrize("path, title", [
    ("/it/", "Profilo"), ("/en/projects/", "Projects"), ("/en/projects/smartencity/", "SMARTENCITY"),
    ("/it/organizzazioni/", "Partner"), ("/en/organisations/tecnalia/", "TECNALIA"),
])
def test_every_page_has_a_link_preview_and_a_canonical_address(client, portfolio, path, title):
    html = client.get(path).content.decode()
    assert meta(html, "og:title") == title
    assert meta(html, "og:description")
    assert meta(html, "og:url") == f"http://testserver{path}"
    assert meta(html, "og:locale") in ("it_IT", "en_GB")
    assert f'<link rel="canonical" href="http://testserver{path}">' in html


def test_the_featured_organisations_page_points_to_the_home_page_as_canonical(client, portfolio):
    html = client.get("/en/organisations/comune-di-lecce/").content.decode()
    assert '<link rel="canonical" href="http://testserver/en/">' in html


def sitemap_urls(client):
    """Every <url> of every sitemap the index at /sitemap.xml lists."""
    index = ElementTree.fromstring(client.get("/sitemap.xml").content)
    urls = []
    for location in index.findall(f"{SITEMAP}sitemap/{SITEMAP}loc"):
        response = client.get(location.text.removeprefix("http://testserver"))
        assert response.status_code == 200 and response["Content-Type"] == "application/xml"
        urls += ElementTree.fromstring(response.content).findall(f"{SITEMAP}url")
    return urls


def test_the_sitemap_lists_every_published_page_in_both_languages_with_alternates(client, portfolio):
    urls = sitemap_urls(client)
    locations = {url.find(f"{SITEMAP}loc").text for url in urls}
    expected = set()
    for language, projects, organisations in [("it", "progetti", "organizzazioni"), ("en", "projects", "organisations")]:
        expected |= {f"http://testserver/{language}/", f"http://testserver/{language}/{projects}/",
                     f"http://testserver/{language}/{organisations}/", f"http://testserver/{language}/{organisations}/tecnalia/"}
        expected |= {f"http://testserver/{language}/{projects}/{slug}/"
                     for slug in ["smartencity", "planheat", "city4age", "hyperlink-evil"]}
    assert locations == expected
    for url in urls:
        alternates = {link.get("hreflang"): link.get("href") for link in url.findall(f"{XHTML}link")}
        assert set(alternates) == {"it", "en", "x-default"}
        assert url.find(f"{SITEMAP}loc").text in alternates.values()


def test_the_sitemaps_stay_under_their_limit_of_addresses(client, portfolio, monkeypatch):
    monkeypatch.setattr("opendata.sitemaps.BilingualSitemap.limit", 3)
    index = ElementTree.fromstring(client.get("/sitemap.xml").content)
    locations = [location.text for location in index.findall(f"{SITEMAP}sitemap/{SITEMAP}loc")]
    assert "http://testserver/sitemap-projects.xml?p=3" in locations  # 4 projects × 2 languages: 3 pages
    urls = sitemap_urls(client)
    assert len(urls) == len({url.find(f"{SITEMAP}loc").text for url in urls}) == 2 * (3 + 4 + 1)
    for location in locations:
        page = client.get(location.removeprefix("http://testserver")).content
        assert len(ElementTree.fromstring(page).findall(f"{SITEMAP}url")) <= 3


def test_the_sitemaps_are_kept_until_the_content_changes(client, portfolio, settings, django_assert_num_queries):
    settings.CACHE_PUBLIC_PAGES = True
    for address in ("/sitemap.xml", "/sitemap-projects.xml"):
        first = client.get(address)
        with django_assert_num_queries(1):  # the content version, nothing else
            again = client.get(address)
        assert again.content == first.content and again["Content-Type"] == first["Content-Type"]
    Project.objects.filter(slug="planheat").update(is_published=False)
    assert b"planheat" not in client.get("/sitemap-projects.xml").content


def test_robots_allow_the_site_and_point_to_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "Disallow: /admin/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines


def test_the_project_feed_is_valid_atom_with_the_newest_published_projects(client, portfolio):
    feed = feedparser.parse(client.get("/en/projects/feed.atom").content)
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "atom10"
    titles = [entry.title for entry in feed.entries]
    assert titles[0].startswith("=HYPERLINK(evil)") and len(titles) == 4
    assert not any(title.startswith("HIDDEN") for title in titles)
    assert all(entry.link.startswith("http://testserver/en/projects/") for entry in feed.entries)
    assert feed.feed.rights.startswith("Free to reuse under the Creative Commons Attribution 4.0")
    # Dated by their start, the latest first, not by the minute they were loaded (issue 19).
    assert [entry.published[:10] for entry in feed.entries] == ["2019-01-01", "2016-10-01", "2016-02-01", "2015-12-01"]


def test_the_highlights_feed_is_valid_atom_in_the_visitors_language(client, portfolio):
    feed = feedparser.parse(client.get("/it/highlights.atom").content)
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "atom10"
    assert [entry.title for entry in feed.entries] == ["Una Lecce a zero emissioni"]
    assert feed.entries[0].link == "http://testserver/it/progetti/smartencity/"
    english = feedparser.parse(client.get("/en/highlights.atom").content)
    assert [entry.title for entry in english.entries] == ["A zero-carbon Lecce"]


def test_every_page_names_its_feeds(client, portfolio):
    html = client.get("/it/").content.decode()
    assert '<link rel="alternate" type="application/atom+xml" href="/it/progetti/feed.atom"' in html
    assert '<link rel="alternate" type="application/atom+xml" href="/it/highlights.atom"' in html


def test_the_footer_says_where_the_data_comes_from_and_its_licence(client, portfolio):
    html = client.get("/en/").content.decode()
    footer = html.split('<footer class="site-footer">', 1)[1]
    assert "CORDIS" in footer and "Creative Commons" in footer


ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.mark.parametrize("path", ["/it/progetti/feed.atom", "/en/highlights.atom"])
def test_each_feed_has_the_elements_atom_requires(client, portfolio, path):
    """RFC 4287: a feed and each entry have an id, a title and an updated time; an entry without content links."""
    response = client.get(path)
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ElementTree.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    for element in [feed, *feed.findall(f"{ATOM}entry")]:
        for required in ["id", "title", "updated"]:
            assert element.find(f"{ATOM}{required}") is not None and element.find(f"{ATOM}{required}").text
        datetime.datetime.fromisoformat(element.find(f"{ATOM}updated").text)
    assert feed.find(f"{ATOM}author/{ATOM}name").text == "Comune di Lecce"
    assert all(entry.find(f"{ATOM}link").get("href").startswith("http://testserver/")
               for entry in feed.findall(f"{ATOM}entry"))


def test_the_highlights_feed_dates_each_by_its_news_not_by_when_it_was_loaded(client):
    lecce = make_organisation(name_it="Comune di Lecce", is_featured=True)
    dated = make_highlight(lecce, title_it="Piano approvato", date=datetime.date(2021, 3, 15))
    of_a_project = make_highlight(lecce, title_it="Il progetto parte",
                                  project=make_project(acronym="PLAN", start_date=datetime.date(2017, 10, 1)))
    written = make_highlight(lecce, title_it="Senza data")
    Highlight.objects.filter(pk=written.pk).update(created=timezone.make_aware(datetime.datetime(2019, 6, 2, 12)))
    feed = feedparser.parse(client.get("/it/highlights.atom").content)
    assert [(entry.title, entry.published[:10]) for entry in feed.entries] == [
        ("Piano approvato", "2021-03-15"),   # its own date
        ("Senza data", "2019-06-02"),        # none of its own, no project: the day it was written
        ("Il progetto parte", "2017-10-01"),  # its project's start
    ]
    assert dated.dated > written.dated.__class__(2019, 6, 2) > of_a_project.dated
