"""An organisation's name and city in each language: Italian required, English optional, English pages falling back
to the Italian (issue 19)."""

import json
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation

from profiles.demo import load_demo
from projects.cordis import import_cordis
from projects.models import Organisation
from tests.factories import make_organisation

pytestmark = pytest.mark.django_db

CORDIS = Path(__file__).parent / "data" / "cordis"


def page(client, url, language):
    with translation.override(language):
        response = client.get(url, headers={"accept-language": language})
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def lecce():
    return make_organisation(
        name_it="Comune di Lecce", name_en="Municipality of Lecce", slug="comune-di-lecce", is_featured=True,
        city_it="Lecce",
    )


@pytest.fixture
def polimi(lecce):
    return make_organisation(name_it="Politecnico di Milano", slug="polimi", city_it="Milano", city_en="Milan")


def test_the_profile_heading_is_the_name_in_the_page_language(client, lecce):
    assert "<h1>Comune di Lecce</h1>" in page(client, "/it/", "it")
    english = page(client, "/en/", "en")
    assert "<h1>Municipality of Lecce</h1>" in english
    assert "Comune di Lecce (Municipality of Lecce)" not in english


def test_a_partner_page_shows_the_city_in_the_page_language(client, polimi):
    url = polimi.get_absolute_url()
    with translation.override("it"):
        italian = page(client, polimi.get_absolute_url(), "it")  # the Italian address
    assert "<span>Milano, " in italian
    english = page(client, url, "en")
    assert "<span>Milan, " in english and "<span>Milano" not in english


def test_english_falls_back_to_the_italian_name_and_city(client, lecce):
    partner = make_organisation(name_it="Università del Salento", slug="unisalento", city_it="Lecce")
    assert partner.name_en in (None, "")
    english = page(client, partner.get_absolute_url(), "en")
    assert "<h1>Università del Salento</h1>" in english
    assert "Lecce, " in english
    listed = page(client, reverse("profiles:organisation-list"), "en")
    assert "Università del Salento" in listed


@pytest.mark.parametrize("words", ["Municipality Lecce", "Comune Lecce", "Milan", "Milano"])
def test_search_finds_an_organisation_by_its_name_or_city_in_either_language(client, lecce, polimi, words):
    found = [*Organisation.objects.search(words)]
    expected = polimi if "Mil" in words else lecce
    assert expected in found


def test_the_partner_list_search_finds_by_the_other_language_name(client, lecce, polimi):
    partner = make_organisation(name_it="Città di Anversa", name_en="City of Antwerp", slug="antwerp")
    for language, words in (("it", "Antwerp"), ("en", "Anversa")):
        with translation.override(language):
            response = client.get(reverse("profiles:organisation-list"), {"q": words},
                                  headers={"accept-language": language})
        assert [o.pk for o in response.context["object_list"]] == [partner.pk]


def test_a_cordis_import_writes_the_italian_name_which_english_pages_show(client):
    with translation.override("en"):  # an editor working in English: CORDIS's one name is still the Italian
        import_cordis(CORDIS / "project.csv", CORDIS / "organization.csv", publish_all=True)
    tecnalia = Organisation.objects.get(pic=999999999)
    assert tecnalia.name_it == "FUNDACION TECNALIA RESEARCH & INNOVATION"
    assert tecnalia.city_it == "Derio"
    assert not tecnalia.name_en and not tecnalia.city_en
    english = page(client, tecnalia.get_absolute_url(), "en")
    assert "<h1>FUNDACION TECNALIA RESEARCH &amp; INNOVATION</h1>" in english
    assert "Derio, " in english


def test_a_reimport_keeps_the_english_name_an_editor_wrote():
    import_cordis(CORDIS / "project.csv", CORDIS / "organization.csv", publish_all=True)
    Organisation.objects.filter(pic=960216387).update(name_en="Municipality of Lecce", city_en="Lecce")
    import_cordis(CORDIS / "project.csv", CORDIS / "organization.csv", publish_all=True)
    lecce = Organisation.objects.get(pic=960216387)
    assert lecce.name_en == "Municipality of Lecce"


def test_the_api_gives_the_name_in_the_language_asked_and_both_beside_it(client, polimi):
    response = client.get(f"/api/organisations/{polimi.slug}/", {"lang": "en"})
    assert response.status_code == 200
    record = json.loads(response.content)
    record = record.get("data", record)
    assert (record["city"], record["city_it"], record["city_en"]) == ("Milan", "Milano", "Milan")
    assert (record["name"], record["name_it"], record["name_en"]) == ("Politecnico di Milano",) * 2 + ("",)


def test_the_demo_names_the_municipality_and_cities_in_both_languages():
    load_demo()
    lecce = Organisation.objects.get(slug="comune-di-lecce")
    assert (lecce.name_it, lecce.name_en) == ("Comune di Lecce", "Municipality of Lecce")
    antwerp = Organisation.objects.get(slug="city-of-antwerp")
    assert (antwerp.city_it, antwerp.city_en) == ("Anversa", "Antwerp")
    polimi = Organisation.objects.get(slug="politecnico-di-milano")
    assert (polimi.city_it, polimi.city_en) == ("Milano", "Milan")
    deusto = Organisation.objects.get(slug="universidad-de-deusto")  # a foreign name stays its own in both
    assert deusto.name_it == "Universidad de Deusto" and not deusto.name_en
