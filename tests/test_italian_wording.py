"""The Italian that readers and editors tripped over reads as written in Italian (issue 19): the admin's phrases
built around a model's name, a refused filter value, one word for the history, lower-case paese."""

import re

import pytest
from django.contrib.admin.models import LogEntry
from django.test import Client
from django.utils import translation

from tests.factories import make_highlight, make_organisation, make_participation, make_project, make_theme

pytestmark = pytest.mark.django_db


@pytest.fixture
def italian_editor(editor):
    client = Client(headers={"accept-language": "it"})
    client.force_login(editor)
    return client


def text(response):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_the_admin_builds_no_phrase_a_model_name_puts_out_of_agreement(italian_editor):
    organisation = make_organisation(name_it="Comune di Lecce")
    make_highlight(organisation, title_it="Una notizia")
    changelist = text(italian_editor.get("/admin/projects/organisation/"))
    assert "Recupera elementi cancellati: organizzazioni" in changelist
    assert "Recupera organizzazioni cancellati" not in changelist
    assert "Cancella gli elementi selezionati (organizzazioni)" in changelist
    change = text(italian_editor.get(f"/admin/projects/organisation/{organisation.pk}/change/"))
    raw = italian_editor.get(f"/admin/projects/organisation/{organisation.pk}/change/").content.decode()
    assert re.search(r"Aggiungi: notizia in evidenza", raw, re.I), re.findall(r"Aggiungi[^<]{0,40}", raw)
    assert "Aggiungi un altro" not in raw
    assert "Cronologia" in change and "Storia" not in change


def test_a_refused_filter_value_is_said_in_italian(client):
    make_project(acronym="ONE")
    response = client.get("/it/progetti/?status=nope", follow=True)
    said = [str(message) for message in response.context["messages"]]
    assert said == ["Il filtro “Stato” è stato ignorato: Scegliere un'opzione valida: “nope” non è tra quelle "
                    "disponibili."]


def test_countries_are_counted_with_one_word_in_lower_case(client):
    lecce = make_organisation(name_it="Comune di Lecce", is_featured=True)
    project = make_project(acronym="ONE")
    make_participation(project, lecce)
    make_participation(project, make_organisation(country="ES"))
    page = text(client.get("/it/"))
    assert re.search(r"\b1 paese\b", page)
    assert not re.search(r"\d Paes[ei]\b", page)


def test_the_cronologia_names_the_changed_fields_in_the_readers_language(italian_editor):
    theme = make_theme(slug="energia", name_it="Energia", name_en="Energy")
    italian_editor.post(f"/admin/projects/theme/{theme.pk}/change/", {
        "name_it": "Energia pulita", "name_en": "Clean energy", "slug": "energia",
        "description_it": "Fonti rinnovabili.", "description_en": "",
    })
    entry = LogEntry.objects.get(object_id=str(theme.pk))
    with translation.override("it"):
        italian = entry.get_change_message()
    with translation.override("en"):
        english = entry.get_change_message()
    # Once for a text changed in both languages, and never modeltranslation's English "Name [it]".
    assert italian == "Modificati nome e descrizione."
    assert english == "Changed name and description."
    history = text(italian_editor.get(f"/admin/projects/theme/{theme.pk}/history/"))
    assert "Modificati nome e descrizione." in history and "[it]" not in history
