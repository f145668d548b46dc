"""
Where the search looks: a full-text index of projects and one of organisations, kept at write time.

Each index is a table with a row per project (or organisation), keyed by its id (``rowid``), holding
its texts reduced as ``projects.search.words`` reduces them, in three parts that weigh differently
in the order by relevance: the names (acronym and title; the organisation's names), the tags (the
keywords and the themes' names; the city), the long texts (summaries and objective).

- **SQLite**: an FTS5 virtual table with those three columns, ranked by ``bm25``.
- **PostgreSQL**: a ``tsvector`` column, the three parts weighted A, B and C, under a GIN index,
  ranked by ``ts_rank``.

The models (``ProjectSearch``, ``OrganisationSearch``) let the ORM join a list to its index: a
list filters with ``search_entry__document__matches=SearchQuery(...)`` and orders by
``Relevance(...)``. Their ``document`` column is the vector on PostgreSQL; on SQLite it is an empty
unindexed column, there only so that the join has a column to name.

Saves (the admin, the shell) update the index through signals (``projects.signals``); the CORDIS
import, which writes in bulk, updates it for what it wrote; ``manage.py rebuild_search`` rebuilds it.
"""

from django.apps import apps
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import FieldDoesNotExist
from django.db import NotSupportedError, connection
from django.db.models import FloatField, Func, Lookup

from projects.search.words import reduced

CHUNK = 2000  # rows read and written at a time
WEIGHTS = (10.0, 4.0, 1.0)  # names, tags, long texts (bm25 on SQLite; A, B, C on PostgreSQL)
PG_WEIGHTS = f"{{0, {WEIGHTS[2] / WEIGHTS[0]}, {WEIGHTS[1] / WEIGHTS[0]}, 1}}"  # D, C, B, A


class SearchDocumentField(SearchVectorField):
    """The indexed document of a row: a ``tsvector`` on PostgreSQL, an FTS5 table's row on SQLite."""


@SearchDocumentField.register_lookup
class Matches(Lookup):
    """``document__matches=SearchQuery(text)``: the rows whose texts hold every word and phrase of the search."""

    lookup_name = "matches"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        raise NotSupportedError("Full-text search needs SQLite or PostgreSQL.")

    def as_sqlite(self, compiler, connection):
        # FTS5 matches against the hidden column named after the table, reached through the join's alias.
        table = compiler.quote_name_unless_alias(self.lhs.alias)
        return f"{table}.{connection.ops.quote_name(self.lhs.target.model._meta.db_table)} MATCH %s", [self.rhs.fts5()]

    def as_postgresql(self, compiler, connection):
        document, params = compiler.compile(self.lhs)
        return f"{document} @@ to_tsquery('simple', %s)", [*params, self.rhs.tsquery()]


class Relevance(Func):
    """How well a row's document matches ``query`` (higher is better), in a query filtered by that match."""

    output_field = FloatField()

    def __init__(self, document, query):
        super().__init__(document)
        self.query = query

    def as_sql(self, compiler, connection, **extra):
        raise NotSupportedError("Full-text search needs SQLite or PostgreSQL.")

    def as_sqlite(self, compiler, connection, **extra):
        column = self.source_expressions[0]
        table = compiler.quote_name_unless_alias(column.alias)
        hidden = connection.ops.quote_name(column.target.model._meta.db_table)
        return f"-bm25({table}.{hidden}, {', '.join(map(str, WEIGHTS))}, 0)", []

    def as_postgresql(self, compiler, connection, **extra):
        document, params = compiler.compile(self.source_expressions[0])
        return f"ts_rank('{PG_WEIGHTS}', {document}, to_tsquery('simple', %s))", [*params, self.query.tsquery()]


class Index:
    """The full-text index of one model: how its rows' texts are gathered, stored and kept up to date."""

    def __init__(self, indexed, table, texts):
        self.indexed = indexed  # the name of the model whose rows are indexed
        self.table = table
        self.texts = texts  # (queryset) -> iterable of (pk, names, tags, long texts)

    # The table, made by the migrations (``create``, ``drop``).

    def create(self, schema_editor):
        """Turn the table the migration made from the model into the database's full-text index."""
        quoted = schema_editor.quote_name(self.table)
        if schema_editor.connection.vendor == "sqlite":
            schema_editor.execute(f"DROP TABLE {quoted}")
            schema_editor.execute(
                f"CREATE VIRTUAL TABLE {quoted} USING fts5(names, tags, texts, document UNINDEXED, "
                "tokenize='unicode61 remove_diacritics 2')"
            )
        elif schema_editor.connection.vendor == "postgresql":
            # Kept in the table's own pages, compressed, rather than moved out of line (TOAST): out of line, the
            # table looks so small that the planner reads all of it rather than the index, and unpacks every
            # document on the way (160 ms against 8 ms through the index, at 35,000 projects).
            schema_editor.execute(f"ALTER TABLE {quoted} ALTER COLUMN document SET STORAGE MAIN")
            schema_editor.execute(
                f"CREATE INDEX {schema_editor.quote_name(self.table + '_document')} ON {quoted} USING gin (document)"
            )

    def drop(self, schema_editor):
        """Undo ``create``: the plain table the model describes, for the migration to remove."""
        if schema_editor.connection.vendor == "sqlite":
            quoted = schema_editor.quote_name(self.table)
            schema_editor.execute(f"DROP TABLE {quoted}")
            schema_editor.execute(f"CREATE TABLE {quoted} (rowid integer NOT NULL PRIMARY KEY, document text NULL)")

    # The rows.

    def update(self, pks=None, registry=apps):
        """Index the rows ``pks`` as they are now (all of them when None); those gone are removed.

        ``registry`` is where the models are found: a migration gives its own, as it was at that point.
        """
        queryset = registry.get_model("projects", self.indexed).objects.order_by("pk")
        if pks is None:
            with connection.cursor() as cursor:
                cursor.execute(f"DELETE FROM {connection.ops.quote_name(self.table)}")
            self.write(queryset)
            return
        pks = sorted(set(pks))
        for start in range(0, len(pks), CHUNK):
            chunk = pks[start:start + CHUNK]
            self.remove(chunk)
            self.write(queryset.filter(pk__in=chunk))

    def remove(self, pks):
        if not pks:
            return
        table = connection.ops.quote_name(self.table)
        with connection.cursor() as cursor:
            for start in range(0, len(pks), CHUNK):
                chunk = list(pks[start:start + CHUNK])
                cursor.execute(f"DELETE FROM {table} WHERE rowid IN ({', '.join(['%s'] * len(chunk))})", chunk)

    def write(self, queryset):
        table = connection.ops.quote_name(self.table)
        if connection.vendor == "postgresql":
            # A batch in one statement: one INSERT a row took PostgreSQL three times as long.
            sql = (f"INSERT INTO {table} (rowid, document) SELECT rowid, setweight(to_tsvector('simple', names), 'A') "
                   "|| setweight(to_tsvector('simple', tags), 'B') || setweight(to_tsvector('simple', texts), 'C') "
                   "FROM unnest(%s::integer[], %s::text[], %s::text[], %s::text[]) AS row (rowid, names, tags, texts)")

            def insert(cursor, batch):
                cursor.execute(sql, [list(column) for column in zip(*batch, strict=True)])
        else:
            sql = f"INSERT INTO {table} (rowid, names, tags, texts) VALUES (%s, %s, %s, %s)"

            def insert(cursor, batch):
                cursor.executemany(sql, batch)
        batch = []
        with connection.cursor() as cursor:
            for pk, *parts in self.texts(queryset):
                batch.append((pk, *(reduced(" ".join(filter(None, part))) for part in parts)))
                if len(batch) == CHUNK:
                    insert(cursor, batch)
                    batch = []
            if batch:
                insert(cursor, batch)


def project_texts(queryset):
    themes, results = {}, {}
    through = queryset.model.themes.through.objects.filter(project__in=queryset.values("pk"))
    for project_id, name_it, name_en in through.values_list("project_id", "theme__name_it", "theme__name_en"):
        themes.setdefault(project_id, []).extend((name_it, name_en))
    # The titles of its published results, the office's and CORDIS's: with the long texts.
    for relation, titles in (("results", ("title_it", "title_en")), ("cordis_results", ("title",))):
        try:
            model = queryset.model._meta.get_field(relation).related_model
        except FieldDoesNotExist:  # the models as an earlier migration has them
            continue
        rows = model.objects.filter(project__in=queryset.values("pk"), is_published=True)
        for project_id, *names in rows.values_list("project_id", *titles):
            results.setdefault(project_id, []).extend(names)
    rows = queryset.values_list("pk", "acronym", "title", "keywords", "summary_it", "summary_en", "objective")
    for pk, acronym, title, keywords, summary_it, summary_en, objective in rows.iterator(chunk_size=CHUNK):
        yield (pk, (acronym, title), (keywords, *themes.get(pk, ())),
               (summary_it, summary_en, objective, *results.get(pk, ())))


def organisation_texts(queryset):
    """An organisation is found by its name and its city in either language."""
    fields = {field.name for field in queryset.model._meta.get_fields()}
    # The models as an earlier migration has them had one name and one city.
    names, cities = (
        [f"{name}_{language}" for language in ("it", "en") if f"{name}_{language}" in fields] or [name]
        for name in ("name", "city")
    )
    rows = queryset.values_list("pk", "short_name", "legal_name", *names, *cities)
    for pk, short_name, legal_name, *texts in rows.iterator(chunk_size=CHUNK):
        # A name the same in both languages counts once, as it did when there was one.
        yield (pk, (*dict.fromkeys(texts[:len(names)]), short_name, legal_name),
               tuple(dict.fromkeys(texts[len(names):])), ())


PROJECTS = Index("Project", "projects_projectsearch", project_texts)
ORGANISATIONS = Index("Organisation", "projects_organisationsearch", organisation_texts)
