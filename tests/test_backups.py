"""Backup and restore: a round trip loses nothing, a broken or forged archive changes nothing,
an older archive is brought up to date, and what belongs to the running site stays as it is.

Runs on SQLite and on PostgreSQL, each with its own native format.
"""

import gzip
import hashlib
import io
import json
import sqlite3
import subprocess
import tarfile
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.apps import apps
from django.contrib.auth.models import Group, Permission, User
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, connections
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from reversion.models import Version

from backups import archive as backups_archive
from backups.archive import pending_migrations, signature
from core import content_version
from profiles.editors import give_editors_their_permissions
from profiles.models import Highlight
from projects.models import Organisation, Project
from tests.factories import image_upload
from tests.test_admin import admin_url, highlight_data
from tests.test_migrations import BEFORE_THE_MOVE, fill_the_earlier_layout, migrate

pytestmark = pytest.mark.django_db(transaction=True)

CONTENT_APPS = ["profiles", "projects", "auth", "reversion", "admin"]
DATABASE = "database.sqlite3" if connection.vendor == "sqlite" else "database.pgdump"
OTHER_DATABASE = "database.pgdump" if connection.vendor == "sqlite" else "database.sqlite3"


def snapshot():
    """Every row the backup keeps, as plain values, and every media file's bytes.

    Rows point to content types and permissions by what they are (app and model, codename), so that
    the comparison holds whichever ids those were given.
    """
    content_types = {ct.pk: ct.natural_key() for ct in ContentType.objects.all()}
    permissions = {p.pk: p.natural_key() for p in Permission.objects.all()}

    def plain(row, link=False):
        row = dict(row)
        if link:  # a row of a many-to-many table: its own id means nothing
            del row["id"]
        if "content_type_id" in row:
            row["content_type_id"] = content_types.get(row["content_type_id"])
        if "permission_id" in row:
            row["permission_id"] = permissions.get(row["permission_id"])
        return repr(row)

    rows = {}
    for app_label in CONTENT_APPS:
        for model in apps.get_app_config(app_label).get_models():
            if model is not Permission:
                rows[model._meta.label] = sorted(map(plain, model.objects.values()))
            for field in model._meta.many_to_many:
                through = getattr(model, field.name).through
                rows[through._meta.label] = sorted(plain(row, link=True) for row in through.objects.values())
    folders, _files = default_storage.listdir("")
    media = {}
    for folder in folders:
        for name in default_storage.listdir(folder)[1]:
            with default_storage.open(f"{folder}/{name}") as file:
                media[f"{folder}/{name}"] = file.read()
    return rows, media


@pytest.fixture
def site_with_history(client):
    """The demo content, an editor, and a highlight with a picture saved twice through the admin."""
    call_command("load_demo", stdout=io.StringIO())
    editors, _ = Group.objects.get_or_create(name="Editors")
    editor = User.objects.create_user("editor", "editor@example.org", "a long password here", is_staff=True,
                                      is_superuser=True)
    editor.groups.add(editors)
    client.force_login(editor)
    lecce = Organisation.objects.get(slug="comune-di-lecce")
    for title in ["Una piazza", "Piazza Sant'Oronzo"]:
        data = highlight_data(lecce, title_it=title, image=image_upload("piazza.jpg", size=(700, 400),
                                                                       image_format="JPEG"),
                              image_alt_it="La piazza")
        highlight = Highlight.objects.filter(title_it="Una piazza").first()
        url = admin_url("profiles", "highlight", "change", highlight.pk) if highlight else admin_url(
            "profiles", "highlight", "add")
        assert client.post(url, data).status_code == 302
    return client


@pytest.fixture
def archive(site_with_history, tmp_path):
    """A backup of the site, just made."""
    path = tmp_path / "site.tar.gz"
    call_command("backup", str(path), stdout=io.StringIO())
    return path


def restore(path, *options):
    out = io.StringIO()
    call_command("restore", str(path), "--no-input", *options, stdout=out)
    return out.getvalue()


def test_a_backup_restored_gives_back_every_row_and_file(site_with_history, tmp_path):
    before = snapshot()
    assert Version.objects.exists() and before[1]  # revisions and pictures are part of it
    archive = tmp_path / "site.tar.gz"
    out = io.StringIO()
    call_command("backup", str(archive), stdout=out)
    assert "media files" in out.getvalue()

    # Everything goes wrong: content deleted, a project renamed, a picture lost.
    Highlight.objects.all().delete()
    Project.objects.filter(slug="smartencity").update(acronym="BROKEN")
    for name in before[1]:
        default_storage.delete(name)

    assert "Restored" in restore(archive)
    assert snapshot() == before


def members(path):
    """The members of a (small) archive, by name."""
    with tarfile.open(path) as backup:
        return {member.name: backup.extractfile(member).read() for member in backup.getmembers()}


def tables_with_data(dump):
    """The tables whose rows the database member holds."""
    if connection.vendor == "sqlite":
        with sqlite3.connect(dump) as copy:
            tables = [name for (name,) in copy.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
            return {table for table in tables if copy.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]}
    listing = subprocess.run(["pg_restore", "--list", str(dump)], capture_output=True, text=True, check=True).stdout
    return {line.split()[-2] for line in listing.splitlines() if " TABLE DATA public " in line}


def test_the_manifest_counts_and_signs_what_the_backup_holds(archive, tmp_path):
    files = members(archive)
    manifest = json.loads(files["manifest.json"])
    assert files["manifest.sig"].decode() == signature(files["manifest.json"])
    assert manifest["database"] == {"vendor": connection.vendor, "member": DATABASE, "left_out": [
        "axes_accessattempt", "axes_accessattemptexpiration", "axes_accessfailurelog", "axes_accesslog",
        "django_session", "core_contentversion"]}
    assert manifest["rows"]["projects_project"] == Project.objects.count() == 5
    assert manifest["migrations"]["projects"] == sorted(
        name for app, name in MigrationRecorder(connection).applied_migrations() if app == "projects")
    # Every member but the manifest and its signature, with its size and digest.
    assert set(manifest["members"]) == set(files) - {"manifest.json", "manifest.sig"}
    for name, digest in manifest["members"].items():
        assert digest == {"size": len(files[name]), "sha256": hashlib.sha256(files[name]).hexdigest()}
    # Every uploaded file: the pictures, and the documents of results (other tests may have left some).
    assert manifest["media"] == len([name for name in files if name.startswith(("media/", "documents/"))]) > 0
    # Sessions, sign-in locks and the content version are not in it.
    dump = tmp_path / DATABASE
    dump.write_bytes(files[DATABASE])
    held = tables_with_data(dump)
    assert "projects_project" in held
    assert not held & {"django_session", "axes_accessattempt", "core_contentversion"}


def test_sessions_and_sign_in_locks_are_left_as_they_are(archive, client):
    Session.objects.create(session_key="made-before-the-restore", session_data="{}",
                           expire_date=timezone.now() + timedelta(days=1))
    AccessAttempt.objects.create(username="editor", ip_address="192.0.2.1", user_agent="test", get_data="",
                                 post_data="", http_accept="", path_info="/admin/login/", failures_since_start=5)
    sessions = set(Session.objects.values_list("session_key", "session_data", "expire_date"))
    restore(archive)
    assert set(Session.objects.values_list("session_key", "session_data", "expire_date")) == sessions
    assert AccessAttempt.objects.get().failures_since_start == 5
    # The editor signed in before the restore is still signed in after it.
    assert client.get(admin_url("projects", "project", "changelist")).status_code == 200


def test_a_restore_starts_a_new_content_version(archive):
    before = content_version.current()
    restore(archive)
    assert content_version.current() != before


def test_an_archive_of_an_earlier_version_is_restored_and_brought_up_to_date(tmp_path):
    # An earlier transactional test may have flushed the group its data migration made.
    give_editors_their_permissions(Group, Permission)
    old = migrate(BEFORE_THE_MOVE)
    try:
        before = fill_the_earlier_layout(old)
        call_command("backup", str(tmp_path / "old.tar.gz"), stdout=io.StringIO())
    finally:
        migrate(None)
    Organisation.objects.all().delete()
    AccessAttempt.objects.all().delete()

    out = restore(tmp_path / "old.tar.gz")

    assert "brought up to this version of the site by" in out
    lecce = Organisation.objects.get(pk=before["lecce"])
    assert (lecce.slug, lecce.tagline_en, lecce.is_featured) == ("comune-di-lecce", "A city that tries things out", True)
    assert Project.objects.get(pk=before["project"]).participations.count() == 2
    # The data migration ran on the restored rows: the revision's copy now names the new app.
    version = Version.objects.get_for_object(lecce).get()
    assert json.loads(version.serialized_data)[0]["model"] == "projects.organisation"
    assert not AccessAttempt.objects.exists()  # the old database's lock record is not brought back
    assert not pending_migrations(connection)


# Broken and forged archives: each is refused with a message, and nothing changes.


def write_archive(path, files, compress=True):
    """An archive of ``files`` (name: bytes, or a TarInfo for a member that is not a plain file)."""
    with tarfile.open(path, "w:gz" if compress else "w") as archive:
        for name, content in files.items():
            if isinstance(content, tarfile.TarInfo):
                archive.addfile(content)
                continue
            info = tarfile.TarInfo(name)
            info.size = len(content)
            archive.addfile(info, io.BytesIO(content))


def signed(files, **changes):
    """``files`` with their manifest made to describe them, changed by ``changes``, and signed again.

    With the site's key, so that what is refused is the content, not the signature.
    """
    manifest = json.loads(files["manifest.json"])
    files = {name: content for name, content in files.items() if name not in ("manifest.json", "manifest.sig")}
    manifest["members"] = {name: {"size": len(content), "sha256": hashlib.sha256(content).hexdigest()}
                           for name, content in files.items() if isinstance(content, bytes)}
    manifest.update(changes)
    content = json.dumps(manifest).encode()
    return {**files, "manifest.json": content, "manifest.sig": signature(content).encode()}


@pytest.fixture
def site_files(archive):
    return members(archive)


def link(name):
    info = tarfile.TarInfo(name)
    info.type, info.linkname = tarfile.SYMTYPE, "/etc/passwd"
    return info


def refused(path, message, *options):
    before = snapshot()
    with pytest.raises(CommandError, match=message) as error:
        restore(path, *options)
    assert "Nothing was changed." in str(error.value)
    assert snapshot() == before


BROKEN = {
    "nothing in it": (lambda files: {}, "incomplete: it has no manifest.json"),
    "no signature": (lambda files: {k: v for k, v in files.items() if k != "manifest.sig"}, "is not signed"),
    "a member missing": (lambda files: {k: v for k, v in files.items() if not k.startswith("media/")},
                         "incomplete: media/"),
    "a member more": (lambda files: {**files, "media/extra.jpg": b"extra"}, "does not list: media/extra.jpg"),
    "a path that climbs out": (lambda files: signed({**files, "media/../../escaped.txt": b"x"}),
                               "outside the media folder"),
    "an absolute path": (lambda files: signed({**files, "/tmp/escaped.txt": b"x"}), "which no backup holds"),
    "a link": (lambda files: signed({**files, "media/link": link("media/link")}), "not a plain file"),
    "a member of no backup": (lambda files: signed({**files, "notes.txt": b"x"}), "which no backup holds"),
    "the old format": (lambda files: {"manifest.json": b"{}", "data.xml": b"<django-objects/>"}, "earlier version"),
    "a manifest that is no JSON": (lambda files: {**files, "manifest.json": b"{", "manifest.sig": signature(b"{").encode()},
                                   "not a readable backup"),
    "a manifest of another shape": (lambda files: signed(files, migrations=[["projects", 3]]), "not a readable backup"),
    "another database's dump": (lambda files: signed({OTHER_DATABASE: files[DATABASE], **files}),
                                "is a backup of a .* database"),
    "a newer site's migrations": (lambda files: signed(files, migrations={
        **json.loads(files["manifest.json"])["migrations"], "projects": ["9999_future"]}), "newer version of the site"),
    "a newer format": (lambda files: signed(files, format=3), "newer version of the site"),
}


@pytest.mark.parametrize("case", BROKEN)
def test_a_broken_archive_is_refused_and_nothing_changes(site_files, tmp_path, case):
    change, message = BROKEN[case]
    path = tmp_path / "broken.tar.gz"
    write_archive(path, change(site_files))
    refused(path, message)


def test_an_altered_member_is_refused(site_files, tmp_path):
    dump = bytearray(site_files[DATABASE])
    dump[len(dump) // 2] ^= 0x01
    path = tmp_path / "altered.tar.gz"
    write_archive(path, {**site_files, DATABASE: bytes(dump)})
    refused(path, f"altered or damaged since it was made: what it holds as {DATABASE} is not")


def test_an_altered_manifest_is_refused(site_files, tmp_path):
    manifest = json.loads(site_files["manifest.json"])
    manifest["created"] = "2020-01-01T00:00:00+00:00"
    path = tmp_path / "altered.tar.gz"
    write_archive(path, {**site_files, "manifest.json": json.dumps(manifest).encode()})
    refused(path, "not signed with this site's key")


@pytest.mark.parametrize("cut", [0.1, 0.5, 0.9, 0.999])
def test_a_truncated_archive_is_refused(archive, tmp_path, cut):
    content = archive.read_bytes()
    path = tmp_path / "truncated.tar.gz"
    path.write_bytes(content[: int(len(content) * cut)])
    refused(path, "not a readable backup")


@pytest.mark.parametrize("where", [0.05, 0.3, 0.6, 0.95])
def test_a_bit_flipped_archive_is_refused(archive, tmp_path, where):
    content = bytearray(archive.read_bytes())
    content[int(len(content) * where)] ^= 0x10
    path = tmp_path / "flipped.tar.gz"
    path.write_bytes(bytes(content))
    refused(path, "not a readable backup|altered or damaged|not signed with this site's key")


@pytest.mark.parametrize("content, compress", [(b"not an archive", None), (b"x" * 2048, True), (None, False)])
def test_a_file_that_is_no_backup_is_refused(site_files, tmp_path, content, compress):
    path = tmp_path / "notes.tar.gz"
    if compress is None:
        path.write_bytes(content)
    elif compress:
        path.write_bytes(gzip.compress(content))
    else:
        write_archive(path, site_files, compress=False)  # a whole backup, but a plain tar, not gzipped
    refused(path, "not a readable backup")


def test_a_forged_archive_is_refused(site_with_history, tmp_path, settings):
    """Made elsewhere, with another key, after an editor was made superuser: restoring it would hand over the site."""
    User.objects.filter(username="editor").update(is_superuser=False)
    User.objects.create_user("intruder", is_staff=True, is_superuser=True)
    key, settings.SECRET_KEY = settings.SECRET_KEY, "the forger's own key"
    call_command("backup", str(tmp_path / "forged.tar.gz"), stdout=io.StringIO())
    settings.SECRET_KEY = key
    User.objects.filter(username="intruder").delete()

    refused(tmp_path / "forged.tar.gz", "not signed with this site's key")
    assert not User.objects.filter(username="intruder").exists()

    # Said explicitly, an archive of another key is restored: still checked whole, only not who made it.
    restore(tmp_path / "forged.tar.gz", "--trust-unsigned")
    assert User.objects.filter(username="intruder").exists()


def test_a_key_kept_as_a_fallback_still_restores(archive, settings):
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a new key, after rotating"
    assert "Restored" in restore(archive)


def test_a_database_behind_the_code_is_refused(archive):
    recorder = MigrationRecorder(connection)
    [(app, latest)] = MigrationLoader(connection).graph.leaf_nodes("profiles")  # the code's newest migration
    recorder.record_unapplied(app, latest)
    try:
        refused(archive, "run migrate first")
    finally:
        recorder.record_applied(app, latest)


def test_the_old_content_is_read_until_the_switch(archive, monkeypatch):
    """While the restored database is made ready, the live one answers with its own content, at once."""
    Project.objects.filter(slug="smartencity").update(acronym="LIVE")
    seen = []
    put_media_back = backups_archive.put_media_back

    def read(folder, root=None):
        # At the last step before the switch: restored, migrated, a new content version made.
        def acronym():
            try:
                if connection.vendor == "postgresql":
                    with connection.cursor() as cursor:
                        cursor.execute("SET statement_timeout = '2s'")  # waiting would fail, not hang
                return Project.objects.get(slug="smartencity").acronym, content_version.current()
            finally:
                connections.close_all()

        with ThreadPoolExecutor(max_workers=1) as pool:
            seen.append(pool.submit(acronym).result())
        return put_media_back(folder, root)

    before = content_version.current()
    monkeypatch.setattr(backups_archive, "put_media_back", read)
    restore(archive)
    assert set(seen) == {("LIVE", before)}  # once for the pictures, once for the documents
    assert Project.objects.get(slug="smartencity").acronym == "SmartEnCity"


def test_the_documents_of_results_are_backed_up_and_restored(site_with_history, tmp_path):
    from django.core.files.base import ContentFile
    from django.core.files.storage import storages

    from projects.models import Result
    from tests.test_documents import pdf as a_pdf

    documents = storages["documents"]
    pdf = a_pdf("Rapporto")  # a PDF that can be read: one that cannot is refused on upload
    report = Result.objects.create(project=Project.objects.get(slug="smartencity"), kind="report",
                                   title="Rapporto", document=ContentFile(pdf, name="rapporto.pdf"))
    name = report.document.name
    archive = tmp_path / "site.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    assert members(archive)[f"documents/{name}"] == pdf

    documents.delete(name)  # lost from the disk
    restore(archive)
    with documents.open(name) as file:
        assert file.read() == pdf
