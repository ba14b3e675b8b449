"""
The quote search vector on PostgreSQL, kept fresh by triggers.

The names and aliases of a quote's person and organisation are copied into
its vector (weight A) so that "Daesh oil" finds ISIS quotes about oil with
one index scan; they change rarely, and a trigger on each of those tables
recomputes the quotes concerned when they do. On any other database only the
(unused) column is added.
"""

import django.contrib.postgres.search
from django.db import migrations

FUNCTIONS = r"""
CREATE FUNCTION quotes_quote_search_update() RETURNS trigger
    LANGUAGE plpgsql AS $$
DECLARE
    person_names text;
    organization_names text;
BEGIN
    IF NEW.person_id IS NOT NULL THEN
        SELECT concat_ws(' ', name, aliases) INTO person_names
          FROM resources_person WHERE id = NEW.person_id;
    END IF;
    IF NEW.organization_id IS NOT NULL THEN
        SELECT concat_ws(' ', name, short_name, aliases) INTO organization_names
          FROM resources_organization WHERE id = NEW.organization_id;
    END IF;
    NEW.search_vector :=
        setweight(to_tsvector('cep_english',
            cep_fold(concat_ws(' ', person_names, organization_names))), 'A')
        || setweight(to_tsvector('cep_english', cep_fold(NEW.text)), 'B')
        || setweight(to_tsvector('cep_english',
            cep_fold(concat_ws(' ', NEW.context, NEW.role))), 'C')
        || setweight(to_tsvector('cep_english', cep_fold(NEW.source_title)), 'D');
    RETURN NEW;
END
$$;

-- Publishing and scheduling do not touch the vector (visibility is filtered
-- at query time), so only the columns it is made of are listed; setting
-- search_vector to NULL asks for a recomputation.
CREATE TRIGGER quotes_quote_search
    BEFORE INSERT OR UPDATE OF text, context, role, source_title, person_id,
        organization_id, search_vector
    ON quotes_quote
    FOR EACH ROW EXECUTE FUNCTION quotes_quote_search_update();

CREATE FUNCTION quotes_speaker_names_changed() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    IF TG_TABLE_NAME = 'resources_person' THEN
        UPDATE quotes_quote SET search_vector = NULL WHERE person_id = NEW.id;
    ELSE
        UPDATE quotes_quote SET search_vector = NULL WHERE organization_id = NEW.id;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER quotes_person_names
    AFTER UPDATE OF name, aliases ON resources_person
    FOR EACH ROW
    WHEN (OLD.name IS DISTINCT FROM NEW.name
          OR OLD.aliases IS DISTINCT FROM NEW.aliases)
    EXECUTE FUNCTION quotes_speaker_names_changed();
CREATE TRIGGER quotes_organization_names
    AFTER UPDATE OF name, short_name, aliases ON resources_organization
    FOR EACH ROW
    WHEN (OLD.name IS DISTINCT FROM NEW.name
          OR OLD.short_name IS DISTINCT FROM NEW.short_name
          OR OLD.aliases IS DISTINCT FROM NEW.aliases)
    EXECUTE FUNCTION quotes_speaker_names_changed();

UPDATE quotes_quote SET search_vector = NULL;

CREATE INDEX quotes_quote_search ON quotes_quote USING gin (search_vector);
"""

DROP_FUNCTIONS = """
DROP TRIGGER quotes_organization_names ON resources_organization;
DROP TRIGGER quotes_person_names ON resources_person;
DROP FUNCTION quotes_speaker_names_changed();
DROP TRIGGER quotes_quote_search ON quotes_quote;
DROP FUNCTION quotes_quote_search_update();
DROP INDEX quotes_quote_search;
"""


def create_search(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FUNCTIONS, params=None)


def drop_search(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_FUNCTIONS, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("quotes", "0002_initial"),
        ("resources", "0002_search"),
    ]

    operations = [
        migrations.AddField(
            model_name="quote",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(
                editable=False, null=True
            ),
        ),
        migrations.RunPython(create_search, drop_search),
    ]
