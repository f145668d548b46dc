"""Importing CORDIS files from the admin, as an editor does."""

import re
from html import unescape
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse, reverse_lazy
from reversion.models import Version

from projects.models import Organisation, Participation, Project
from tests.factories import make_organisation

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data" / "cordis"
URL = reverse_lazy("admin:projects_import_cordis")


def upload(name, content=None):
    return SimpleUploadedFile(name, content if content is not None else (DATA / name).read_bytes())


def post(client, dry_run, projects=None, organisations=None, **extra):
    """Queue an import as the form does and follow it to its page; the suite runs it at once (tests/settings.py)."""
    data = {
        "projects_file": projects or upload("project.csv"),
        "organisations_file": organisations or upload("organization.csv"),
        **extra,
    }
    if dry_run:
        data["dry_run"] = "on"
    return client.post(URL, data, follow=True)


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


# Safe imports (issue 14)

SECOND_PIC = DATA / "second-pic"


@pytest.fixture
def lecce():
    return make_organisation(name="Comune di Lecce", slug="comune-di-lecce", pic=960216387, is_featured=True,
                             legal_name="CITTA DI LECCE*COMUNE DI LECCE")


def field_value(content, name):
    """The value attribute of the input ``name`` on the page, or None without one."""
    match = re.search(rf'<input[^>]*name="{name}"[^>]*>', content)
    value = re.search(r'value="([^"]*)"', match.group(0)) if match else None
    return value and value.group(1)


def test_the_organisation_field_starts_with_the_featured_organisations_pic(editor_client, lecce):
    content = editor_client.get(URL).content.decode()
    assert field_value(content, "only_organisation") == "960216387"
    assert 'name="publish_all"' in content and "Publish every project" in content


def test_without_a_featured_organisation_the_organisation_field_starts_empty(editor_client):
    make_organisation(name="Comune di Lecce", slug="comune-di-lecce", is_featured=True)  # no PIC
    assert field_value(editor_client.get(URL).content.decode(), "only_organisation") is None


def test_the_editor_can_clear_the_pic_and_import_every_project(editor_client, lecce):
    post(editor_client, dry_run=False, only_organisation="")
    assert Project.objects.count() == 3
    assert dict(Project.objects.values_list("acronym", "is_published")) == {
        "SmartEnCity": True, "TRILLION": True, "EMPTYCELLS": False,
    }


def test_publish_every_project(editor_client, lecce):
    post(editor_client, dry_run=False, only_organisation="", publish_all="on")
    assert set(Project.objects.values_list("is_published", flat=True)) == {True}


def test_the_dry_run_lists_what_it_would_create_by_name_under_headings(editor_client):
    content = post(editor_client, dry_run=True).content.decode()
    assert "<h3>New projects (3)</h3>" in content
    assert "<li>SmartEnCity</li>" in content and "<li>EMPTYCELLS</li>" in content
    assert "<h3>New organisations (6)</h3>" in content and "<li>LONDON THINK TANK</li>" in content
    assert "<h3>New participations (8)</h3>" in content
    assert "<li>CITTA DI LECCE*COMUNE DI LECCE in TRILLION</li>" in content
    assert "Projects changed" not in content  # no empty list
    assert "There is no featured organisation with a PIC, so every new project is published." in content


def test_a_second_pic_for_the_municipality_and_a_foreign_project(editor_client, lecce):
    """The dry run names both; the real run leaves the foreign project unpublished."""
    files = {"projects": upload("project.csv", (SECOND_PIC / "project.csv").read_bytes()),
             "organisations": upload("organization.csv", (SECOND_PIC / "organization.csv").read_bytes())}
    content = post(editor_client, dry_run=True, only_organisation="", **files).content.decode()
    assert (
        "organization.csv, line 4, column name: “CITTA DI LECCE*COMUNE DI LECCE” (PIC 999999999) has the name of "
        "an existing organisation, Comune di Lecce (PIC 960216387): the import would create a second one."
    ) in unescape(content)
    unpublished = content.split("New projects left unpublished: the featured organisation takes no part in them")[1]
    assert "<li>LECCETWO</li>" in unpublished and "<li>FAROFF</li>" in unpublished
    assert Project.objects.count() == 0

    files = {"projects": upload("project.csv", (SECOND_PIC / "project.csv").read_bytes()),
             "organisations": upload("organization.csv", (SECOND_PIC / "organization.csv").read_bytes())}
    content = post(editor_client, dry_run=False, only_organisation="", **files).content.decode()
    assert "the import created a second one" in content
    assert dict(Project.objects.values_list("acronym", "is_published")) == {
        "LECCEONE": True, "LECCETWO": False, "FAROFF": False,
    }


def test_a_long_list_ends_with_how_many_more(editor_client):
    rows = (DATA / "project.csv").read_text(encoding="utf-8-sig").splitlines()
    header, empty_cells = rows[0], rows[-1]
    projects = "\n".join([header, *(empty_cells.replace("700001;EMPTYCELLS", f"{800000 + n};P{n:04}")
                                    for n in range(1234 + 50))])
    members = (DATA / "organization.csv").read_text(encoding="utf-8-sig").splitlines()
    organisations = "\n".join([members[0], *(members[-1].replace("700001;", f"{800000 + n};")
                                             for n in range(1234 + 50))])
    content = post(editor_client, dry_run=True, projects=upload("project.csv", projects.encode()),
                   organisations=upload("organization.csv", organisations.encode())).content.decode()
    assert "<h3>New projects (1,284)</h3>" in content
    assert "<li>P0049</li>" in content and "<li>P0050</li>" not in content
    assert "<li>… and 1,234 more</li>" in content


def test_swapped_files_are_one_line(editor_client):
    response = post(editor_client, dry_run=True, projects=upload("organization.csv"),
                    organisations=upload("project.csv"))
    content = response.content.decode()
    assert "Nothing was imported: the files have these problems." in content
    errors = re.findall(r"<li>(.*?)</li>", content.split('<ul class="errorlist">')[1].split("</ul>")[0])
    assert [unescape(error) for error in errors] == [
        "The two files seem swapped: organization.csv, given as the projects file, has the columns of an "
        "organisation file, and project.csv, given as the organisations file, those of a project file.",
    ]


def test_the_import_is_in_the_history_under_the_editors_name(editor_client, editor):
    post(editor_client, dry_run=False)
    project = Project.objects.get(cordis_id=691883)
    [version] = Version.objects.get_for_object(project)
    assert (version.revision.user, version.revision.comment) == (editor, "Imported from CORDIS")
    history = editor_client.get(reverse("admin:projects_project_history", args=[project.pk])).content.decode()
    assert "Imported from CORDIS" in history


def test_a_dry_run_in_the_admin_records_no_revision(editor_client):
    post(editor_client, dry_run=True)
    assert not Version.objects.exists()
