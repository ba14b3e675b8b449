"""
The quote search vector takes in the original words too.

They may be in any language, so they are indexed with the 'simple'
configuration: each word as written, lower-cased, neither stemmed nor
folded. An Arabic word of the original is then found by the word itself,
which is what the English configuration makes of a query in a script it
does not stem.
"""

from django.db import migrations

SEARCH_UPDATE = r"""
CREATE OR REPLACE FUNCTION quotes_quote_search_update() RETURNS trigger
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
        {original}
        || setweight(to_tsvector('cep_english',
            cep_fold(concat_ws(' ', NEW.context, NEW.role))), 'C')
        || setweight(to_tsvector('cep_english', cep_fold(NEW.source_title)), 'D');
    RETURN NEW;
END
$$;

DROP TRIGGER quotes_quote_search ON quotes_quote;
CREATE TRIGGER quotes_quote_search
    BEFORE INSERT OR UPDATE OF text, {columns}context, role, source_title,
        person_id, organization_id, search_vector
    ON quotes_quote
    FOR EACH ROW EXECUTE FUNCTION quotes_quote_search_update();
"""

WITH_ORIGINAL = (
    SEARCH_UPDATE.format(
        original="|| setweight(to_tsvector('simple', coalesce(NEW.original_text, '')),"
        " 'B')",
        columns="original_text, ",
    )
    + "UPDATE quotes_quote SET search_vector = NULL WHERE original_text <> '';"
)

WITHOUT_ORIGINAL = SEARCH_UPDATE.format(original="", columns="") + (
    "UPDATE quotes_quote SET search_vector = NULL WHERE original_text <> '';"
)


def add_original(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(WITH_ORIGINAL, params=None)


def remove_original(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(WITHOUT_ORIGINAL, params=None)


class Migration(migrations.Migration):
    dependencies = [("quotes", "0008_source_offline_since")]

    operations = [migrations.RunPython(add_original, remove_original)]
