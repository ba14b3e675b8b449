"""
The press release search vector on PostgreSQL, kept fresh by a trigger.
On any other database only the (unused) column is added.
"""

import django.contrib.postgres.search
from django.db import migrations

FUNCTIONS = r"""
CREATE FUNCTION press_pressrelease_search_update() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    NEW.search_vector :=
        setweight(to_tsvector('cep_english', cep_fold(NEW.title)), 'A')
        || setweight(to_tsvector('cep_english', cep_fold(NEW.summary)), 'B')
        || setweight(to_tsvector('cep_english', cep_fold(NEW.body)), 'C')
        || setweight(to_tsvector('cep_english', cep_fold(NEW.dateline)), 'D');
    RETURN NEW;
END
$$;

CREATE TRIGGER press_pressrelease_search
    BEFORE INSERT OR UPDATE OF title, summary, body, dateline, search_vector
    ON press_pressrelease
    FOR EACH ROW EXECUTE FUNCTION press_pressrelease_search_update();

UPDATE press_pressrelease SET search_vector = NULL;

CREATE INDEX press_pressrelease_search ON press_pressrelease
    USING gin (search_vector);
"""

DROP_FUNCTIONS = """
DROP TRIGGER press_pressrelease_search ON press_pressrelease;
DROP FUNCTION press_pressrelease_search_update();
DROP INDEX press_pressrelease_search;
"""


def create_search(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FUNCTIONS, params=None)


def drop_search(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_FUNCTIONS, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("press", "0002_initial"),
        ("resources", "0002_search"),
    ]

    operations = [
        migrations.AddField(
            model_name="pressrelease",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(
                editable=False, null=True
            ),
        ),
        migrations.RunPython(create_search, drop_search),
    ]
