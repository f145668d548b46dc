"""Importing CORDIS's results files from the admin, as an editor does: queued, run by the worker, reported.

The suite runs queued tasks at once (tests/settings.py); tests/test_import_jobs.py runs one in a real worker.
The files and the two projects of the site they have results of are those of tests/test_cordis_results.py.
"""

import pytest
from django.contrib.auth.models import Permission, User
from django.urls import reverse, reverse_lazy

from projects.models import CordisImport, CordisResult
from tests.test_admin_import import import_lock_held_elsewhere, upload, zip_of
from tests.test_cordis_results import FILES, site_projects  # noqa: F401 - the fixture, used by every test here

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("site_projects")]

URL = reverse_lazy("admin:projects_import_cordis_results")
CHANGELIST = reverse_lazy("admin:projects_cordisresult_changelist")


def results_file(kind, path=None, content=None):
    path = path or FILES[kind]
    return upload(path.name, content if content is not None else path.read_bytes())


def post(client, dry_run=False, kinds=("deliverables", "publications", "reports"), **files):
    """Queue an import of the files of ``kinds`` (or those given) and follow it to its page."""
    data = {f"{kind}_file": files.get(kind) or results_file(kind) for kind in kinds}
    if dry_run:
        data["dry_run"] = "on"
    return client.post(URL, data, follow=True)


def test_the_list_of_cordis_results_offers_the_import_to_editors(editor_client):
    assert f'href="{URL}"' in editor_client.get(CHANGELIST).content.decode()
    content = editor_client.get(URL).content.decode()
    for field in ("deliverables_file", "publications_file", "reports_file", "dry_run"):
        assert f'name="{field}"' in content
    assert 'name="projects_file"' not in content


def test_a_dry_run_reports_each_file_and_the_results_of_projects_not_on_the_site_and_writes_nothing(editor_client):
    content = post(editor_client, dry_run=True).content.decode()
    assert "Dry run: nothing was written." in content
    assert '<th scope="col">not on the site</th>' in content
    assert '<th scope="row">Deliverables</th><td>4</td><td>0</td><td>0</td><td>2</td>' in content
    assert '<th scope="row">Publications</th><td>4</td><td>0</td><td>0</td><td>2</td>' in content
    assert '<th scope="row">Report summaries</th><td>3</td><td>0</td><td>0</td><td>1</td>' in content
    assert "New deliverables" in content
    assert not CordisResult.objects.exists()


def test_an_import_writes_the_results_and_a_second_one_changes_nothing(editor_client):
    content = post(editor_client).content.decode()
    assert "The CORDIS files were imported." in content
    assert CordisResult.objects.count() == 11
    job = CordisImport.objects.get()
    assert job.imports == CordisImport.Imports.RESULTS and job.status == CordisImport.Status.DONE
    assert job.file_names == ["projectDeliverables.csv", "projectPublications.csv", "reportSummaries.csv"]
    assert not job.deliverables_file and not job.reports_file  # files not kept once imported
    again = post(editor_client).content.decode()
    assert '<th scope="row">Deliverables</th><td>0</td><td>0</td><td>4</td><td>2</td>' in again
    assert CordisResult.objects.count() == 11


def test_one_file_alone_as_json(editor_client):
    path = FILES["publications"].with_suffix(".json")
    content = post(editor_client, kinds=["publications"], publications=results_file("publications", path)).content
    assert '<th scope="row">Publications</th><td>4</td>' in content.decode()
    assert "Deliverables" not in content.decode()
    assert set(CordisResult.objects.values_list("kind", flat=True)) == {"publication"}


def test_the_job_page_names_the_files_and_leads_back_to_the_results_import(editor_client):
    content = post(editor_client, kinds=["reports"]).content.decode()
    assert "Results of projects" in content and "reportSummaries.csv" in content
    assert f'<a href="{URL}">Import other files</a>' in content
    assert "only those of the organisation with PIC" not in content and "every project in the files" not in content
    imports = editor_client.get(reverse("admin:projects_cordisimport_changelist") + "?imports=results")
    assert "CORDIS import of results of" in imports.content.decode()


def test_no_file_is_a_form_error(editor_client):
    response = editor_client.post(URL, {"dry_run": "on"})
    assert response.status_code == 200
    assert "Choose at least one file: deliverables, publications or report summaries." in response.content.decode()
    assert not CordisImport.objects.exists()


def test_a_broken_file_is_reported_by_file_line_and_column_and_nothing_is_written(editor_client):
    broken = FILES["publications"].read_text(encoding="utf-8-sig").replace(";Energies;13;2020;", ";Energies;13;soon;")
    response = post(editor_client, publications=results_file("publications", content=broken.encode()))
    content = response.content.decode()
    assert "Nothing was imported" in content
    assert "projectPublications.csv, line" in content and "column publishedYear: “soon” is not a year" in content
    assert not CordisResult.objects.exists()  # the good deliverables and summaries neither
    assert CordisImport.objects.get().status == CordisImport.Status.FAILED


def test_files_given_in_each_others_places_are_one_problem(editor_client):
    content = post(editor_client, kinds=["deliverables", "publications"],
                   deliverables=results_file("publications"), publications=results_file("deliverables")).content
    assert "The files seem swapped" in content.decode()
    assert not CordisResult.objects.exists()


def test_a_project_file_given_as_results_is_refused_with_a_message(editor_client):
    project_file = upload("project.csv")
    content = post(editor_client, kinds=["reports"], reports=project_file).content.decode()
    assert "project.csv, line 1: this is a CORDIS project file, not a report summaries file" in content
    assert not CordisResult.objects.exists()


def test_no_results_import_while_another_import_runs(editor_client):
    with import_lock_held_elsewhere():
        response = post(editor_client, kinds=["deliverables"])
    assert "Another import is under way" in response.content.decode()
    assert not CordisImport.objects.exists() and not CordisResult.objects.exists()


def test_staff_who_may_not_write_cordis_results_cannot_import_them(client):
    viewer = User.objects.create_user("viewer", password="x", is_staff=True)
    viewer.user_permissions.add(*Permission.objects.filter(
        codename__in=["view_cordisresult", "change_cordisresult", "add_cordisimport"]))
    client.force_login(viewer)
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"reports_file": results_file("reports")}).status_code == 403
    assert f'href="{URL}"' not in client.get(CHANGELIST).content.decode()
    assert not CordisImport.objects.exists()


def test_a_zip_of_results_files_is_taken_as_the_files_it_holds(editor_client):
    zipped = zip_of(*[(path.name, path.read_bytes()) for path in FILES.values()], ("readme.txt", b"CORDIS"))
    content = editor_client.post(URL, {"deliverables_file": upload("cordis-h2020-results-csv.zip", zipped)},
                                 follow=True).content.decode()
    assert "The CORDIS files were imported." in content
    assert "projectDeliverables.csv, projectPublications.csv, reportSummaries.csv" in content
    assert CordisResult.objects.count() == 11
