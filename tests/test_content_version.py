"""
The content version is the database's: a change shows on the next page however and wherever it was made.

A server keeps a page it rendered (CACHE_PUBLIC_PAGES); the content then changes in bulk, by raw
SQL, on another connection, in another process (an import in another terminal, a restore), and the
server's next answer for the same address shows the change. Runs on SQLite and on PostgreSQL.
"""

import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection, connections, transaction
from django.test.utils import CaptureQueriesContext

from backups.archive import make_backup
from core import content_version
from core.models import ContentVersion
from projects.models import Organisation, Project
from tests.factories import make_organisation, make_participation, make_project, make_section, make_theme

BASE_DIR = Path(__file__).resolve().parent.parent
DATA = Path(__file__).parent / "data" / "cordis"
PROJECTS = "/en/projects/"


@pytest.fixture(autouse=True)
def enabled(settings):
    settings.CACHE_PUBLIC_PAGES = True


@pytest.fixture
def lecce(db):
    lecce = make_organisation(name="Comune di Lecce", slug="comune-di-lecce", is_featured=True)
    make_participation(make_project(acronym="PLANHEAT", slug="planheat"), lecce)
    return lecce


def page(client, path=PROJECTS):
    """The page's text, and whether it came from the cache (one query: the version)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return response.content.decode(), len(queries) == 1


def kept(client, path=PROJECTS):
    """The page, rendered and then served again from the cache, as a server that has it."""
    text, _cached = page(client, path)
    assert page(client, path) == (text, True)
    return text


def on_a_connection_of_its_own(function):
    """``function()`` run in a thread, which Django gives a database connection of its own."""
    def run():
        try:
            return function()
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(run).result()


def database_url():
    """The test database's address, for a process of its own: the name is test_<name>, or SQLite's file."""
    database = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{database['NAME']}"
    credentials = quote(database["USER"] or "", safe="")
    if database["PASSWORD"]:
        credentials += ":" + quote(database["PASSWORD"], safe="")
    return (f"postgres://{credentials}@{database['HOST'] or 'localhost'}:{database['PORT'] or 5432}/"
            f"{quote(database['NAME'], safe='')}")


def manage(*arguments):
    """``manage.py`` in a process of its own on the test database, with the site's own settings."""
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "lecce.settings", "DATABASE_URL": database_url(),
                   "DJANGO_MEDIA_ROOT": str(settings.MEDIA_ROOT)}
    result = subprocess.run([sys.executable, "manage.py", *arguments], cwd=BASE_DIR, env=environment,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return result.stdout


# Every watched table carries its triggers


def installed_triggers():
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT tbl_name, name FROM sqlite_master WHERE type = 'trigger'")
        else:
            cursor.execute("SELECT c.relname, t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                           "WHERE NOT t.tgisinternal")
        return set(cursor.fetchall())


@pytest.mark.django_db
def test_every_table_of_the_content_carries_the_triggers():
    tables = {model._meta.db_table for model in content_version.watched}
    assert tables == {"projects_organisation", "projects_project", "projects_participation", "projects_theme",
                      "projects_project_themes", "projects_result", "projects_cordisresult", "projects_programme",
                      "profiles_profilesection", "profiles_highlight", "profiles_keyfigure",
                      "contact_contactpoint", "calls_opencall", "calls_opencall_themes"}
    expected = {(table, name) for table in tables for name, _sql in content_version.triggers(connection.vendor, table)}
    assert expected <= installed_triggers()


@pytest.mark.django_db
def test_migrate_puts_back_a_trigger_that_went_missing():
    """As when SQLite rebuilds a table during a migration, which drops its triggers."""
    name = content_version.triggers(connection.vendor, "projects_project")[0][0]
    with connection.cursor() as cursor:
        cursor.execute(f'DROP TRIGGER "{name}"' + (' ON "projects_project"' if connection.vendor == "postgresql" else ""))
    assert ("projects_project", name) not in installed_triggers()
    call_command("migrate", verbosity=0)
    assert ("projects_project", name) in installed_triggers()


# Changes in this process that send no model signal


@pytest.mark.parametrize("change, shown", [
    (lambda: Project.objects.filter(slug="planheat").update(acronym="PLANHEAT-2"), "PLANHEAT-2"),
    (lambda: Project.objects.bulk_create([Project(acronym="SMARTENCITY", title="Zero CO2", slug="smartencity")]),
     "2 projects"),
    (lambda: Project.objects.filter(slug="planheat").delete(), "0 projects"),
    (lambda: Project.objects.get(slug="planheat").themes.add(make_theme(name="Energy", slug="energy")), "Energy (1)"),
])
def test_a_change_in_bulk_shows_on_the_next_page(client, lecce, change, shown):
    assert shown not in kept(client)
    change()
    text, cached = page(client)
    assert shown in text and not cached


def test_a_change_by_raw_sql_shows_on_the_next_page(client, lecce):
    assert "PLANHEAT-2" not in kept(client)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE projects_project SET acronym = %s WHERE slug = %s", ["PLANHEAT-2", "planheat"])
    assert "PLANHEAT-2" in page(client)[0]


def test_a_change_to_the_profile_shows_on_the_home_page(client, lecce):
    assert "Chi siamo" not in kept(client, "/en/")
    make_section(lecce, heading_en="Chi siamo")
    assert "Chi siamo" in page(client, "/en/")[0]


# Changes made elsewhere: another connection, another process


@pytest.mark.django_db(transaction=True)
def test_a_change_on_another_connection_shows_on_the_next_page(client, lecce):
    assert "PLANHEAT-2" not in kept(client)

    def change():
        with connection.cursor() as cursor:
            cursor.execute("UPDATE projects_project SET acronym = %s WHERE slug = %s", ["PLANHEAT-2", "planheat"])

    on_a_connection_of_its_own(change)
    assert "PLANHEAT-2" in page(client)[0]


@pytest.mark.django_db(transaction=True)
def test_a_change_in_another_process_shows_on_the_next_page(client, lecce):
    """As a second application server's, or a command's in another terminal."""
    assert "Renamed in another process" not in kept(client, "/en/projects/planheat/")
    manage("shell", "-c", "from projects.models import Project; "
                          "Project.objects.filter(slug='planheat').update(title='Renamed in another process')")
    assert "Renamed in another process" in page(client, "/en/projects/planheat/")[0]


@pytest.mark.django_db(transaction=True)
def test_an_import_in_another_process_shows_on_the_next_page(client, lecce):
    assert "SmartEnCity" not in kept(client)
    manage("import_cordis", "--projects", str(DATA / "project.csv"), "--organizations", str(DATA / "organization.csv"))
    assert "SmartEnCity" in page(client)[0]


@pytest.mark.django_db(transaction=True)
def test_a_restore_in_another_process_shows_on_the_next_page(client, lecce, tmp_path):
    make_backup(tmp_path / "backup.tar.gz")
    Project.objects.filter(slug="planheat").update(acronym="CHANGED-AFTER-THE-BACKUP")
    assert "CHANGED-AFTER-THE-BACKUP" in kept(client)
    manage("restore", "--no-input", str(tmp_path / "backup.tar.gz"))
    text, cached = page(client)
    assert "PLANHEAT" in text and "CHANGED-AFTER-THE-BACKUP" not in text and not cached


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has one writer at a time anyway")
@pytest.mark.django_db(transaction=True)
def test_a_long_import_does_not_hold_up_an_editors_save(lecce):
    """The version's row is written at commit: an import's open transaction holds no lock an editor needs."""
    before = content_version.current()
    with transaction.atomic():
        Organisation.objects.bulk_create([Organisation(name=f"Imported {n}", slug=f"imported-{n}") for n in range(100)])
        Project.objects.update(title="Imported title")

        def editor_saves():
            with connection.cursor() as cursor:
                cursor.execute("SET lock_timeout = '5s'")  # waiting for the import would fail, not hang
            started = time.monotonic()
            make_section(Organisation.objects.get(slug="comune-di-lecce"), heading_en="Saved during the import")
            return time.monotonic() - started, content_version.current()

        took, seen = on_a_connection_of_its_own(editor_saves)
        assert took < 3 and seen != before  # saved at once, and its change seen at once
        assert content_version.current() == seen  # the import's own changes count at its commit
    assert content_version.current() not in (before, seen)


# The version itself


@pytest.mark.django_db
def test_bump_starts_a_new_version():
    """What the importer and migrate call; the triggers do it for every other change."""
    before = content_version.current()
    content_version.bump()
    assert content_version.current() != before


@pytest.mark.django_db
def test_a_missing_row_is_made_again_with_a_new_version():
    before = content_version.current()
    ContentVersion.objects.all().delete()
    assert content_version.current() not in (None, before)
    assert ContentVersion.objects.get().version == content_version.current()


@pytest.mark.django_db(transaction=True)
def test_no_version_comes_back_after_a_flush(lecce):
    seen = {content_version.current()}
    for _round in range(3):
        call_command("flush", interactive=False, verbosity=0)
        assert content_version.current() not in seen
        seen.add(content_version.current())
        make_project()  # the triggers are there again
        assert content_version.current() not in seen
        seen.add(content_version.current())


@pytest.mark.django_db
def test_a_cached_page_reads_the_version_with_one_small_query(client, lecce):
    kept(client)
    with CaptureQueriesContext(connection) as queries:
        client.get(PROJECTS)
    assert len(queries) == 1
    assert ContentVersion._meta.db_table in queries[0]["sql"]
