"""Importing CORDIS files from the admin, as an editor does."""

import datetime
import io
import re
import threading
import zipfile
from contextlib import contextmanager
from html import unescape
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission, User
from django.core.cache import caches
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connections
from django.urls import reverse, reverse_lazy
from reversion.models import Version

from projects import tasks
from projects.admin_views import describe_progress
from projects.cordis import ImportRunning, import_cordis, import_lock
from projects.models import CordisImport, Organisation, Participation, Project
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
    assert response.content.decode().count("This field is required.") == 1  # the projects file, or its zip
    alone = editor_client.post(URL, {"projects_file": upload("project.csv")}).content.decode()
    assert "Choose the organisations file (organization.csv or organization.json)" in alone
    assert not CordisImport.objects.exists()


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
    assert "<h2>Nothing was imported</h2>" in content
    errors = re.findall(r"<li>(.*?)</li>", content.split('<ul class="errorlist">')[1].split("</ul>")[0])
    assert [unescape(error) for error in errors] == [
        "The two files seem swapped: organization.csv, given as the projects file, has the columns of an "
        "organisation file, and project.csv, given as the organisations file, those of a project file.",
    ]


def test_a_dry_run_in_the_admin_records_no_revision(editor_client):
    post(editor_client, dry_run=True)
    assert not Version.objects.exists()


# One import at a time (issue 15)


@contextmanager
def import_lock_held_elsewhere(until=None):
    """The import lock held on a connection of its own, as by an import in another process, for the block.

    ``until()``, when given, is asked meanwhile: the lock is let go as soon as it says yes, as when the
    other import ends while the block still runs.
    """
    taken, done = threading.Event(), threading.Event()

    def hold():
        try:
            with import_lock():
                taken.set()
                while not done.wait(0.02) and not (until and until()):
                    pass
        finally:
            connections.close_all()

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        assert taken.wait(10), "the lock could not be taken"
        yield
    finally:
        done.set()
        holder.join(10)


@pytest.fixture
def queued_import():
    """Make an import waiting in the queue, as the form leaves it (the form would refuse a second one).

    Its files, stored outside the test's transaction, go with the test, run or not.
    """
    made = []

    def make(user, language="it"):
        made.append(CordisImport.objects.create(
            projects_file=ContentFile((DATA / "project.csv").read_bytes(), name="project.csv"),
            organisations_file=ContentFile((DATA / "organization.csv").read_bytes(), name="organization.csv"),
            projects_file_name="project.csv", organisations_file_name="organization.csv",
            requested_by=user, dry_run=False, language=language,
        ))
        return made[-1]

    yield make
    for job in made:
        for file in (job.projects_file, job.organisations_file):
            if file:  # not yet discarded by the worker
                file.storage.delete(file.name)


def test_the_form_refuses_a_second_import_while_one_is_queued_and_names_it(editor_client, editor, queued_import):
    waiting = queued_import(editor)
    link = f'<a href="{reverse("admin:projects_cordisimport_change", args=[waiting.pk])}">{waiting}</a>'
    said = f"Another import is under way: {link}, requested by editor (waiting to start)."
    # Said before the files are chosen…
    assert said in editor_client.get(URL).content.decode()
    # … and when they are sent anyway: nothing is queued, nothing is written.
    response = post(editor_client, dry_run=False)
    content = response.content.decode()
    assert response.redirect_chain == []
    assert f'<ul class="errorlist nonfield"><li>{said}' in content
    assert "start this one when it has finished" in content
    assert list(CordisImport.objects.all()) == [waiting] and not Project.objects.exists()


def test_the_form_refuses_an_import_while_one_runs_from_the_command_line(editor_client):
    with import_lock_held_elsewhere():
        assert "started from the command line" in editor_client.get(URL).content.decode()
        content = post(editor_client, dry_run=True).content.decode()
    assert "Another import is under way, started from the command line" in content
    assert not CordisImport.objects.exists()
    # Once it has ended, the form queues again (and the suite runs the import at once).
    assert "Dry run: nothing was written." in post(editor_client, dry_run=True).content.decode()


def test_an_import_whose_worker_died_does_not_hold_up_the_next(editor_client, editor, settings, queued_import):
    settings.IMPORT_STALLED_AFTER = 0
    stalled = queued_import(editor)
    stalled.start()
    caches["progress"].delete(stalled.progress_key)  # not heard of since it started
    stalled.started -= datetime.timedelta(minutes=5)
    stalled.save(update_fields=["started"])
    assert "The CORDIS files were imported." in post(editor_client, dry_run=False).content.decode()
    stalled.refresh_from_db()
    assert stalled.status == CordisImport.Status.FAILED


def test_the_command_refuses_to_import_while_another_import_runs():
    with import_lock_held_elsewhere(), pytest.raises(CommandError) as refusal:
        call_command("import_cordis", "--projects", str(DATA / "project.csv"),
                     "--organizations", str(DATA / "organization.csv"), stdout=io.StringIO(), stderr=io.StringIO())
    assert str(refusal.value) == (
        "Nothing was imported: another import is running, started from the command line. "
        "Only one import runs at a time: try again when it has finished."
    )
    assert not Project.objects.exists()


def test_the_command_names_the_import_started_in_the_admin_that_runs(editor, queued_import):
    running = queued_import(editor)
    running.start()
    with import_lock_held_elsewhere(), pytest.raises(CommandError, match=f"another import is running: {running}, "
                                                                          "requested by editor, started at "):
        call_command("import_cordis", "--projects", str(DATA / "project.csv"),
                     "--organizations", str(DATA / "organization.csv"), stdout=io.StringIO(), stderr=io.StringIO())


def test_an_import_refused_by_the_lock_reads_nothing(monkeypatch):
    """Refused at once, before its files are parsed: the second import does not wait a minute to be told."""
    monkeypatch.setattr("projects.cordis.parse_projects", lambda *args: pytest.fail("the files were read"))
    with import_lock_held_elsewhere(), pytest.raises(ImportRunning, match="another import is running"):
        import_cordis(DATA / "project.csv", DATA / "organization.csv")


def test_a_queued_import_waits_for_the_one_that_runs_then_runs(editor, editor_client, monkeypatch, queued_import):
    """A worker that meets another import (from the command line, or a second worker's) waits its turn, saying so."""
    monkeypatch.setattr(tasks, "TRY_AGAIN_EVERY", 0.05)
    monkeypatch.setattr(tasks, "WAIT_AT_MOST", 30)  # should the job never be seen waiting, fail, not hang
    job = queued_import(editor, language="en")
    seen = []

    def job_says_it_waits():
        progress = job.progress_record() or {}
        if progress.get("step", "").startswith("Waiting for another import"):
            seen.append(describe_progress(CordisImport(pk=job.pk, status=CordisImport.Status.RUNNING)))
        return bool(seen)

    with import_lock_held_elsewhere(until=job_says_it_waits):
        tasks.import_from_cordis.call(job.pk)
    assert seen == ["Waiting for another import to finish before this one starts…"]
    job.refresh_from_db()
    assert job.status == CordisImport.Status.DONE, job.problems
    assert Project.objects.count() == 3


def test_a_queued_import_gives_up_after_waiting_too_long(editor, monkeypatch, queued_import):
    monkeypatch.setattr(tasks, "TRY_AGAIN_EVERY", 0.01)
    monkeypatch.setattr(tasks, "WAIT_AT_MOST", 0.1)
    job = queued_import(editor, language="en")
    with import_lock_held_elsewhere():
        tasks.import_from_cordis.call(job.pk)
    job.refresh_from_db()
    assert job.status == CordisImport.Status.FAILED
    assert job.problems == ["Another import was still running an hour later, so this one never started: nothing "
                            "was imported. Start it again when the other one has finished."]
    assert not Project.objects.exists()


# The zip as CORDIS ships it (issue 19)


def zip_of(*members):
    """A zip holding ``members``: (name in the zip, bytes)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members:
            archive.writestr(name, data)
    return buffer.getvalue()


CORDIS_ZIP = zip_of(
    ("project.csv", (DATA / "project.csv").read_bytes()),
    ("organization.csv", (DATA / "organization.csv").read_bytes()),
    ("topics.csv", b"projectID;topic\n700001;EE-05-2016\n"),  # one of the files the site does not read
)


def test_the_zip_as_cordis_ships_it_is_taken_as_the_two_files(editor_client):
    response = editor_client.post(URL, {"projects_file": upload("cordis-h2020projects-csv.zip", CORDIS_ZIP)},
                                  follow=True)
    content = response.content.decode()
    assert "The CORDIS files were imported." in content, content
    assert "project.csv, organization.csv" in content
    assert Project.objects.count() == 3 and Participation.objects.count() == 8


def test_a_zip_with_its_files_in_a_folder_and_an_organisations_file_chosen_apart(editor_client):
    nested = zip_of(("h2020/project.csv", (DATA / "project.csv").read_bytes()))
    response = editor_client.post(URL, {"projects_file": upload("projects.zip", nested),
                                        "organisations_file": upload("organization.csv")}, follow=True)
    assert "The CORDIS files were imported." in response.content.decode()
    assert Project.objects.count() == 3


@pytest.mark.parametrize("zipped, field, message", [
    (zip_of(("project.csv", (DATA / "project.csv").read_bytes())), "organisations_file",
     "Choose the organisations file (organization.csv or organization.json)"),
    (zip_of(("organization.csv", (DATA / "organization.csv").read_bytes())), "projects_file",
     "The zip holds no projects file (project.csv or project.json)."),
    (zip_of(("readme.txt", b"CORDIS")), "projects_file", "holds none of the files wanted here: project.csv, organization.csv"),
    (CORDIS_ZIP[:200], "projects_file", "cannot be read as a zip file: it may be damaged or incomplete"),
    (zip_of(("project.csv", bytes(40 * 1024 * 1024))), "projects_file",
     "would unpack to far more than any CORDIS export of its size"),
], ids=["no-organisations", "no-projects", "neither", "damaged", "bomb"])
def test_a_zip_without_the_files_or_that_cannot_be_read_is_a_form_error(editor_client, zipped, field, message):
    response = editor_client.post(URL, {"projects_file": upload("cordis.zip", zipped)})
    assert response.status_code == 200
    assert message in unescape(response.content.decode())
    assert not CordisImport.objects.exists() and not Project.objects.exists()


# After a dry run, the import of the same files without choosing them again (issue 19)


def run_for_real(client, job):
    return client.post(reverse("admin:projects_cordisimport_run_for_real", args=[job.pk]), follow=True)


def test_a_dry_run_keeps_its_files_for_the_import_which_the_editor_starts_from_its_report(editor_client):
    content = post(editor_client, dry_run=True).content.decode()
    assert "Import these files now" in content
    dry_run = CordisImport.objects.get()
    assert dry_run.projects_file and dry_run.organisations_file
    content = run_for_real(editor_client, dry_run).content.decode()
    assert "The CORDIS files were imported." in content and "project.csv, organization.csv" in content
    assert Project.objects.count() == 3 and Participation.objects.count() == 8
    dry_run.refresh_from_db()
    imported = CordisImport.objects.exclude(pk=dry_run.pk).get()
    assert not imported.dry_run and imported.only_organisation == dry_run.only_organisation
    assert not dry_run.projects_file and not imported.projects_file  # let go once imported
    assert "Import these files now" not in editor_client.get(
        reverse("admin:projects_cordisimport_change", args=[dry_run.pk])).content.decode()
    again = run_for_real(editor_client, dry_run).content.decode()
    assert "These files are no longer kept: choose them again to import them." in again
    assert CordisImport.objects.count() == 2


def test_a_new_import_lets_the_files_of_an_earlier_dry_run_go(editor_client):
    post(editor_client, dry_run=True)
    first = CordisImport.objects.get()
    post(editor_client, dry_run=True)
    first.refresh_from_db()
    assert not first.projects_file and not first.may_run_for_real()
    assert CordisImport.objects.exclude(pk=first.pk).get().may_run_for_real()


def test_a_failed_dry_run_keeps_nothing(editor_client):
    broken = (DATA / "project.csv").read_text(encoding="utf-8-sig").replace("2015-09-01", "soon")
    post(editor_client, dry_run=True, projects=upload("project.csv", broken.encode()))
    job = CordisImport.objects.get()
    assert job.status == CordisImport.Status.FAILED and not job.projects_file


def test_only_who_may_import_may_import_a_dry_runs_files(editor_client, client):
    post(editor_client, dry_run=True)
    dry_run = CordisImport.objects.get()
    viewer = User.objects.create_user("viewer", password="x", is_staff=True)
    viewer.user_permissions.add(*Permission.objects.filter(codename__in=["view_cordisimport", "view_project"]))
    client.force_login(viewer)
    assert "Import these files now" not in client.get(
        reverse("admin:projects_cordisimport_change", args=[dry_run.pk])).content.decode()
    assert client.post(reverse("admin:projects_cordisimport_run_for_real", args=[dry_run.pk])).status_code == 403
    assert editor_client.get(reverse("admin:projects_cordisimport_run_for_real", args=[dry_run.pk])).status_code == 403
    assert not Project.objects.exists()
