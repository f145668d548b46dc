"""Programmes as reference data (issue 17): editors add one, and its projects are handled like the others."""

import csv
import io

import pytest
from django.urls import reverse

from projects.insights import portfolio_insights
from projects.models import Programme, Project
from tests.factories import make_organisation, make_participation, make_project
from tests.test_admin import admin_url

pytestmark = pytest.mark.django_db


def test_the_framework_programmes_and_the_others_are_there_from_the_start():
    codes = set(Programme.objects.values_list("code", flat=True))
    assert {"FP7", "H2020", "HORIZON", "OTHER", "INTERREG", "INTERREG-EUROPE", "URBACT", "LIFE", "ERASMUS+", "UIA",
            "EUI", "DIGITAL", "ERDF", "ESF+", "CF", "PNRR"} <= codes
    assert set(Programme.objects.filter(in_cordis=True).values_list("code", flat=True)) == {"FP7", "H2020", "HORIZON"}
    assert Programme.objects.get(code="URBACT").part_of.code == "INTERREG"
    pnrr = Programme.objects.get(code="PNRR")
    assert pnrr.name_it.startswith("Piano nazionale") and "Recovery" in pnrr.name_en


def test_an_editor_adds_a_programme_and_its_project_is_listed_filtered_exported_and_counted(editor_client, client):
    response = editor_client.post(admin_url("projects", "programme", "add"), {
        "name_it": "Programma regionale Puglia FESR-FSE+", "name_en": "Apulia regional programme ERDF-ESF+",
        "code": "PR-PUGLIA", "funding_body_it": "Regione Puglia", "funding_body_en": "Apulia Region",
        "url": "https://www.regione.puglia.it/", "part_of": "", "in_cordis": "",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    lecce = make_organisation(name="Comune di Lecce", slug="lecce", is_featured=True)
    local = make_project(acronym="BUS-ELETTRICI", slug="bus", programme="PR-PUGLIA", programme_identifier="A1-2023")
    research = make_project(acronym="HEAT", slug="heat")
    for project in (local, research):
        make_participation(project, lecce)

    listed = client.get(reverse("projects:project-list"), {"programme": "PR-PUGLIA"})
    assert [p.slug for p in listed.context["object_list"]] == ["bus"]
    assert ("PR-PUGLIA", "Apulia regional programme ERDF-ESF+ (1)") in listed.context["filter"].form.fields[
        "programme"].choices
    page = client.get(local.get_absolute_url()).content.decode()
    assert "Apulia regional programme ERDF-ESF+" in page and "A1-2023" in page and "Apulia Region" in page

    export = b"".join(client.get(reverse("opendata:project-export-csv")).streaming_content).decode("utf-8-sig")
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO(export))}
    assert rows["bus"]["programme"] == "PR-PUGLIA" and rows["heat"]["programme"] == "H2020"

    insights = portfolio_insights(lecce)
    assert insights.project_count == 2


def test_a_programme_in_use_cannot_be_deleted(editor_client):
    make_project(slug="bus", programme="LIFE")
    response = editor_client.post(admin_url("projects", "programme", "delete", Programme.objects.get(code="LIFE").pk),
                                  {"post": "yes"})
    assert response.status_code == 200  # the admin says what protects it
    assert Programme.objects.filter(code="LIFE").exists() and Project.objects.filter(slug="bus").exists()


def test_a_code_is_capitals_digits_and_dashes(editor_client):
    response = editor_client.post(admin_url("projects", "programme", "add"), {
        "name_it": "Prova", "name_en": "Test", "code": "my code", "url": "", "part_of": "",
    })
    assert response.status_code == 200
    assert "Capital letters, digits" in response.content.decode()


def test_a_programmes_code_is_kept_once_made(editor_client):
    """Projects and shared addresses refer to a programme by its code: the change page shows it, not a field."""
    life = Programme.objects.get(code="LIFE")
    page = editor_client.get(admin_url("projects", "programme", "change", life.pk)).content.decode()
    assert 'name="code"' not in page and "LIFE" in page
