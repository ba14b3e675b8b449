"""
An index for the archive of one kind, newest first, on PostgreSQL.

``?kind=fact`` lists a tenth of the archive in the archive's order
(``QuoteQuerySet.newest_first``); without an index in that order that
begins with the kind, PostgreSQL walks every newer item of the other kinds
to reach a page (docs/decisions/0032-archive-counts-capped.md). Like those
of 0004, it exists on PostgreSQL only, since SQLite cannot declare NULLS
LAST in an index.
"""

from django.db import migrations

INDEX = (
    "CREATE INDEX quote_kind_newest ON quotes_quote"
    " (kind, said_on DESC NULLS LAST, id DESC)"
    " INCLUDE (status, publish_at, withdrawn_at, organization_id)"
)


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(INDEX)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX quote_kind_newest")


class Migration(migrations.Migration):
    dependencies = [
        ("quotes", "0010_tallies"),
    ]

    operations = [
        migrations.RunPython(create_index, drop_index),
    ]
