"""Importing CORDIS files from the admin, as an editor does."""

from pathlib import Path

import pytest
from django.contrib.auth.models import Permission, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse, reverse_lazy

from projects.models import Organisation, Participation, Project

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data" / "cordis"
URL = reverse_lazy("admin:projects_import_cordis")


def upload(name, content=None):
    return SimpleUploadedFile(name, content if content is not None else (DATA / name).read_bytes())


def post(client, dry_run, projects=None, organisations=None, **extra):
    data = {
        "projects_file": projects or upload("project.csv"),
        "organisations_file": organisations or upload("organization.csv"),
        **extra,
    }
    if dry_run:
        data["dry_run"] = "on"
    return client.post(URL, data)


def test_the_project_list_offers_the_import_to_editors(editor_client):
    content = editor_client.get(reverse("admin:projects_project_changelist")).content.decode()
    assert f'href="{URL}"' in content
    page = editor_client.get(URL)
    assert page.status_code == 200
    assert 'name="projects_file"' in page.content.decode() and 'name="organisations_file"' in page.content.decode()


def test_a_dry_run_shows_what_would_change_and_writes_nothing(editor_client):
    response = post(editor_client, dry_run=True)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Dry run: nothing was written." in content
    assert "What the import would do" in content
    assert "<th scope=\"row\">Projects</th><td>3</td>" in content
    assert "2 warnings" in content and "unknown role “observer”" in content
    assert Project.objects.count() == Organisation.objects.count() == Participation.objects.count() == 0


def test_an_import_writes_the_rows_and_reports_them(editor_client):
    response = post(editor_client, dry_run=False)
    content = response.content.decode()
    assert "The CORDIS files were imported." in content
    assert "<th scope=\"row\">Participations</th><td>8</td>" in content
    assert Project.objects.count() == 3 and Participation.objects.count() == 8
    again = post(editor_client, dry_run=False).content.decode()
    assert "<th scope=\"row\">Projects</th><td>0</td><td>0</td><td>3</td>" in again


def test_only_one_organisation(editor_client):
    post(editor_client, dry_run=False, only_organisation="555555555")
    assert list(Project.objects.values_list("cordis_id", flat=True)) == [700001]


def test_a_broken_file_is_reported_line_by_line_and_nothing_is_written(editor_client):
    broken = (DATA / "project.csv").read_text(encoding="utf-8-sig").replace("2015-09-01", "soon")
    response = post(editor_client, dry_run=False, projects=upload("project.csv", broken.encode()))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Nothing was imported" in content
    assert "project.csv, line 4, column startDate: “soon” is not a date (YYYY-MM-DD)" in content
    assert Project.objects.count() == 0


def test_a_binary_file_is_refused_with_a_message(editor_client):
    response = post(editor_client, dry_run=False, organisations=upload("organization.csv", b"\x89PNG\r\n\x1a\n\x00\x00"))
    assert "organization.csv: this is a binary file, not CORDIS CSV or JSON" in response.content.decode()
    assert Organisation.objects.count() == 0


def test_missing_files_are_form_errors(editor_client):
    response = editor_client.post(URL, {})
    assert response.status_code == 200
    assert response.content.decode().count("This field is required.") == 2


def test_staff_without_editing_rights_cannot_import(client):
    viewer = User.objects.create_user("viewer", password="x", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_project"))
    client.force_login(viewer)
    assert client.get(URL).status_code == 403
    assert f'href="{URL}"' not in client.get(reverse("admin:projects_project_changelist")).content.decode()
