"""Filter links name only what was chosen, and the filters fold on a phone but show what is applied (issue 19).

A form without JavaScript sends every field, blank or not: the lists send the browser on to the same address
without the blank ones, so that the address a visitor shares is short. The filters are one <details>, open in
the page as sent when anything in them is chosen, after the count of results.
"""

import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse
from django.utils import translation

from tests.factories import make_organisation, make_participation, make_project, make_theme

pytestmark = pytest.mark.django_db

LISTS = ["projects:project-list", "profiles:organisation-list"]


@pytest.fixture
def portfolio():
    lecce = make_organisation(name="Comune di Lecce", slug="lecce", is_featured=True)
    partner = make_organisation(name="Danish City", slug="danish-city", country="DK")
    energy, health = make_theme(name="Energy", slug="energy"), make_theme(name="Health", slug="health")
    project = make_project(acronym="BRAVO", slug="bravo")
    project.themes.set([energy, health])
    make_participation(project, lecce)
    make_participation(project, partner)


def address(name, language, query=""):
    with translation.override(language):
        return reverse(name) + query


def get(client, name, language, query=""):
    return client.get(address(name, language, query), headers={"accept-language": language})


def filters_tag(html):
    """The opening tag of the filters' <details>."""
    [tag] = re.findall(r"<details [^>]*data-filters[^>]*>", html)
    return tag


@pytest.mark.parametrize("language", ["en", "it"])
@pytest.mark.parametrize("name", LISTS)
def test_a_link_with_empty_filters_leads_to_the_list_with_only_the_chosen_ones(client, portfolio, name, language):
    response = get(client, name, language, "?partner=&q=&country=DK&theme=&programme=&ordering=")
    assert response.status_code == 302
    assert response["Location"] == address(name, language, "?country=DK")
    assert get(client, name, language, "?country=DK").status_code == 200


@pytest.mark.parametrize("language", ["en", "it"])
@pytest.mark.parametrize("name", LISTS)
def test_a_link_with_nothing_chosen_leads_to_the_plain_list(client, portfolio, name, language):
    response = get(client, name, language, "?q=&country=&kind=&page=")
    assert response.status_code == 302
    assert response["Location"] == address(name, language)


@pytest.mark.parametrize("query", ["", "?country=DK", "?theme=energy&theme=health&status=closed", "?page=1", "?q=city"])
@pytest.mark.parametrize("name", LISTS)
def test_a_clean_link_is_answered_as_it_is(client, portfolio, name, query):
    assert get(client, name, "en", query).status_code == 200


def test_repeated_values_and_the_order_of_the_chosen_filters_survive(client, portfolio):
    response = get(client, "projects:project-list", "it", "?q=&theme=health&programme=&theme=energy&status=closed&role=")
    assert response["Location"] == address("projects:project-list", "it", "?theme=health&theme=energy&status=closed")
    response = client.get(response["Location"])
    assert response.status_code == 200
    assert [project.acronym for project in response.context["object_list"]] == ["BRAVO"]


def test_a_blank_search_is_an_empty_parameter_too(client, portfolio):
    response = get(client, "projects:project-list", "en", "?q=++&theme=energy")
    assert response["Location"] == address("projects:project-list", "en", "?theme=energy")


def test_the_page_is_kept_unless_it_is_the_first(client, portfolio):
    assert get(client, "projects:project-list", "en", "?q=&page=3")["Location"] == address(
        "projects:project-list", "en", "?page=3")
    assert get(client, "projects:project-list", "en", "?q=&theme=energy&page=1")["Location"] == address(
        "projects:project-list", "en", "?theme=energy")


def test_the_json_interface_answers_empty_parameters_without_a_redirect(client, portfolio):
    response = client.get(reverse("api:project-list") + "?q=&theme=energy")
    assert response.status_code == 200
    assert response.json()["count"] == 1


@pytest.mark.parametrize("name", LISTS)
def test_the_filters_are_folded_when_nothing_is_chosen(client, portfolio, name):
    html = get(client, name, "en").content.decode()
    assert " open" not in filters_tag(html)
    assert "active)" not in html
    assert "Clear filters" not in html  # an unticked box is no filter


@pytest.mark.parametrize(("name", "query"), [
    ("projects:project-list", "?theme=energy&theme=health&status=closed"),
    ("profiles:organisation-list", "?country=DK&kind=PUB"),
])
def test_the_filters_are_open_and_say_how_many_apply_when_some_are_chosen(client, portfolio, name, query):
    html = get(client, name, "en", query).content.decode()
    assert " open" in filters_tag(html)
    summary = re.search(r"<summary>(.*?)</summary>", html, re.S).group(1)
    assert "(2 active)" in summary
    assert "Clear filters" in html


def test_an_order_alone_leaves_the_filters_folded(client, portfolio):
    # An order is no filter: on a phone the list it orders stays in view, under the count.
    html = get(client, "profiles:organisation-list", "en", "?ordering=name").content.decode()
    assert " open" not in filters_tag(html)
    assert "active)" not in html


@pytest.mark.parametrize("language", ["en", "it"])
@pytest.mark.parametrize("name", LISTS)
def test_the_count_comes_before_the_filters_and_the_skip_link_after_them(client, portfolio, name, language):
    html = get(client, name, language).content.decode()
    count = html.index('id="results-heading"')
    filters = html.index(filters_tag(html))
    results = html.index('id="results"')
    assert count < filters < results
    assert re.search(r'<h2 id="results-heading"[^>]*>1 (project|progetto|organisation|organizzazione)s?</h2>',
                     html[count - 4:])
    skip = re.search(r'<a href="#results">', html)
    assert skip and filters < skip.start() < results


def test_the_script_that_opens_the_filters_is_the_sites_own(client, portfolio):
    html = get(client, "projects:project-list", "en").content.decode()
    [src] = re.findall(r'<script src="([^"]+)"', html)
    assert src == "/static/js/filters.js"  # no CDN; production adds a content hash to the name
    script = Path(finders.find("js/filters.js")).read_text()
    assert "formdata" in script and "matchMedia" in script
