"""
Backups of the whole site: the database as Django fixtures, and the uploaded media.

A backup is one .tar.gz holding ``manifest.json`` (when, which migrations, how many
rows and files), ``data.xml`` and ``media/``. ``data.xml`` is ``dumpdata`` with every
primary key, pointing to content types and permissions by natural key so that it
loads into any database the migrations built, SQLite or PostgreSQL; XML because
Django's JSON rounds times to the millisecond. Content types and permissions are
left out, since ``migrate`` makes them; so are sessions and sign-in attempts, which
are not content, and the content version, which a restore must renew, never bring back.

``restore`` checks the whole archive before it touches anything, then replaces the
database's rows in one transaction, so a broken archive changes nothing.
"""

import io
import json
import tarfile
import tempfile
from collections import Counter
from pathlib import Path
from xml.etree import ElementTree
from xml.parsers.expat import ExpatError
from xml.sax import SAXException

from django.conf import settings
from django.core import serializers
from django.core.management import call_command
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.translation import gettext as _

EXCLUDED = ["contenttypes", "auth.permission", "sessions", "axes", "core.contentversion"]


class BackupError(Exception):
    """An archive that cannot be restored; nothing was changed."""


def applied_migrations():
    return sorted(MigrationRecorder(connection).applied_migrations())


def media_files():
    root = Path(settings.MEDIA_ROOT)
    return sorted(path for path in root.rglob("*") if path.is_file()) if root.exists() else []


def make_backup(destination):
    """Write the backup to ``destination``; return its manifest."""
    data = io.StringIO()
    call_command("dumpdata", format="xml", natural_foreign=True, exclude=EXCLUDED, stdout=data)
    rows = Counter(element.get("model") for element in ElementTree.fromstring(data.getvalue()).findall("object"))
    files = media_files()
    manifest = {
        "created": timezone.now().isoformat(),
        "migrations": applied_migrations(),
        "rows": dict(sorted(rows.items())),
        "media": len(files),
    }
    with tarfile.open(destination, "w:gz") as archive:
        for name, text in [("manifest.json", json.dumps(manifest, indent=2)), ("data.xml", data.getvalue())]:
            content = text.encode()
            info = tarfile.TarInfo(name)
            info.size = len(content)
            archive.addfile(info, io.BytesIO(content))
        for path in files:
            archive.add(path, arcname=f"media/{path.relative_to(settings.MEDIA_ROOT).as_posix()}")
    return manifest


def read_backup(source, folder):
    """Unpack ``source`` into ``folder`` and check it; return its manifest."""
    try:
        with tarfile.open(source, "r:gz") as archive:
            archive.extractall(folder, filter="data")  # no absolute paths, links or ../ escapes
        manifest = json.loads((Path(folder) / "manifest.json").read_text())
        migrations, rows = set(map(tuple, manifest["migrations"])), sum(manifest["rows"].values())
        data = (Path(folder) / "data.xml").read_text()
        objects = list(serializers.deserialize("xml", data, handle_forward_references=True))
    except (OSError, tarfile.TarError, ValueError, KeyError, TypeError, AttributeError, ExpatError, SAXException,
            serializers.base.DeserializationError) as error:
        raise BackupError(_("%(file)s is not a readable backup of this site: %(error)s")
                          % {"file": source, "error": error}) from error
    missing = migrations - set(applied_migrations())
    if missing:
        raise BackupError(_("The backup was made by a newer version of the site (it has the migrations %(names)s); "
                            "update the site and run migrate first.")
                          % {"names": ", ".join(sorted(f"{app}.{name}" for app, name in missing))})
    if len(objects) != rows:
        raise BackupError(_("The backup is incomplete: its manifest lists more rows than it holds."))
    return manifest


@transaction.atomic
def restore_backup(source):
    """Replace the database and add the media files with those of ``source``; return its manifest."""
    with tempfile.TemporaryDirectory() as folder:
        manifest = read_backup(source, folder)
        call_command("flush", interactive=False, verbosity=0)
        call_command("loaddata", str(Path(folder) / "data.xml"), verbosity=0)
        media = Path(folder) / "media"
        for path in sorted(media.rglob("*")) if media.exists() else []:
            if path.is_file():
                target = Path(settings.MEDIA_ROOT) / path.relative_to(media)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(path.read_bytes())
    return manifest
