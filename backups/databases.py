"""
The database's part of a backup, in the database's own format, and the switch that puts a restored one in place.

Native formats, streamed to and from files, so that memory stays the same whatever the size:

- SQLite: the online backup API copies the database page by page into a file of its own, one
  consistent snapshot, while the site goes on reading and writing (it runs with write-ahead logging).
- PostgreSQL: ``pg_dump``'s custom format, from a snapshot of one transaction in which the
  manifest's row counts are read too, so that they describe exactly what was dumped.

Left out: the rows of the running site that are not content, its sessions and sign-in lock records
(``sessions``, ``axes``), which a restore must leave as they are; and the content version, which a
restore renews so that no page cached before it is served after it. Their tables are dumped empty,
so that a restored database is whole.

A restore builds the restored database beside the live one, brings it up to this version of the
site with ``migrate``, and only then puts it in place, in one short step: visitors read the old
content until that step, and the new content right after it.

- SQLite: the archive's file is unpacked beside the live one, migrated, given the live sessions and
  lock records, then copied into the live database with the backup API, in one write transaction.
  (The sessions are copied the instant before: one written in that instant would be lost.)
  Not ``os.replace()``: the site's processes keep their connections open (``CONN_MAX_AGE``) and would
  go on using the replaced file and its ``-wal`` and ``-shm`` files, which are found by name, so the two
  databases would mix. Through the backup API the switch is an ordinary commit: readers, who never
  wait in WAL mode, see the old database until it and the new one after it, on the same connections.
- PostgreSQL: the dump is restored into a schema of its own (``backups_restoring``), migrated there,
  and in one transaction the live sessions and lock tables are moved into it and it is renamed
  ``public``; the old schema is then dropped. The dump names every object ``public.…``, so it is
  restored in a transaction that first renames the live schema away and at the end gives both their
  names back: until it commits nobody sees the renaming, and readers are never held up.
"""

import fcntl
import os
import shutil
import sqlite3
import subprocess
import tempfile
from contextlib import closing, contextmanager
from pathlib import Path

from django.apps import apps
from django.db import Error, transaction
from django.db.backends.postgresql.client import DatabaseClient
from django.utils.translation import gettext as _

from backups.exceptions import BackupError
from core.models import ContentVersion

# The apps whose rows belong to the running site, not to its content: its sessions and sign-in lock records.
KEPT_APPS = ("sessions", "axes")

# How long a restore waits for a lock the site's requests hold, in seconds.
SWITCH_TIMEOUT = 60


def kept_tables():
    """The tables a restore leaves as they are: their rows stay those of the running site."""
    return sorted({model._meta.db_table for app_label in KEPT_APPS
                   for model in apps.get_app_config(app_label).get_models(include_auto_created=True)})


def left_out_tables():
    """The tables whose rows no backup holds: those kept, and the content version, renewed at each restore."""
    return [*kept_tables(), ContentVersion._meta.db_table]


def quote(name):
    return '"' + name.replace('"', '""') + '"'


def for_connection(connection):
    """The database behind ``connection``, as backups see it."""
    if connection.vendor == "sqlite":
        return SQLite(connection)
    if connection.vendor == "postgresql":
        return PostgreSQL(connection)
    raise BackupError(_("Backups are made of SQLite and PostgreSQL databases, not of %(vendor)s.")
                        % {"vendor": connection.vendor})


class SQLite:
    vendor = "sqlite"
    member = "database.sqlite3"

    def __init__(self, connection):
        self.connection = connection
        self.path = Path(connection.settings_dict["NAME"])

    def dump(self, target):
        """Copy the database into the file ``target``; return what the copy holds (see ``describe``)."""
        with closing(sqlite3.connect(self.path, timeout=SWITCH_TIMEOUT)) as live, closing(sqlite3.connect(target)) as copy:
            live.backup(copy)  # in one step, so in one read transaction: a consistent snapshot
        with closing(sqlite3.connect(target, isolation_level=None)) as copy:
            tables = self.tables(copy)
            # Zeroed, not merely freed: the sessions' pages would otherwise still be readable in the archive.
            copy.execute("PRAGMA secure_delete = ON")
            for table in set(left_out_tables()) & set(tables):
                copy.execute(f"DELETE FROM {quote(table)}")
            copy.execute("PRAGMA journal_mode = DELETE")  # one file, with no -wal beside it
            return describe(copy.cursor(), tables)

    @staticmethod
    def tables(connection, schema="main"):
        return [name for (name,) in connection.execute(
            f"SELECT name FROM {schema}.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]

    @contextmanager
    def staging(self, folder):
        """The file, beside the live database, into which the archive's database is unpacked and migrated.

        Beside it because that disk has room for a copy of the database, where a temporary folder may
        be small or in memory. Locked, so that a second restore at the same time is refused.
        """
        staged = self.path.with_name(f"{self.path.name}.restoring")
        # A stopped restore's journal would be played back into the new file by the first connection to it.
        journals = [staged.with_name(staged.name + end) for end in ("-wal", "-shm", "-journal")]
        lock = os.open(staged, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise BackupError(_("Another restore is running on this database.")) from None
            try:
                for path in journals:
                    path.unlink(missing_ok=True)
                yield staged
            finally:
                for path in (staged, *journals):
                    path.unlink(missing_ok=True)
        finally:
            os.close(lock)

    def stage(self, staged):
        """Make the unpacked file ready to be migrated; return the connection settings that reach it."""
        return {**self.connection.settings_dict, "NAME": str(staged)}

    def switch(self, staged):
        """Put the migrated ``staged`` database in place of the live one, keeping the live sessions and lock records."""
        try:
            with closing(sqlite3.connect(staged, isolation_level=None, timeout=SWITCH_TIMEOUT)) as restored:
                restored.execute("ATTACH DATABASE ? AS live", [str(self.path)])
                restored.execute("BEGIN IMMEDIATE")
                live_tables = set(self.tables(restored, "live"))
                for table in kept_tables():
                    if table in live_tables:
                        # By name: a table rebuilt by a migration may have its columns in another order.
                        columns = ", ".join(quote(row[1]) for row in restored.execute(f"PRAGMA live.table_info({quote(table)})"))
                        restored.execute(f"DELETE FROM main.{quote(table)}")
                        restored.execute(f"INSERT INTO main.{quote(table)} ({columns}) SELECT {columns} FROM live.{quote(table)}")
                restored.execute("COMMIT")
                restored.execute("DETACH DATABASE live")
                with closing(sqlite3.connect(self.path, timeout=SWITCH_TIMEOUT)) as live:
                    restored.backup(live)
                    # The whole database went through the write-ahead log: written into the file now, as far
                    # as readers let it, instead of at some later commit of a visitor's request.
                    live.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except sqlite3.Error as error:
            raise BackupError(_("SQLite could not put the restored database in place: %(error)s")
                                % {"error": error}) from error


def describe(cursor, tables):
    """The migrations applied in a database and the rows of each of ``tables`` it holds (left-out ones aside)."""
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
    migrations = {}
    for app, name in cursor.fetchall():
        migrations.setdefault(app, []).append(name)
    rows = {}
    for table in sorted(set(tables) - set(left_out_tables())):
        cursor.execute(f"SELECT count(*) FROM {quote(table)}")
        rows[table] = cursor.fetchone()[0]
    return {"migrations": migrations, "rows": rows}


class PostgreSQL:
    vendor = "postgresql"
    member = "database.pgdump"
    # Django's tables are in the public schema. The other two are the restore's own, never the site's.
    SCHEMA = "public"
    STAGING = "backups_restoring"
    PREVIOUS = "backups_previous"
    # One restore at a time: an advisory lock of the database, held by the restoring connection.
    LOCK = 0x6C656363  # "lecc"

    def __init__(self, connection):
        self.connection = connection

    @staticmethod
    def installed(name):
        if shutil.which(name) is None:
            raise BackupError(_("%(program)s was not found: install PostgreSQL's client programs (Debian: "
                                "postgresql-client), of the server's version or newer.") % {"program": name})
        return name

    def program(self, name, parameters):
        """The command line and environment that run PostgreSQL's ``name`` on this database, as ``dbshell`` runs psql."""
        args, env = DatabaseClient.settings_to_cmd_args_env(self.connection.settings_dict, parameters)
        return [self.installed(name), *args[1:]], {**os.environ, **(env or {})}

    @staticmethod
    def run(processes, errors):
        """Wait for ``processes``; raise with what they wrote to ``errors`` if one failed."""
        if any(process.wait() != 0 for process in processes):
            errors.seek(0)
            message = errors.read().decode(errors="replace").strip()
            raise BackupError(_("PostgreSQL stopped with this error: %(error)s") % {"error": message[-2000:]})

    def dump(self, target):
        """Dump the live schema into the file ``target``; return what the dump holds (see ``describe``)."""
        self.connection.ensure_connection()
        with transaction.atomic(using=self.connection.alias), self.connection.cursor() as cursor:
            # The dump and the counts read one snapshot, which this transaction holds until pg_dump is done.
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = %s", [self.SCHEMA])
            description = describe(cursor, [name for (name,) in cursor.fetchall()])
            # Uncompressed: the archive is compressed as a whole, and compressing twice only costs time.
            parameters = ["--format=custom", "--compress=0", "--no-owner", "--no-acl", f"--schema={self.SCHEMA}",
                          f"--snapshot={snapshot}", f"--file={target}",
                          *(f"--exclude-table-data={self.SCHEMA}.{table}" for table in left_out_tables())]
            args, env = self.program("pg_dump", parameters)
            with tempfile.TemporaryFile() as errors:
                self.run([subprocess.Popen(args, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                           stderr=errors)], errors)
        return description

    @contextmanager
    def staging(self, folder):
        """The file the archive's dump is unpacked into; the restore's lock, and its schema dropped if left over."""
        with self.connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [self.LOCK])
            if not cursor.fetchone()[0]:
                raise BackupError(_("Another restore is running on this database."))
        try:
            yield Path(folder) / self.member
        finally:
            with self.connection.cursor() as cursor:
                # What a failed restore leaves, or one that was stopped (the next one drops it): nobody reads it.
                cursor.execute(f"DROP SCHEMA IF EXISTS {self.STAGING} CASCADE")
                cursor.execute(f"DROP SCHEMA IF EXISTS {self.PREVIOUS} CASCADE")
                cursor.execute("SELECT pg_advisory_unlock(%s)", [self.LOCK])

    def stage(self, staged):
        """Restore the dump ``staged`` into the staging schema; return the connection settings that reach it."""
        live = "backups_live"
        prefix = (f"SET client_min_messages = warning; DROP SCHEMA IF EXISTS {self.STAGING} CASCADE; "
                  f"DROP SCHEMA IF EXISTS {self.PREVIOUS} CASCADE; ALTER SCHEMA {self.SCHEMA} RENAME TO {live};")
        suffix = f"ALTER SCHEMA {self.SCHEMA} RENAME TO {self.STAGING}; ALTER SCHEMA {live} RENAME TO {self.SCHEMA};"
        # pg_restore only turns the dump into SQL, which psql runs between the prefix and the suffix in one
        # transaction: the dump's CREATE SCHEMA public makes a new schema, unseen by others until the commit.
        restore_args = [self.installed("pg_restore"), "--no-owner", "--no-acl", "--file=-", str(staged)]
        psql_args, env = self.program("psql", ["--no-psqlrc", "--quiet", "--set=ON_ERROR_STOP=1", "--single-transaction",
                                               f"--command={prefix}", "--file=-", f"--command={suffix}"])
        with tempfile.TemporaryFile() as errors:
            restore = subprocess.Popen(restore_args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=errors)
            psql = subprocess.Popen(psql_args, env=env, stdin=restore.stdout, stdout=subprocess.DEVNULL, stderr=errors)
            restore.stdout.close()  # psql's now: pg_restore learns if psql stops
            self.run([restore, psql], errors)
        options = dict(self.connection.settings_dict["OPTIONS"])
        options["options"] = f"{options.get('options', '')} -c search_path={self.STAGING}".strip()
        return {**self.connection.settings_dict, "OPTIONS": options}

    def switch(self, staged):
        """Put the migrated staging schema in place of the live one, keeping the live sessions and lock records."""
        try:
            with transaction.atomic(using=self.connection.alias), self.connection.cursor() as cursor:
                # Moving a table takes its lock, which waits for the requests reading it now: not forever.
                cursor.execute(f"SET LOCAL lock_timeout = '{SWITCH_TIMEOUT}s'")
                cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = %s", [self.SCHEMA])
                kept = sorted(set(kept_tables()) & {name for (name,) in cursor.fetchall()})
                for table in kept:
                    cursor.execute(f"DROP TABLE IF EXISTS {self.STAGING}.{quote(table)} CASCADE")
                for table in kept:  # with their rows, indexes and sequences, whatever their number
                    cursor.execute(f"ALTER TABLE {self.SCHEMA}.{quote(table)} SET SCHEMA {self.STAGING}")
                cursor.execute(f"ALTER SCHEMA {self.SCHEMA} RENAME TO {self.PREVIOUS}")
                cursor.execute(f"ALTER SCHEMA {self.STAGING} RENAME TO {self.SCHEMA}")
                cursor.execute(f"GRANT USAGE ON SCHEMA {self.SCHEMA} TO PUBLIC")  # as PostgreSQL makes public
            with self.connection.cursor() as cursor:
                # Waits for the requests still reading the old tables; new ones read the new schema already.
                cursor.execute(f"DROP SCHEMA {self.PREVIOUS} CASCADE")
        except Error as error:
            raise BackupError(_("PostgreSQL could not put the restored database in place: %(error)s")
                                % {"error": error}) from error
