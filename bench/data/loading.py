"""
Loading a generated archive into PostgreSQL with COPY, in place of all the
content there is.

The indexes that no constraint owns are dropped for the load and built once
at the end, as for any bulk load; the search triggers fill the search
vectors as rows arrive. A marker table records what was loaded, so that a
benchmark can tell whether its archive is already there.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.db import connection, transaction

from press.models import PressRelease
from quotes.models import Quote
from resources.models import Resource

from .archive import Archive
from .sizes import SEED

# Bumped whenever the generator changes what it makes, so that a database
# filled by an older generator is filled again.
GENERATOR_VERSION = 2

MARKER_TABLE = "cep_bench_dataset"

# Only a benchmark's own database, or a test database that the test runner
# throws away, may have its content replaced.
DISPOSABLE_PREFIXES = ("cep_bench", "test_")


def loaded_dataset():
    """Return ``(label, generator version)`` of the loaded archive, or ``None``."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s)", [MARKER_TABLE])
        if cursor.fetchone()[0] is None:
            return None
        cursor.execute(f"SELECT size, version FROM {MARKER_TABLE}")
        row = cursor.fetchone()
    return tuple(row) if row else None


def load(sizes, *, label, seed=SEED, progress=print):
    """Replace all content with the archive of ``sizes``, recorded as ``label``."""
    _require_disposable_database()
    archive = Archive(sizes, seed=seed)
    tables = archive.tables(_content_type_ids())
    names = [table.name for table in tables]
    with transaction.atomic(), connection.cursor() as cursor:
        indexes = _empty(cursor, names)
        for table in tables:
            progress(table.description)
            _copy(cursor, table)
        progress(f"indexes ({len(indexes)})")
        _build_indexes(cursor, indexes)
        _reset_sequences(cursor, [table.model for table in tables])
        _mark(cursor, label)
    _analyze(names)
    return archive


def _require_disposable_database():
    name = connection.settings_dict["NAME"]
    if not name.startswith(DISPOSABLE_PREFIXES):
        raise RuntimeError(
            f"Refusing to replace the content of {name!r}: only databases whose "
            f"name starts with {' or '.join(DISPOSABLE_PREFIXES)} are filled."
        )


def _content_type_ids():
    """Return the content type ids that tagged items point at, by kind."""
    types = ContentType.objects.get_for_models(PressRelease, Quote, Resource)
    return {
        "press": types[PressRelease].pk,
        "quote": types[Quote].pk,
        "resource": types[Resource].pk,
    }


def _secondary_indexes(cursor, tables):
    """Return ``(name, definition)`` of the indexes no constraint owns on ``tables``."""
    cursor.execute(
        """
        SELECT i.indexname, i.indexdef
          FROM pg_indexes i
          JOIN pg_class c ON c.relname = i.indexname
         WHERE i.tablename = ANY(%s)
           AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = c.oid)
        """,
        [tables],
    )
    return cursor.fetchall()


def _empty(cursor, tables):
    """Return the secondary indexes dropped from ``tables``, once they are empty."""
    # Foreign keys are checked as each COPY ends rather than at commit: an
    # index cannot be built while checks are still pending.
    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    cursor.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")
    cursor.execute(f"DROP TABLE IF EXISTS {MARKER_TABLE}")
    indexes = _secondary_indexes(cursor, tables)
    for name, _ in indexes:
        cursor.execute(f'DROP INDEX "{name}"')
    return indexes


def _copy(cursor, table):
    # Columns the generator does not know (fields added since) get their
    # fields' defaults, as a save would give them.
    missing = [
        field
        for field in table.model._meta.concrete_fields
        if field.column not in table.columns
        and not field.null
        and not field.has_db_default()
        and not field.primary_key
    ]
    defaults = tuple(
        field.get_db_prep_save(field.get_default(), connection) for field in missing
    )
    columns = (*table.columns, *(field.column for field in missing))
    statement = f"COPY {table.name} ({', '.join(columns)}) FROM STDIN"
    with cursor.copy(statement) as copy:
        for row in table.rows:
            copy.write_row((*row, *defaults))


def _build_indexes(cursor, indexes):
    cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
    for _, definition in indexes:
        cursor.execute(definition)


def _reset_sequences(cursor, models):
    for statement in connection.ops.sequence_reset_sql(no_style(), models):
        cursor.execute(statement)


def _mark(cursor, label):
    cursor.execute(f"CREATE TABLE {MARKER_TABLE} (size text, version integer)")
    cursor.execute(
        f"INSERT INTO {MARKER_TABLE} VALUES (%s, %s)", [label, GENERATOR_VERSION]
    )


def _analyze(tables):
    # As after any bulk load: statistics for the planner and, outside a
    # transaction, the visibility map and hint bits, so that the first
    # queries measured do not pay for them. A test's transaction allows only
    # the statistics.
    command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"{command} {table}")
