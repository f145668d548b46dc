"""Backup and restore: a round trip loses nothing, and a broken archive changes nothing."""

import io
import json
import tarfile
from xml.etree import ElementTree

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission, User
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from reversion.models import Version

from profiles.models import Highlight
from projects.models import Organisation, Project
from tests.factories import image_upload
from tests.test_admin import admin_url, highlight_data

pytestmark = pytest.mark.django_db(transaction=True)

CONTENT_APPS = ["profiles", "projects", "auth", "reversion", "admin"]
EMPTY = b'<?xml version="1.0" encoding="utf-8"?><django-objects version="1.0"></django-objects>'


def snapshot():
    """Every row the backup keeps, as plain values, and every media file's bytes.

    Content types and permissions are not backed up but made again by migrate, under new ids:
    rows point to them by what they are (app and model, codename) instead.
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

    call_command("restore", str(archive), "--no-input", stdout=io.StringIO())
    assert snapshot() == before


def test_the_manifest_counts_what_the_backup_holds(site_with_history, tmp_path):
    archive = tmp_path / "site.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    with tarfile.open(archive) as backup:
        manifest = json.load(backup.extractfile("manifest.json"))
        data = ElementTree.parse(backup.extractfile("data.xml")).getroot().findall("object")
        media = [name for name in backup.getnames() if name.startswith("media/")]
    assert manifest["rows"]["projects.project"] == Project.objects.count() == 4
    assert sum(manifest["rows"].values()) == len(data)
    assert manifest["media"] == len(media) > 0
    assert not any(item.get("model") in ("contenttypes.contenttype", "auth.permission", "sessions.session")
                   for item in data)


def write_archive(path, files):
    with tarfile.open(path, "w:gz") as archive:
        for name, content in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(content)
            archive.addfile(info, io.BytesIO(content))


@pytest.mark.parametrize("files, message", [
    ({}, "not a readable backup"),
    ({"manifest.json": b'{"created": "2026-01-01"}', "data.xml": EMPTY}, "not a readable backup"),
    ({"manifest.json": b'{"migrations": 3, "rows": [], "media": 0}', "data.xml": EMPTY}, "not a readable backup"),
    ({"manifest.json": b"{}", "data.xml": b"<django-objects><object model=\"projects.project\">"}, "not a readable backup"),
    ({"manifest.json": json.dumps({"migrations": [["projects", "9999_future"]], "rows": {}, "media": 0,
                                   "created": "2030-01-01"}).encode(), "data.xml": EMPTY}, "newer version"),
    ({"manifest.json": json.dumps({"migrations": [], "rows": {"projects.project": 5}, "media": 0,
                                   "created": "2026-01-01"}).encode(), "data.xml": EMPTY}, "incomplete"),
])
def test_a_broken_archive_is_refused_and_nothing_changes(site_with_history, tmp_path, files, message):
    before = snapshot()
    archive = tmp_path / "broken.tar.gz"
    write_archive(archive, files)
    with pytest.raises(CommandError, match=message):
        call_command("restore", str(archive), "--no-input", stdout=io.StringIO())
    assert snapshot() == before


def test_a_file_that_is_no_archive_at_all_is_refused(site_with_history, tmp_path):
    before = snapshot()
    archive = tmp_path / "notes.tar.gz"
    archive.write_text("not an archive")
    with pytest.raises(CommandError, match="not a readable backup"):
        call_command("restore", str(archive), "--no-input", stdout=io.StringIO())
    assert snapshot() == before
