"""Each open-data field is defined once: the CSV header, the JSON keys and the OpenAPI schema all follow it."""

import csv
import io
import json

import pytest
from django.urls import reverse

from opendata.records import ORGANISATION, PARTICIPATION, PROJECT, Field, json_schema
from tests.factories import make_organisation, make_participation, make_project

pytestmark = pytest.mark.django_db

# Each record with the names of its CSV export, its JSON export and its API list.
OUTLETS = [
    (PROJECT, "opendata:project-export-csv", "opendata:project-export-json", "api:project-list"),
    (ORGANISATION, "opendata:organisation-export-csv", "opendata:organisation-export-json", "api:organisation-list"),
    (PARTICIPATION, "opendata:participation-export-csv", "opendata:participation-export-json",
     "api:participation-list"),
]


@pytest.fixture
def partnership():
    """One published project with one partner beside the featured municipality: a row for every record."""
    lecce = make_organisation(name="Comune di Lecce", slug="lecce", is_featured=True)
    partner = make_organisation(name="Tecnalia", slug="tecnalia", country="ES", pic=999572385)
    project = make_project(acronym="SmartEnCity", slug="smartencity", cordis_id=691883)
    make_participation(project, lecce)
    make_participation(project, partner)
    return project


def csv_rows(client, name):
    text = b"".join(client.get(reverse(name)).streaming_content).decode("utf-8")
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))


def json_export_results(client, name):
    return json.loads(b"".join(client.get(reverse(name)).streaming_content))["results"]


def api_results(client, name):
    return client.get(reverse(name), {"lang": "en"}).json()["results"]


def openapi_schema(client, record):
    return client.get(reverse("api:openapi"), {"lang": "en"}).json()["components"]["schemas"][record.name]


@pytest.mark.parametrize(("record", "csv_name", "json_name", "api_name"), OUTLETS)
def test_every_outlet_lists_the_record_fields_in_order(client, partnership, record, csv_name, json_name, api_name):
    names = record.names()
    schema = openapi_schema(client, record)
    assert schema["required"] == list(schema["properties"]) == names
    assert csv_rows(client, csv_name)[0] == names
    results = json_export_results(client, json_name) + api_results(client, api_name)
    assert len(results) >= 2
    assert all(list(result) == names for result in results)


def test_a_field_added_or_removed_once_shows_everywhere(client, partnership, monkeypatch):
    letters = Field(
        "acronym_letters", json_schema("integer", description="How long the acronym is."),
        lambda project, _absolute: len(project.acronym),
    )
    kept = [field for field in PROJECT.fields if field.name != "summary"]
    monkeypatch.setattr(PROJECT, "fields", (*kept[:-2], letters, *kept[-2:]))
    names = [*(field.name for field in kept[:-2]), "acronym_letters", "source", "licence"]

    header, row = csv_rows(client, "opendata:project-export-csv")
    assert header == names
    assert dict(zip(header, row, strict=True))["acronym_letters"] == "11"
    for result in (*json_export_results(client, "opendata:project-export-json"),
                   *api_results(client, "api:project-list")):
        assert list(result) == names
        assert result["acronym_letters"] == 11
    schema = openapi_schema(client, PROJECT)
    assert list(schema["properties"]) == schema["required"] == names
    assert schema["properties"]["acronym_letters"] == {"type": "integer", "description": "How long the acronym is."}
