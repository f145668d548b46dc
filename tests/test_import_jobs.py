"""
CORDIS imports queued from the admin and run by a task worker in a process of its own, as on a real site.

The rest of the suite runs imports at once (tests/settings.py); here the admin queues them in
the database and ``manage.py db_worker`` runs them, with the site's real settings.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import override_settings
from django.urls import reverse

from projects.models import CordisImport, CordisResult, Organisation, Participation, Project
from projects.tasks import import_from_cordis
from tests.bench.cordis_files import write_files
from tests.factories import make_project

pytestmark = pytest.mark.django_db(transaction=True)

DATA = Path(__file__).parent / "data" / "cordis"
RESULTS = DATA / "results"
ROOT = Path(__file__).resolve().parents[1]
QUEUED_IN_THE_DATABASE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def database_url():
    database = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{database['NAME']}"
    return f"postgres://{database['USER']}@{database['HOST']}:{database['PORT'] or 5432}/{database['NAME']}"


def worker(*arguments):
    """``manage.py db_worker`` on the test database, with the site's settings and the suite's folders."""
    environment = {
        **os.environ, "DJANGO_SETTINGS_MODULE": "lecce.settings", "DATABASE_URL": database_url(),
        "DJANGO_DEBUG": "0", "DJANGO_HTTPS": "0", "DJANGO_SECRET_KEY": "tests-only-key-not-used-anywhere-else",
        "DJANGO_IMPORTS_ROOT": settings.IMPORTS_ROOT, "DJANGO_PROGRESS_ROOT": settings.CACHES["progress"]["LOCATION"],
    }
    environment.pop("DJANGO_REDIS_URL", None)
    return subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--no-reload", "--no-startup-delay", "--interval", "0.2", *arguments],
        cwd=ROOT, env=environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )


def stored_paths(job):
    """Where the import's files are kept until it has run."""
    paths = [Path(file.path) for file, _name in job.files().values()]
    assert paths and all(path.exists() for path in paths)
    return paths


def queue(client, projects, organisations, **options):
    """Queue an import through the admin's form; return its page's address."""
    response = client.post(reverse("admin:projects_import_cordis"), {
        "projects_file": SimpleUploadedFile("project.csv", Path(projects).read_bytes()),
        "organisations_file": SimpleUploadedFile("organization.csv", Path(organisations).read_bytes()),
        **options,
    })
    assert response.status_code == 302
    return response["Location"]


@override_settings(TASKS=QUEUED_IN_THE_DATABASE)
def test_a_queued_import_runs_in_the_worker_which_reports_its_progress_and_its_report(editor_client):
    page = queue(editor_client, DATA / "project.csv", DATA / "organization.csv", only_organisation="")
    job = CordisImport.objects.get()
    stored = stored_paths(job)
    assert job.status == CordisImport.Status.QUEUED and not Project.objects.exists()
    assert "Waiting for the task worker to start the import" in editor_client.get(page).content.decode()

    process = worker("--batch")
    output, _ = process.communicate(timeout=120)
    assert process.returncode == 0, output

    job.refresh_from_db()
    assert job.status == CordisImport.Status.DONE, job.problems
    # What the worker said as it went: the files it read, row by row, to their end.
    said = job.progress_record()
    assert said["done"] == said["total"] > 0
    content = editor_client.get(page).content.decode()
    assert "The CORDIS files were imported." in content and '<th scope="row">Projects</th><td>3</td>' in content
    assert Project.objects.count() == 3 and Participation.objects.count() == 8
    assert not job.projects_file and not any(path.exists() for path in stored)  # files not kept


@override_settings(TASKS=QUEUED_IN_THE_DATABASE)
def test_an_import_of_results_runs_in_the_worker_too(editor_client):
    make_project(cordis_id=691883, acronym="SmartEnCity", slug="smartencity")
    response = editor_client.post(reverse("admin:projects_import_cordis_results"), {
        kind: SimpleUploadedFile(path.name, path.read_bytes()) for kind, path in [
            ("deliverables_file", RESULTS / "projectDeliverables.csv"), ("reports_file", RESULTS / "reportSummaries.json")]
    })
    assert response.status_code == 302
    assert not CordisResult.objects.exists()
    stored = stored_paths(CordisImport.objects.get())

    process = worker("--batch")
    output, _ = process.communicate(timeout=120)
    assert process.returncode == 0, output

    job = CordisImport.objects.get()
    assert job.status == CordisImport.Status.DONE, job.problems
    assert set(CordisResult.objects.values_list("kind", flat=True)) == {"deliverable", "report"}
    content = editor_client.get(response["Location"]).content.decode()
    assert "The CORDIS files were imported." in content and '<th scope="row">Report summaries</th>' in content
    assert not job.deliverables_file and not any(path.exists() for path in stored)  # files not kept


@override_settings(TASKS=QUEUED_IN_THE_DATABASE, IMPORT_STALLED_AFTER=2)
def test_a_killed_worker_leaves_the_database_as_it_was_and_the_import_failed(editor_client, tmp_path):
    projects, organisations = write_files(tmp_path, 4000)
    page = queue(editor_client, projects, organisations, only_organisation="", publish_all="on")
    organisations_before = Organisation.objects.count()
    process = worker()
    try:
        job = CordisImport.objects.get()
        deadline = time.monotonic() + 60
        while not (job.progress() and job.progress()["done"]) and time.monotonic() < deadline:
            time.sleep(0.1)
            job.refresh_from_db()
        assert job.status == CordisImport.Status.RUNNING
        content = editor_client.get(page).content.decode()
        assert "<progress" in content and "project.csv" in content  # how far it got, file by file
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
    finally:
        process.kill()
    time.sleep(settings.IMPORT_STALLED_AFTER + 1)

    assert Project.objects.count() == 0 and Organisation.objects.count() == organisations_before
    content = editor_client.get(page).content.decode()
    job.refresh_from_db()
    assert job.status == CordisImport.Status.FAILED
    assert "The import stopped before it finished" in content and "Nothing was imported" in content


def queued_import(user, projects=DATA / "project.csv", organisations=DATA / "organization.csv"):
    """An import in the queue, made as the form makes one: the form itself refuses a second while one waits."""
    job = CordisImport.objects.create(
        projects_file=ContentFile(Path(projects).read_bytes(), name="project.csv"),
        organisations_file=ContentFile(Path(organisations).read_bytes(), name="organization.csv"),
        projects_file_name="project.csv", organisations_file_name="organization.csv", requested_by=user,
        dry_run=False, only_organisation=None, publish_all=True,
    )
    import_from_cordis.enqueue(job.pk)
    return job


@override_settings(TASKS=QUEUED_IN_THE_DATABASE)
def test_two_queued_imports_run_one_after_the_other_in_one_worker(editor):
    first, second = queued_import(editor), queued_import(editor)
    process = worker("--batch")
    output, _ = process.communicate(timeout=120)
    assert process.returncode == 0, output
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == second.status == CordisImport.Status.DONE, (first.problems, second.problems)
    assert first.finished <= second.started
    # The second found the rows the first wrote, and created none twice.
    assert (first.report["projects"]["created"], second.report["projects"]["unchanged"]) == (3, 3)
    assert Project.objects.count() == 3 and Participation.objects.count() == 8


@override_settings(TASKS=QUEUED_IN_THE_DATABASE)
def test_two_workers_run_two_queued_imports_one_after_the_other(editor, tmp_path):
    """A second worker starts while the first imports, and takes the second import: it writes after the first.

    At once, both would create the same new projects and organisations, and the second would stop on a slug.
    (When it takes the import while the first still reads its files, it waits for it; on SQLite, once the first
    writes, it cannot even take it from the queue before the first has finished.)
    """
    projects, organisations = write_files(tmp_path, 1000)
    first, second = queued_import(editor, projects, organisations), queued_import(editor, projects, organisations)
    processes = [worker("--batch")]
    try:
        deadline = time.monotonic() + 60
        while first.status == CordisImport.Status.QUEUED and time.monotonic() < deadline:
            time.sleep(0.05)
            first.refresh_from_db()
        assert first.status == CordisImport.Status.RUNNING
        processes.append(worker("--batch"))
        for process in processes:
            output, _ = process.communicate(timeout=300)
            assert process.returncode == 0, output
    finally:
        for process in processes:
            process.kill()
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == second.status == CordisImport.Status.DONE, (first.problems, second.problems)
    assert first.finished < second.finished
    assert first.report["projects"]["created"] == second.report["projects"]["unchanged"] == 1000
