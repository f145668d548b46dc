"""The map of the featured organisation's partners on its profile: shapes, shading, table, queries and weight."""

import html
import re
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import translation

from projects.network_map import SHADE_CLASSES, europe, shade_class
from tests.factories import count_queries, make_organisation, make_participation, make_project

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"
SVG_BUDGET = 16_000  # bytes of inline SVG with a partner in every country the map shows (15.5 KB)
SECTION_BUDGET = 26_000  # the whole section with it: map, legend and a table of 68 countries (24 KB in English)


@pytest.fixture
def lecce():
    return make_organisation(name="Comune di Lecce", slug="comune-di-lecce", country="IT", is_featured=True)


def partners_in(lecce, countries):
    """One project of ``lecce`` with a partner in each of ``countries`` (a code per partner)."""
    project = make_project()
    make_participation(project, lecce)
    return [make_participation(project, make_organisation(country=code)).organisation for code in countries]


@pytest.fixture
def network(lecce):
    partners = partners_in(lecce, ["ES", "ES", "ES", "FR", "DE", "US", ""])
    # Not published: on no public page, so not on the map either.
    make_participation(make_project(is_published=False), make_organisation(country="PT"))
    make_participation(partners[0].participations.get().project, make_organisation(country="DE", is_published=False))
    return partners


def section_of(response):
    content = response.content.decode()
    start = content.find('<section aria-labelledby="network-map-heading"')
    return content[start:content.index("</section>", start)] if start >= 0 else ""


def svg_of(section):
    """The map as an XML document (an SVG inline in HTML takes its namespace from the HTML parser)."""
    markup = re.search(r"<svg .*?</svg>", section, re.S).group(0)
    return markup, ET.fromstring(markup.replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1))


def shading(svg):
    """{country's title: CSS class} for every shaded country."""
    return {path.find(f"{SVG}title").text: path.get("class") for path in svg.iter(f"{SVG}path")
            if path.find(f"{SVG}title") is not None}


def table_rows(section):
    return [(code, html.unescape(name), count) for code, name, count in re.findall(r'<th scope="row"><a href="[^"]*\?country=(\w\w)">([^<]+)</a></th><td class="number">(\d+)</td>',
                      section)]


def test_the_profile_shows_a_well_formed_map_with_a_title_and_a_description(client, network):
    section = section_of(client.get(reverse("profiles:home")))
    assert "<h2" in section and "Where the partners are" in section
    _markup, svg = svg_of(section)
    assert svg.get("role") == "img"
    assert svg.find(f"{SVG}title").text == "Where the partners are"
    description = svg.find(f"{SVG}desc").text
    assert description.startswith("Partners recorded in 4 countries; most in Spain (3), France (1), Germany (1).")
    assert "The country of 1 partner is not recorded." in description


def test_more_partners_shade_a_country_darker(client, network):
    _markup, svg = svg_of(section_of(client.get(reverse("profiles:home"))))
    shades = shading(svg)
    assert shades["Spain: 3"] == "n2"
    assert shades["France: 1"] == shades["Germany: 1"] == "n1"  # the unpublished German partner does not count
    order = [shade.css for shade in SHADE_CLASSES]
    assert order.index(shades["Spain: 3"]) > order.index(shades["France: 1"])
    assert not any(title.startswith("Portugal") for title in shades)  # only an unpublished project there
    assert shade_class(1).css == "n1" and shade_class(3).css == "n2" and shade_class(5).css == "n3"
    assert shade_class(40).css == "n4"


def test_the_featured_organisations_country_is_outlined_and_named(client, network):
    section = section_of(client.get(reverse("profiles:home")))
    _markup, svg = svg_of(section)
    home = svg.find(f"{SVG}path[@id='network-map-home']")
    assert "home" in home.get("class").split() and "land" in home.get("class").split()  # no Italian partner
    assert svg.find(f"{SVG}use").get("href") == "#network-map-home"
    assert "Outlined: Italy, the country of Comune di Lecce" in section


def test_partners_outside_the_map_are_named_under_it(client, network):
    section = section_of(client.get(reverse("profiles:home")))
    assert "Not on the map: United States of America (1)." in section


@pytest.mark.parametrize("language, expected", [
    ("en", [("ES", "Spain", "3"), ("FR", "France", "1"), ("DE", "Germany", "1"), ("US", "United States of America", "1")]),
    ("it", [("ES", "Spagna", "3"), ("FR", "Francia", "1"), ("DE", "Germania", "1"), ("US", "Stati Uniti d'America", "1")]),
])
def test_the_table_lists_each_country_with_its_count_in_the_pages_language(client, network, language, expected):
    with translation.override(language):
        url = reverse("profiles:home")
    section = section_of(client.get(url, headers={"accept-language": language}))
    assert table_rows(section) == expected
    assert section.count("<tr>") == len(expected) + 1  # the head, and a row for each country with a partner


def test_a_partners_page_has_no_map(client, network):
    response = client.get(reverse("profiles:organisation-detail", args=[network[0].slug]))
    assert response.status_code == 200
    assert "network-map" not in response.content.decode()


def test_no_map_without_partners(client, lecce):
    make_participation(make_project(), lecce)
    response = client.get(reverse("profiles:home"))
    assert response.status_code == 200
    assert "network-map" not in response.content.decode()


def test_the_queries_do_not_grow_with_the_partners(client, lecce):
    partners_in(lecce, ["ES", "FR"])
    few = count_queries(client, reverse("profiles:home"))
    partners_in(lecce, ["ES", "FR", "DE", "GR", "PL", "SE", "NL", "BE", "AT", "CZ"] * 4)
    many = count_queries(client, reverse("profiles:home"))
    assert few == many


def test_a_partner_in_every_country_stays_within_the_budget(client, lecce):
    _frame, shapes = europe()
    codes = sorted(code for code in shapes if code != "IT")
    partners_in(lecce, codes + ["ES", "ES"])
    section = section_of(client.get(reverse("profiles:home")))
    markup, svg = svg_of(section)
    assert len(shading(svg)) >= len(codes) - 10  # micro-states are dots, with a title of their own
    assert len(markup.encode()) < SVG_BUDGET
    assert len(section.encode()) < SECTION_BUDGET
    assert "Not on the map" not in section
    dots = {circle.find(f"{SVG}title").text for circle in svg.iter(f"{SVG}circle")}
    assert {"Monaco: 1", "Vatican City: 1", "San Marino: 1"} <= dots
