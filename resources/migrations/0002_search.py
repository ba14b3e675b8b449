"""
Full-text and name search on PostgreSQL.

Creates the ``cep_english`` text search configuration (English stemming with
accents folded), the folding functions the document and query sides share,
trigram indexes on organisation and person names, and the resource search
vector kept fresh by triggers. On any other database only the (unused)
column is added, so ``migrate`` works everywhere.
"""

import django.contrib.postgres.search
from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations

# Apostrophes and the characters typed for them: "Kata'ib", "Kata’ib" and
# "Kataib" must be one word on both the document and the query side.
APOSTROPHES = "'\u2019\u2018\u02bc\u0060\u00b4"

FUNCTIONS = r"""
CREATE TEXT SEARCH CONFIGURATION cep_english (COPY = pg_catalog.english);
ALTER TEXT SEARCH CONFIGURATION cep_english
    ALTER MAPPING FOR hword, hword_part, word WITH {schema}.unaccent, english_stem;

CREATE FUNCTION cep_fold(value text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN translate(coalesce(value, ''), {apostrophes}, '');

CREATE FUNCTION cep_unaccent(value text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    RETURN {schema}.unaccent('{schema}.unaccent'::regdictionary, value);

CREATE FUNCTION cep_name_key(name text, short_name text, aliases text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN lower(cep_unaccent(cep_fold(
        coalesce(name, '') || ' ' || coalesce(short_name, '') || ' '
        || coalesce(aliases, '')
    )));

CREATE FUNCTION cep_name_key(name text, aliases text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN cep_name_key(name, '', aliases);

CREATE INDEX resources_org_name_trgm ON resources_organization
    USING gist (cep_name_key(name, short_name, aliases) gist_trgm_ops);
CREATE INDEX resources_person_name_trgm ON resources_person
    USING gist (cep_name_key(name, aliases) gist_trgm_ops);

-- A resource is found by its title and text, and by the names and aliases of
-- the organisations and people it profiles ("Daesh" finds the ISIS page).
CREATE FUNCTION resources_resource_search_update() RETURNS trigger
    LANGUAGE plpgsql AS $$
DECLARE
    names text;
BEGIN
    SELECT string_agg(described.names, ' ') INTO names FROM (
        SELECT concat_ws(' ', name, short_name, aliases) AS names
          FROM resources_organization WHERE profile_id = NEW.id
        UNION ALL
        SELECT concat_ws(' ', name, aliases)
          FROM resources_person WHERE profile_id = NEW.id
    ) AS described;
    NEW.search_vector :=
        setweight(to_tsvector('cep_english', cep_fold(NEW.title)), 'A')
        || setweight(to_tsvector('cep_english', cep_fold(names)), 'A')
        || setweight(to_tsvector('cep_english', cep_fold(NEW.summary)), 'B')
        || setweight(to_tsvector('cep_english', cep_fold(NEW.body)), 'C');
    RETURN NEW;
END
$$;

-- Listing search_vector lets other triggers ask for a recomputation by
-- setting it to NULL.
CREATE TRIGGER resources_resource_search
    BEFORE INSERT OR UPDATE OF title, summary, body, search_vector
    ON resources_resource
    FOR EACH ROW EXECUTE FUNCTION resources_resource_search_update();

CREATE FUNCTION resources_profile_names_changed() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    UPDATE resources_resource SET search_vector = NULL
     WHERE id IN (OLD.profile_id, NEW.profile_id);
    RETURN NULL;
END
$$;

CREATE TRIGGER resources_organization_profile_names
    AFTER INSERT OR DELETE OR UPDATE OF name, short_name, aliases, profile_id
    ON resources_organization
    FOR EACH ROW EXECUTE FUNCTION resources_profile_names_changed();
CREATE TRIGGER resources_person_profile_names
    AFTER INSERT OR DELETE OR UPDATE OF name, aliases, profile_id
    ON resources_person
    FOR EACH ROW EXECUTE FUNCTION resources_profile_names_changed();

UPDATE resources_resource SET search_vector = NULL;

CREATE INDEX resources_resource_search ON resources_resource
    USING gin (search_vector);
"""

DROP_FUNCTIONS = """
DROP TRIGGER resources_person_profile_names ON resources_person;
DROP TRIGGER resources_organization_profile_names ON resources_organization;
DROP FUNCTION resources_profile_names_changed();
DROP TRIGGER resources_resource_search ON resources_resource;
DROP FUNCTION resources_resource_search_update();
DROP INDEX resources_resource_search;
DROP INDEX resources_person_name_trgm;
DROP INDEX resources_org_name_trgm;
DROP FUNCTION cep_name_key(text, text);
DROP FUNCTION cep_name_key(text, text, text);
DROP FUNCTION cep_unaccent(text);
DROP FUNCTION cep_fold(text);
DROP TEXT SEARCH CONFIGURATION cep_english;
"""


def _quote_literal(value):
    return "'" + value.replace("'", "''") + "'"


def create_search(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        # The wrappers name the extension's schema so that they do not depend
        # on the search_path of whoever runs a query.
        cursor.execute(
            "SELECT extnamespace::regnamespace::text FROM pg_extension"
            " WHERE extname = 'unaccent'"
        )
        (schema,) = cursor.fetchone()
    sql = FUNCTIONS.format(schema=schema, apostrophes=_quote_literal(APOSTROPHES))
    schema_editor.execute(sql, params=None)


def drop_search(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(DROP_FUNCTIONS, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("resources", "0001_initial"),
    ]

    operations = [
        TrigramExtension(),
        UnaccentExtension(),
        migrations.AddField(
            model_name="resource",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(
                editable=False, null=True
            ),
        ),
        migrations.RunPython(create_search, drop_search),
    ]
