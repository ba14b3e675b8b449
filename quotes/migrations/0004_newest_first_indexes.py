"""
Indexes for reading the archive newest first, on PostgreSQL.

The archive lists items by date, newest first and undated ones last
(``QuoteQuerySet.newest_first``), whole or narrowed to an organisation or a
person. The indexes declared on the model are descending, which puts
undated items first, so PostgreSQL could not read that order from them and
sorted every matching row for each page. These indexes are in the archive's
order, and carry the columns that its count and facets read (publication,
date precision, organisation), so those are answered from the index without
visiting the table.

SQLite cannot declare NULLS LAST in an index, so, like the search vectors,
these exist on PostgreSQL only.
"""

from django.db import migrations

INDEXES = {
    "quote_newest": "(said_on DESC NULLS LAST, id DESC)"
    " INCLUDE (status, publish_at, said_on_precision, organization_id)",
    "quote_org_newest": "(organization_id, said_on DESC NULLS LAST, id DESC)"
    " INCLUDE (status, publish_at, said_on_precision)",
    "quote_person_newest": "(person_id, said_on DESC NULLS LAST, id DESC)"
    " INCLUDE (status, publish_at, said_on_precision, organization_id)",
}


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name, definition in INDEXES.items():
            schema_editor.execute(f"CREATE INDEX {name} ON quotes_quote {definition}")


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in INDEXES:
            schema_editor.execute(f"DROP INDEX {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("quotes", "0003_search"),
    ]

    operations = [
        migrations.RunPython(create_indexes, drop_indexes),
    ]
