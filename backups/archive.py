"""
Backups of the whole site: the database in its own format and the uploaded media, in one signed archive.

A backup is one .tar.gz, written and read as a stream, one file at a time, holding in this order:

    database.sqlite3 or database.pgdump   the database, in its own format (backups/databases.py)
    media/…                               every uploaded picture, as it is
    documents/…                           every document editors uploaded (a project's results), as it is
    manifest.json                         when, which database, which migrations had been applied (by app),
                                          how many rows each table holds, and the size and SHA-256
                                          of every member above
    manifest.sig                          the manifest's HMAC-SHA256, keyed from SECRET_KEY

The manifest comes last because the digests are taken while the members are written: each file is
read once, and the digest is of what the archive holds. The signature makes a changed manifest show,
and the digests a changed member, so an archive is restored only as this site wrote it.

``restore`` reads the whole archive first, unpacking it while it checks it: every member a plain file
with a name of its own, the manifest signed with this site's key, every member listed and matching
its digest, no migration this version of the site does not know. Only then does it restore the
database beside the live one, bring it up to this version with ``migrate``, start a new content
version, put the media files back, and switch (see databases.py). An archive found wrong at any
point changes nothing.
"""

import gzip
import hashlib
import io
import json
import os
import shutil
import tarfile
import tempfile
import zlib
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import storages
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from backups import databases
from backups.exceptions import BackupError
from core import content_version

__all__ = ["BackupError", "make_backup", "restore_backup", "read_backup", "signature"]

# Format 1 was dumpdata's XML (data.xml), loaded row by row in memory.
FORMAT = 2
MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
MEDIA = "media"
DOCUMENTS = "documents"
DATABASE_MEMBERS = {database.member: database for database in (databases.SQLite, databases.PostgreSQL)}
VENDORS = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
# Keyed from SECRET_KEY for this use only: a signature made here is good for nothing else.
SALT = "backups.archive.manifest"
# gzip's default, 6: level 9 takes twice as long for a file a few per cent smaller.
COMPRESSION = 6
CHUNK = 1024 * 1024
# A manifest lists every media file in about 150 bytes: this is room for hundreds of thousands.
MANIFEST_MAX_BYTES = 64 * 1024 * 1024


def signature(content, secret=None):
    """The signature of the manifest ``content`` (bytes), with ``secret`` or SECRET_KEY."""
    return salted_hmac(SALT, content, secret=secret, algorithm="sha256").hexdigest()


def signed_by_this_site(content, signed):
    """Whether ``signed`` is the signature of ``content`` with SECRET_KEY or one of SECRET_KEY_FALLBACKS."""
    secrets = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return any(constant_time_compare(signature(content, secret), signed) for secret in secrets)


class Digesting:
    """A file read through, whose size and SHA-256 are taken on the way."""

    def __init__(self, file):
        self.file, self.sha256, self.size = file, hashlib.sha256(), 0

    def read(self, size=-1):
        data = self.file.read(size)
        self.sha256.update(data)
        self.size += len(data)
        return data

    def digest(self):
        return {"size": self.size, "sha256": self.sha256.hexdigest()}


def upload_roots():
    """{member folder: where its files live}: the media (pictures) and the documents of results, kept apart."""
    return {MEDIA: Path(settings.MEDIA_ROOT), DOCUMENTS: Path(storages["documents"].location)}


def media_files():
    """(member name, path) of every uploaded file, pictures and documents."""
    return [
        (f"{folder}/{path.relative_to(root).as_posix()}", path)
        for folder, root in upload_roots().items() if root.exists()
        for path in sorted(root.rglob("*")) if path.is_file()
    ]


def add_file(archive, name, path):
    """Add the file at ``path`` to ``archive`` as ``name``; return its size and digest."""
    with open(path, "rb") as file:
        stat = os.fstat(file.fileno())
        info = tarfile.TarInfo(name)
        # Only the bytes count, not who owned them: a plain file anyone may read.
        info.size, info.mtime, info.mode = stat.st_size, int(stat.st_mtime), 0o644
        reader = Digesting(file)
        archive.addfile(info, reader)
    return reader.digest()


def add_bytes(archive, name, content):
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = len(content), int(timezone.now().timestamp()), 0o644
    archive.addfile(info, io.BytesIO(content))


def make_backup(destination):
    """Write the backup to ``destination``; return its manifest.

    Written beside it under a temporary name and then renamed, so that a backup that fails half way
    leaves no archive that looks whole; the database's dump waits there too, on a disk that has room.
    """
    destination = Path(destination)
    database = databases.for_connection(connections[DEFAULT_DB_ALIAS])
    try:
        return write_backup(destination, database)
    except OSError as error:  # no room left, a folder that is not there, a file that went away
        raise BackupError(_("%(file)s could not be written: %(error)s") % {"file": destination, "error": error}) from error


def write_backup(destination, database):
    with tempfile.TemporaryDirectory(prefix=".lecce-backup-", dir=destination.parent) as folder:
        partial = Path(folder) / "archive.tar.gz"
        # Readable by its owner only: it holds every account's password hash.
        partial.touch(mode=0o600)
        dump = Path(folder) / database.member
        described = database.dump(dump)
        members = {}
        with tarfile.open(partial, "w:gz", compresslevel=COMPRESSION) as archive:
            members[database.member] = add_file(archive, database.member, dump)
            dump.unlink()
            for name, path in media_files():
                members[name] = add_file(archive, name, path)
            manifest = {
                "format": FORMAT,
                "created": timezone.now().isoformat(),
                "database": {"vendor": database.vendor, "member": database.member,
                             "left_out": databases.left_out_tables()},
                "migrations": described["migrations"],
                "rows": described["rows"],
                "media": len(members) - 1,
                "members": members,
            }
            content = json.dumps(manifest, indent=2).encode()
            add_bytes(archive, MANIFEST, content)
            add_bytes(archive, SIGNATURE, signature(content).encode())
        os.replace(partial, destination)
    return manifest


def unreadable(source, reason):
    return BackupError(_("%(file)s is not a readable backup of this site: %(reason)s.") % {"file": source, "reason": reason})


def media_target(source, name, folder):
    """Where the uploaded file ``name`` (media/… or documents/…) is unpacked under ``folder``, if it stays inside."""
    top, *parts = PurePosixPath(name).parts
    if not parts or any(part in ("", ".", "..") for part in parts) or "\\" in name:
        raise BackupError(_("%(file)s holds %(name)s, whose name would put it outside the media folder.")
                          % {"file": source, "name": name})
    return Path(folder, top, *parts)


def unpack(source, folder, database, database_path):
    """Read ``source`` once: the database member to ``database_path``, the media under ``folder``.

    Returns the digest of every member unpacked, the manifest's bytes and the signature's.
    """
    found, manifest, signed = {}, None, None
    with open(source, "rb") as raw, gzip.GzipFile(fileobj=raw) as unzipped, \
            tarfile.open(fileobj=unzipped, mode="r|") as archive:
        for member in archive:
            name = member.name
            if not member.isreg():
                raise BackupError(_("%(file)s holds %(name)s, which is not a plain file (a link, a folder or a "
                                    "device): no backup does.") % {"file": source, "name": name})
            if name in found or (name == MANIFEST and manifest is not None) or (name == SIGNATURE and signed is not None):
                raise BackupError(_("%(file)s holds %(name)s twice.") % {"file": source, "name": name})
            if name in (MANIFEST, SIGNATURE):
                if member.size > MANIFEST_MAX_BYTES:
                    raise unreadable(source, _("its manifest is too large"))
                content = archive.extractfile(member).read()
                manifest, signed = (content, signed) if name == MANIFEST else (manifest, content)
                continue
            if name in DATABASE_MEMBERS:
                if name != database.member:
                    raise BackupError(_("%(file)s is a backup of a %(vendor)s database, and this site runs on "
                                        "%(here)s: restore it into a site that runs on %(vendor)s.")
                                      % {"file": source, "vendor": VENDORS[DATABASE_MEMBERS[name].vendor],
                                         "here": VENDORS[database.vendor]})
                target = Path(database_path)
            elif name.startswith((f"{MEDIA}/", f"{DOCUMENTS}/")):
                target = media_target(source, name, folder)
                target.parent.mkdir(parents=True, exist_ok=True)
            elif name == "data.xml":
                raise BackupError(_("%(file)s was made by an earlier version of the site (its database is in "
                                    "data.xml), which this version cannot restore: restore it with the version "
                                    "that made it, then make a new backup.") % {"file": source})
            else:
                raise BackupError(_("%(file)s holds %(name)s, which no backup holds.") % {"file": source, "name": name})
            reader = Digesting(archive.extractfile(member))
            with open(target, "wb") as file:
                while chunk := reader.read(CHUNK):
                    file.write(chunk)
            found[name] = reader.digest()
        # To the end of the gzip stream, whose length and CRC are checked there.
        while unzipped.read(CHUNK):
            pass
    return found, manifest, signed


def parse_manifest(source, content):
    """The manifest's content, checked for the shape make_backup gives it."""
    try:
        manifest = json.loads(content)
        members = manifest["members"]
        well_formed = (
            isinstance(manifest["format"], int) and isinstance(manifest["created"], str)
            and isinstance(manifest["database"]["vendor"], str) and isinstance(manifest["database"]["member"], str)
            and all(isinstance(app, str) and isinstance(names, list) and all(isinstance(name, str) for name in names)
                    for app, names in manifest["migrations"].items())
            and all(isinstance(count, int) for count in manifest["rows"].values())
            and isinstance(manifest["media"], int)
            and all(isinstance(digest["size"], int) and isinstance(digest["sha256"], str) for digest in members.values())
        )
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise unreadable(source, _("its manifest is not one that backup writes (%(error)s)") % {"error": error}) from error
    if not well_formed:
        raise unreadable(source, _("its manifest is not one that backup writes"))
    return manifest


def read_backup(source, folder, database, database_path, trust_unsigned=False):
    """Unpack ``source`` (see ``unpack``) and check it whole; return its manifest."""
    try:
        found, content, signed = unpack(source, folder, database, database_path)
    except EOFError as error:
        raise unreadable(source, _("it is cut short, as a file not copied to the end is")) from error
    except gzip.BadGzipFile as error:
        if str(error).startswith("Not a gzipped file"):
            raise unreadable(source, _("it is not a gzip file")) from error
        raise unreadable(source, _("it is damaged: its content does not match its checksum (%(error)s)")
                         % {"error": error}) from error
    except zlib.error as error:
        raise unreadable(source, _("it is damaged: its compressed data do not decompress (%(error)s)")
                         % {"error": error}) from error
    except tarfile.TarError as error:
        raise unreadable(source, _("it is not a tar archive, or a damaged one (%(error)s)") % {"error": error}) from error
    except UnicodeError as error:
        raise unreadable(source, _("it names a file in characters that are not UTF-8 (%(error)s)")
                         % {"error": error}) from error
    except OSError as error:
        raise unreadable(source, _("it cannot be read (%(error)s)") % {"error": error.strerror or error}) from error
    if content is None:
        raise BackupError(_("%(file)s is incomplete: it has no %(name)s.") % {"file": source, "name": MANIFEST})
    if not trust_unsigned:
        if signed is None:
            raise BackupError(_("%(file)s is not signed (it has no %(name)s): restore it with --trust-unsigned "
                                "only if you know where it comes from.") % {"file": source, "name": SIGNATURE})
        if not signed_by_this_site(content, signed.decode(errors="replace").strip()):
            raise BackupError(_("%(file)s was not signed with this site's key: it was made with another "
                                "DJANGO_SECRET_KEY, or altered since. Restore it with the key it was made with, or "
                                "with --trust-unsigned only if you know where it comes from.") % {"file": source})
    manifest = parse_manifest(source, content)
    if manifest["format"] > FORMAT:
        raise BackupError(_("%(file)s was made by a newer version of the site, whose backups this version cannot "
                            "read: update the site first.") % {"file": source})
    if manifest["format"] < FORMAT:
        raise BackupError(_("%(file)s was made by an earlier version of the site, which this version cannot "
                            "restore: restore it with the version that made it.") % {"file": source})
    if manifest["database"]["member"] != database.member:
        raise BackupError(_("%(file)s is a backup of a %(vendor)s database, and this site runs on %(here)s.")
                          % {"file": source, "vendor": manifest["database"]["vendor"], "here": VENDORS[database.vendor]})
    missing = sorted(set(manifest["members"]) - set(found))
    if missing:
        raise BackupError(_("%(file)s is incomplete: %(names)s missing.") % {"file": source, "names": ", ".join(missing)})
    unlisted = sorted(set(found) - set(manifest["members"]))
    if unlisted:
        raise BackupError(_("%(file)s holds files its manifest does not list: %(names)s.")
                          % {"file": source, "names": ", ".join(unlisted)})
    altered = sorted(name for name, digest in found.items()
                     if (manifest["members"][name]["size"], manifest["members"][name]["sha256"])
                     != (digest["size"], digest["sha256"]))
    if altered:
        raise BackupError(_("%(file)s has been altered or damaged since it was made: what it holds as %(names)s is "
                            "not what was saved.") % {"file": source, "names": ", ".join(altered)})
    check_migrations(source, manifest)
    return manifest


def check_migrations(source, manifest):
    """Refuse a backup of a newer version of the site: one with migrations this version does not have."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    # Squashed migrations stand for those they replace, which a backup made before the squash lists.
    known = set(loader.disk_migrations) | {key for migration in loader.replacements.values() for key in migration.replaces}
    unknown = {(app, name) for app, names in manifest["migrations"].items() for name in names} - known
    if unknown:
        raise BackupError(_("%(file)s was made by a newer version of the site: it has migrations this version does "
                            "not have (%(names)s). Update the site to the version that made it, or a later one, and "
                            "restore it then.") % {"file": source,
                                                   "names": ", ".join(sorted(f"{app}.{name}" for app, name in unknown))})


def pending_migrations(connection):
    executor = MigrationExecutor(connection)
    return [f"{migration.app_label}.{migration.name}"
            for migration, _backwards in executor.migration_plan(executor.loader.graph.leaf_nodes())]


@contextmanager
def default_database(settings_dict):
    """In this thread, Django's default database is the one ``settings_dict`` reaches.

    Not another alias: migrations' data functions write through the models' managers, whose database
    is the default one whatever database migrate was told, and they would change the live database.
    """
    live = connections[DEFAULT_DB_ALIAS]
    restored = live.__class__(settings_dict, DEFAULT_DB_ALIAS)
    connections[DEFAULT_DB_ALIAS] = restored
    try:
        yield restored
    finally:
        restored.close()
        connections[DEFAULT_DB_ALIAS] = live
        ContentType.objects.clear_cache()  # filled from the restored database, by ids that may differ


def bring_up_to_date(settings_dict):
    """Migrate the restored database to this version of the site; start a new content version. Return what ran."""
    with default_database(settings_dict) as restored:
        migrations = pending_migrations(restored)
        try:
            call_command("migrate", interactive=False, verbosity=0, stdout=io.StringIO())
        except Exception as error:  # whatever a migration raises: the live database is untouched, and says so
            raise BackupError(_("The backup could not be brought up to this version of the site: migrate stopped "
                                "with %(error)s") % {"error": f"{type(error).__name__}: {error}"}) from error
        # migrate starts one too (core.content_version.after_migrate); said here, since restore relies on it.
        content_version.bump()
    return migrations


def put_media_back(folder, root=None):
    """Move the unpacked files of ``folder`` into ``root`` (MEDIA_ROOT by default), each under a temporary name
    and then renamed over its own.

    Returns the files that were not there before.
    """
    root, added = Path(root or settings.MEDIA_ROOT), []
    for path in sorted(folder.rglob("*")) if folder.exists() else []:
        if path.is_file():
            target = root / path.relative_to(folder)
            target.parent.mkdir(parents=True, exist_ok=True)
            partial = target.with_name(f".{target.name}.restoring")
            shutil.move(path, partial)  # a rename on the same disk, a copy otherwise
            if not target.exists():
                added.append(target)
            os.replace(partial, target)  # so that a visitor never gets half a picture
    return added


def restore_backup(source, trust_unsigned=False):
    """Put the database and the media files of ``source`` in place; return its manifest and the migrations run.

    The live database must be up to date with the code: its sessions and lock records are kept as
    they are, in tables that must be those the restored database is migrated to.
    """
    live = connections[DEFAULT_DB_ALIAS]
    database = databases.for_connection(live)
    if pending_migrations(live):
        raise BackupError(_("This database is not up to date with this version of the site: run migrate first, "
                            "then restore."))
    with tempfile.TemporaryDirectory(prefix="lecce-restore-") as folder, database.staging(folder) as staged:
        manifest = read_backup(source, Path(folder), database, staged, trust_unsigned)
        migrated = bring_up_to_date(database.stage(staged))
        # Before the switch, so that the restored pages find their pictures from the first moment on; taken
        # away again if the switch fails. (A file of the same name is the same picture: uploads get random names.)
        added = [path for top, root in upload_roots().items() for path in put_media_back(Path(folder) / top, root)]
        try:
            database.switch(staged)
        except BackupError:
            for path in added:
                path.unlink(missing_ok=True)
            raise
    return manifest, migrated
