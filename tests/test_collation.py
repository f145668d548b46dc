"""Lists sorted by name or country as a reader of the page's language expects: accents and case folded, countries by
their names (projects/collation.py; issue 19)."""

import pytest
from django.urls import reverse
from django.utils import translation

from core.collation import sorted_by
from projects.filters import published_countries
from tests.factories import count_queries, make_organisation

pytestmark = pytest.mark.django_db


def listed(client, language, ordering):
    with translation.override(language):
        response = client.get(reverse("profiles:organisation-list"), {"ordering": ordering},
                              headers={"accept-language": language})
        assert response.status_code == 200
        return [organisation.name for organisation in response.context["object_list"]]


@pytest.fixture
def partners():
    make_organisation(name_it="Comune di Lecce", slug="lecce", is_featured=True)
    names = {
        "Universidad Politécnica de Madrid": "ES", "Universidad de Deusto": "ES", "Ústí nad Labem": "CZ",
        "Urban Lab": "DE", "école des mines": "FR", "Enel": "IT", "Fortum": "DK", "Zeta": "DE", "Ds Ltd": "DK", "Sveučilište u Zagrebu": "HR",
    }
    for n, (name, country) in enumerate(names.items()):
        make_organisation(name_it=name, slug=f"partner-{n}", country=country)


def test_names_in_italian_fold_accents_and_case(client, partners):
    names = listed(client, "it", "name")
    assert names == ["Ds Ltd", "école des mines", "Enel", "Fortum", "Sveučilište u Zagrebu", "Universidad de Deusto",
                     "Universidad Politécnica de Madrid", "Urban Lab", "Ústí nad Labem", "Zeta"]
    assert listed(client, "it", "-name") == names[::-1]


def test_countries_by_their_names_in_the_page_language(client, partners):
    # Danimarca (DK) before Germania (DE) in Italian; Denmark and Germany in English; each country's names by name.
    italian = listed(client, "it", "country")
    assert italian == ["Ústí nad Labem",  # Cechia
                       "Sveučilište u Zagrebu",  # Croazia
                       "Ds Ltd", "Fortum",  # Danimarca
                       "école des mines",  # Francia
                       "Urban Lab", "Zeta",  # Germania
                       "Enel",  # Italia
                       "Universidad de Deusto", "Universidad Politécnica de Madrid"]  # Spagna
    english = listed(client, "en", "country")
    assert english == ["Sveučilište u Zagrebu",  # Croatia
                       "Ústí nad Labem",  # Czechia
                       "Ds Ltd", "Fortum",  # Denmark
                       "école des mines",  # France
                       "Urban Lab", "Zeta",  # Germany
                       "Enel",  # Italy
                       "Universidad de Deusto", "Universidad Politécnica de Madrid"]  # Spain


def test_the_country_choices_are_sorted_by_name_in_the_page_language(partners):
    with translation.override("it"):
        assert [code for code, _name in published_countries()] == ["CZ", "HR", "DK", "FR", "DE", "IT", "ES"]
    with translation.override("en"):
        assert [code for code, _name in published_countries()] == ["HR", "CZ", "DK", "FR", "DE", "IT", "ES"]


def test_the_english_order_follows_the_english_names(client, partners):
    make_organisation(name_it="Città di Anversa", name_en="City of Antwerp", slug="antwerp", country="BE")
    assert listed(client, "it", "name").index("Città di Anversa") < listed(client, "it", "name").index("Ds Ltd")
    english = listed(client, "en", "name")
    assert english.index("City of Antwerp") < english.index("Ds Ltd")
    assert "Città di Anversa" not in english


def test_the_sort_key_orders_like_an_italian_reader():
    assert sorted_by(["Zeta", "ácido", "Beta", "alfa"], language="it") == ["ácido", "alfa", "Beta", "Zeta"]


def test_ordering_by_name_or_country_costs_no_more_queries(client, partners):
    url = reverse("profiles:organisation-list")
    plain = count_queries(client, url)
    assert count_queries(client, f"{url}?ordering=name") == plain
    # At most one more: the countries' order asks the cache of the countries' codes, kept by content version.
    assert count_queries(client, f"{url}?ordering=country") <= plain + 1
