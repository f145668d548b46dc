"""What editors wrote in Italian and not yet in English is said in the admin, and the country filters list what is used."""

import re

import pytest
from django.urls import reverse

from tests.factories import make_organisation, make_project

pytestmark = pytest.mark.django_db

PROJECTS = reverse("admin:projects_project_changelist")


@pytest.fixture
def projects():
    return {
        "half": make_project(acronym="HALF", summary_it="Un quartiere a zero emissioni.", summary_en=""),
        "whole": make_project(acronym="WHOLE", summary_it="Un piano per il calore.", summary_en="A heating plan."),
        "bare": make_project(acronym="BARE"),  # nothing written in either language: nothing missing
    }


def listed(content):
    return set(re.findall(r'<th class="field-acronym"><a href="[^"]+">(\w+)</a>', content))


def test_the_list_says_which_projects_miss_english_and_filters_them(editor_client, projects):
    content = editor_client.get(PROJECTS).content.decode()
    assert "missing: summary" in content
    assert listed(editor_client.get(PROJECTS + "?english=missing").content.decode()) == {"HALF"}
    assert listed(editor_client.get(PROJECTS + "?english=complete").content.decode()) == {"WHOLE", "BARE"}


def test_the_items_page_warns_of_what_is_missing_in_english(editor_client, projects):
    half = editor_client.get(reverse("admin:projects_project_change", args=[projects["half"].pk])).content.decode()
    assert "Not yet written in English: summary. English pages show the Italian text meanwhile." in half
    whole = editor_client.get(reverse("admin:projects_project_change", args=[projects["whole"].pk])).content.decode()
    assert "Not yet written in English" not in whole


def test_the_warning_is_in_the_editors_language(editor_client, projects):
    editor_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "it"
    half = editor_client.get(reverse("admin:projects_project_change", args=[projects["half"].pk])).content.decode()
    assert "Not yet written in English" not in half and "inglese" in half


def test_the_country_filter_lists_only_the_countries_organisations_have_by_name(editor_client):
    for country in ("DE", "DK", "IT"):
        make_organisation(country=country)
    content = editor_client.get(reverse("admin:projects_organisation_changelist")).content.decode()
    choices = re.search(r'<details data-filter-title="country".*?</details>', content, re.S).group(0)
    assert re.findall(r'<a href="\?country=(\w*)">([^<]+)</a>', choices) == [
        ("DK", "Denmark"), ("DE", "Germany"), ("IT", "Italy")]


def test_a_partner_named_only_in_its_own_language_misses_nothing_in_english(editor_client):
    # Universidad de Deusto is Universidad de Deusto in English too: its name and city are no gap.
    deusto = make_organisation(name_it="Universidad de Deusto", city_it="Bilbao", tagline_it="Un'università basca.")
    page = editor_client.get(reverse("admin:projects_organisation_change", args=[deusto.pk])).content.decode()
    assert "Not yet written in English: tagline." in page
    changelist = reverse("admin:projects_organisation_changelist")
    assert "missing: tagline<" in editor_client.get(changelist).content.decode()
    deusto.tagline_en = "A Basque university."
    deusto.save()
    assert "Not yet written in English" not in editor_client.get(
        reverse("admin:projects_organisation_change", args=[deusto.pk])).content.decode()
    assert "Universidad de Deusto" in editor_client.get(changelist + "?english=complete").content.decode()


def test_the_country_filter_sorts_as_the_editor_reads(editor_client):
    for country in ("DE", "DK", "HR", "CZ"):
        make_organisation(country=country)
    editor_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "it"
    content = editor_client.get(reverse("admin:projects_organisation_changelist")).content.decode()
    choices = re.search(r'<details data-filter-title="paese".*?</details>', content, re.S | re.I).group(0)
    assert [name for _code, name in re.findall(r'<a href="\?country=(\w*)">([^<]+)</a>', choices)] == [
        "Cechia", "Croazia", "Danimarca", "Germania"]
