"""
A version stamp of the public content, for caching what is computed from it.

Whole public pages are cached the same way (``core.page_cache``): a page is kept
per address, language and day, and the first change after it makes it old.

Counts beside filter options, list totals and portfolio insights are costly on
a full CORDIS export and change only when the content does. They are cached
under the current version, and any change starts a new one, so nothing cached
from older content is read again.

The version is a row of the database (``core.ContentVersion``), not a key of the
cache, and the database itself gives it a new random value: triggers on every
table of the public content fire on each insert, update and delete (and on
PostgreSQL each truncate), in the transaction that makes the change, so the new
version is seen exactly when the change is. Every process reads the same row,
whatever its cache, and a change counts however it was made: the admin, an
import in another terminal or worker, ``QuerySet.update()``, ``bulk_create()``,
raw SQL, ``restore``. A random value, not a counter, so that no version comes
back after a flush or a restore.

Apps name their models with ``watch()`` in their ``ready()``; after every
``migrate`` and ``flush`` the triggers are installed on those models' tables.
"""

import hashlib
import secrets

from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, NotSupportedError, connections
from django.utils.translation import get_language

from core.models import ContentVersion

TIMEOUT = 24 * 60 * 60

# The models whose tables carry the triggers, as the apps name them with watch().
watched = []

VERSION_TABLE = ContentVersion._meta.db_table

# SQLite: one row trigger per table and kind of change. SQLite has a single writer at a time, so
# updating the row at each change makes nobody wait who would not wait anyway.
SQLITE_TRIGGER = (
    'CREATE TRIGGER "{name}" AFTER {event} ON "{table}" BEGIN '
    f'UPDATE "{VERSION_TABLE}" SET version = lower(hex(randomblob(16))) WHERE id = {ContentVersion.ONE}; END'
)

# PostgreSQL: the row is updated at commit, not at the first change, because updating it locks it
# until the transaction ends: a 90-second import would hold every editor's save for 90 seconds.
# At commit all of a transaction's deferred events fire in the one COMMIT statement, and the
# function updates the row for the first of them only (a setting local to the transaction
# remembers the statement). Where the triggers are set IMMEDIATE (the test suite, whose
# transactions never commit), they fire at the end of each statement, which then bumps once.
# Until its commit, a transaction that changed content still reads the old version: it must not
# fill the cache (cached()) from its own uncommitted rows. Nothing does: views only read.
POSTGRESQL_FUNCTION_BODY = f"""
BEGIN
    IF current_setting('core.content_changed_at', true) IS DISTINCT FROM statement_timestamp()::text THEN
        UPDATE "{VERSION_TABLE}" SET version = replace(gen_random_uuid()::text, '-', '') WHERE id = {ContentVersion.ONE};
        PERFORM set_config('core.content_changed_at', statement_timestamp()::text, true);
    END IF;
    RETURN NULL;
END
"""
POSTGRESQL_FUNCTION = (
    f"CREATE OR REPLACE FUNCTION core_content_changed() RETURNS trigger LANGUAGE plpgsql AS $${POSTGRESQL_FUNCTION_BODY}$$"
)
POSTGRESQL_CHANGED = (
    'CREATE CONSTRAINT TRIGGER "{name}" AFTER INSERT OR UPDATE OR DELETE ON "{table}" '
    "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION core_content_changed()"
)
# Truncating (flush, restore) fires no row trigger, and a constraint trigger cannot watch it. It takes
# the table's exclusive lock anyway, so updating the row at once makes no one wait any longer.
POSTGRESQL_TRUNCATED = (
    'CREATE TRIGGER "{name}" AFTER TRUNCATE ON "{table}" FOR EACH STATEMENT EXECUTE FUNCTION core_content_changed()'
)


def new_value():
    return secrets.token_hex(16)


def current(using=DEFAULT_DB_ALIAS):
    """The version now: read at every call, since a version remembered by the process would go stale.

    In plain SQL: building the query with the ORM takes as long as serving the rest of a cached page.
    """
    with connections[using].cursor() as cursor:
        cursor.execute(f'SELECT version FROM "{VERSION_TABLE}" WHERE id = {ContentVersion.ONE}')
        row = cursor.fetchone()
    if row is None:
        # After a flush the row is gone; any new value will do, since none is ever used twice.
        versions = ContentVersion.objects.using(using)
        return versions.get_or_create(pk=ContentVersion.ONE, defaults={"version": new_value()})[0].version
    return row[0]


def bump(using=DEFAULT_DB_ALIAS):
    """Start a new version now: the triggers do it for every change of the content, this for what they cannot see (a deploy)."""
    ContentVersion.objects.using(using).update_or_create(pk=ContentVersion.ONE, defaults={"version": new_value()})


def watch(*models):
    """Start a new version whenever a row of one of ``models`` changes (apps call this in ready()).

    Only recorded here: ``install_triggers()`` puts the triggers on the tables after ``migrate``.
    """
    for model in models:
        if model not in watched:
            watched.append(model)


def deferred_trigger(table):
    """The name of the PostgreSQL trigger that fires at commit on a change of ``table``."""
    return f"core_content_changed_{table}"


def triggers(vendor, table):
    """The name and SQL of each trigger that starts a new version on a change of ``table``."""
    if vendor == "sqlite":
        names = {event: f"core_content_{event.lower()}_{table}" for event in ("INSERT", "UPDATE", "DELETE")}
        return [(name, SQLITE_TRIGGER.format(name=name, event=event, table=table)) for event, name in names.items()]
    truncated = f"core_content_truncated_{table}"
    return [(deferred_trigger(table), POSTGRESQL_CHANGED.format(name=deferred_trigger(table), table=table)),
            (truncated, POSTGRESQL_TRUNCATED.format(name=truncated, table=table))]


def install_triggers(using=DEFAULT_DB_ALIAS):
    """Put the triggers on every watched table there is; return whether the version's table is there.

    Idempotent, and cheap when nothing is missing: it reads the catalogue and writes only what differs.
    """
    connection = connections[using]
    if connection.vendor not in ("sqlite", "postgresql"):
        raise NotSupportedError(f"The content version has triggers for SQLite and PostgreSQL, not {connection.vendor}.")
    with connection.cursor() as cursor:
        tables = set(connection.introspection.table_names(cursor))
        if VERSION_TABLE not in tables:  # core's migrations were taken back
            return False
        watched_tables = sorted({model._meta.db_table for model in watched} & tables)
        if connection.vendor == "sqlite":
            # SQLite keeps each trigger's SQL as written: one is made again when it differs, as after a
            # table was renamed. A table a migration rebuilt has lost its triggers and gets them back.
            cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
            installed = dict(cursor.fetchall())
            for table in watched_tables:
                for name, sql in triggers("sqlite", table):
                    if installed.get(name) != sql:
                        cursor.execute(f'DROP TRIGGER IF EXISTS "{name}"')
                        cursor.execute(sql)
        else:
            # The function, where the logic is, is replaced when its text differs. A trigger already on its
            # table is left alone: dropping it would take the table's exclusive lock at every migrate,
            # waiting for a running import while holding every reader of the table behind it.
            cursor.execute("SELECT prosrc FROM pg_proc WHERE proname = 'core_content_changed' AND pg_function_is_visible(oid)")
            if cursor.fetchall() != [(POSTGRESQL_FUNCTION_BODY,)]:
                cursor.execute(POSTGRESQL_FUNCTION)
            cursor.execute("SELECT c.relname, t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                           "WHERE NOT t.tgisinternal AND pg_table_is_visible(c.oid)")
            installed = set(cursor.fetchall())
            for table in watched_tables:
                for name, sql in triggers("postgresql", table):
                    if (table, name) not in installed:
                        cursor.execute(sql)
    return True


def after_migrate(sender, using=DEFAULT_DB_ALIAS, **kwargs):
    """After ``migrate`` or ``flush`` (post_migrate): the triggers on the watched tables, and a new version.

    New tables need their triggers, and on SQLite a table a migration rebuilt has lost them. A deploy
    runs migrate: with a new version, pages rendered by the code before it are not served after it.
    """
    if install_triggers(using):
        bump(using)


def key(name, parts):
    """The cache key of ``parts`` under ``name``, for the current content version and language."""
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    return f"{name}:{current()}:{get_language()}:{digest}"


def cached(name, parts, compute):
    """``compute()``, cached for the current content version and language under ``name`` and ``parts``."""
    cache_key = key(name, parts)
    value = cache.get(cache_key)
    if value is None:
        value = compute()
        cache.set(cache_key, value, TIMEOUT)
    return value
