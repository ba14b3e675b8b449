"""
The archive counted ahead (see quotes/tallies.py): on PostgreSQL, triggers
on quotes and their categories keep the tallies, filled here from the items
already written, and a partial covering index finds the scheduled items
they count but readers cannot see yet. On any other database only the
(unused) tables are added.
"""

from django.db import migrations, models

TRIGGERS = r"""
CREATE FUNCTION quotes_tally_step(item quotes_quote, step integer)
    RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    item_organization integer := COALESCE(item.organization_id, 0);
    item_year integer := COALESCE(date_part('year', item.said_on)::integer, 0);
BEGIN
    IF item.status <> 'published' OR item.withdrawn_at IS NOT NULL THEN
        RETURN;
    END IF;
    INSERT INTO quotes_quotetally AS tally (organization_key, year, kind, number)
    VALUES (item_organization, item_year, item.kind, step)
    ON CONFLICT (organization_key, year, kind)
    DO UPDATE SET number = tally.number + EXCLUDED.number;
    INSERT INTO quotes_organizationtally AS tally (organization_key, kind, number)
    VALUES (item_organization, item.kind, step)
    ON CONFLICT (organization_key, kind)
    DO UPDATE SET number = tally.number + EXCLUDED.number;
    INSERT INTO quotes_yeartally AS tally (year, kind, number)
    VALUES (item_year, item.kind, step)
    ON CONFLICT (year, kind)
    DO UPDATE SET number = tally.number + EXCLUDED.number;
    INSERT INTO quotes_categorytally AS tally (category_key, kind, number)
    SELECT link.category_id, item.kind, step
      FROM quotes_quote_categories link WHERE link.quote_id = item.id
    ON CONFLICT (category_key, kind)
    DO UPDATE SET number = tally.number + EXCLUDED.number;
END
$$;

CREATE FUNCTION quotes_tally_item() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM quotes_tally_step(OLD, -1);
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
        PERFORM quotes_tally_step(NEW, 1);
    END IF;
    RETURN NULL;
END
$$;

CREATE FUNCTION quotes_tally_link_step(link_quote bigint, link_category bigint,
                                       step integer)
    RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO quotes_categorytally AS tally (category_key, kind, number)
    SELECT link_category, item.kind, step FROM quotes_quote item
     WHERE item.id = link_quote AND item.status = 'published'
       AND item.withdrawn_at IS NULL
    ON CONFLICT (category_key, kind)
    DO UPDATE SET number = tally.number + EXCLUDED.number;
END
$$;

CREATE FUNCTION quotes_tally_link() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM quotes_tally_link_step(OLD.quote_id, OLD.category_id, -1);
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
        PERFORM quotes_tally_link_step(NEW.quote_id, NEW.category_id, 1);
    END IF;
    RETURN NULL;
END
$$;

CREATE FUNCTION quotes_tally_emptied() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_TABLE_NAME = 'quotes_quote' THEN
        DELETE FROM quotes_quotetally;
        DELETE FROM quotes_organizationtally;
        DELETE FROM quotes_yeartally;
    END IF;
    DELETE FROM quotes_categorytally;
    RETURN NULL;
END
$$;

CREATE TRIGGER quotes_tally_written
    AFTER INSERT OR DELETE ON quotes_quote
    FOR EACH ROW EXECUTE FUNCTION quotes_tally_item();
-- save() writes every column: only a change of what is counted moves a row.
CREATE TRIGGER quotes_tally_changed
    AFTER UPDATE OF status, withdrawn_at, organization_id, said_on, kind
    ON quotes_quote
    FOR EACH ROW
    WHEN (OLD.status IS DISTINCT FROM NEW.status
          OR (OLD.withdrawn_at IS NULL) <> (NEW.withdrawn_at IS NULL)
          OR OLD.organization_id IS DISTINCT FROM NEW.organization_id
          OR OLD.said_on IS DISTINCT FROM NEW.said_on
          OR OLD.kind IS DISTINCT FROM NEW.kind)
    EXECUTE FUNCTION quotes_tally_item();
CREATE TRIGGER quotes_tally_truncated
    AFTER TRUNCATE ON quotes_quote
    FOR EACH STATEMENT EXECUTE FUNCTION quotes_tally_emptied();
CREATE TRIGGER quotes_tally_linked
    AFTER INSERT OR UPDATE OR DELETE ON quotes_quote_categories
    FOR EACH ROW EXECUTE FUNCTION quotes_tally_link();
CREATE TRIGGER quotes_tally_unlinked_all
    AFTER TRUNCATE ON quotes_quote_categories
    FOR EACH STATEMENT EXECUTE FUNCTION quotes_tally_emptied();
"""

DROP_TRIGGERS = r"""
DROP TRIGGER quotes_tally_written ON quotes_quote;
DROP TRIGGER quotes_tally_changed ON quotes_quote;
DROP TRIGGER quotes_tally_truncated ON quotes_quote;
DROP TRIGGER quotes_tally_linked ON quotes_quote_categories;
DROP TRIGGER quotes_tally_unlinked_all ON quotes_quote_categories;
DROP FUNCTION quotes_tally_emptied();
DROP FUNCTION quotes_tally_link();
DROP FUNCTION quotes_tally_link_step(bigint, bigint, integer);
DROP FUNCTION quotes_tally_item();
DROP FUNCTION quotes_tally_step(quotes_quote, integer);
"""

# The items already written, counted as the triggers would have.
FILL = r"""
INSERT INTO quotes_quotetally (organization_key, year, kind, number)
SELECT COALESCE(organization_id, 0),
       COALESCE(date_part('year', said_on)::integer, 0), kind, COUNT(*)
  FROM quotes_quote
 WHERE status = 'published' AND withdrawn_at IS NULL
 GROUP BY 1, 2, 3;
INSERT INTO quotes_organizationtally (organization_key, kind, number)
SELECT organization_key, kind, SUM(number) FROM quotes_quotetally GROUP BY 1, 2;
INSERT INTO quotes_yeartally (year, kind, number)
SELECT year, kind, SUM(number) FROM quotes_quotetally GROUP BY 1, 2;
INSERT INTO quotes_categorytally (category_key, kind, number)
SELECT link.category_id, item.kind, COUNT(*)
  FROM quotes_quote_categories link
  JOIN quotes_quote item ON item.id = link.quote_id
 WHERE item.status = 'published' AND item.withdrawn_at IS NULL
 GROUP BY 1, 2;
"""


# What the tallies count but readers cannot see yet, the scheduled items,
# read from the index alone; INCLUDE is PostgreSQL's, like the tallies.
DUE_INDEX = r"""
CREATE INDEX quote_counted_by_due ON quotes_quote (publish_at)
    INCLUDE (organization_id, said_on, kind)
    WHERE status = 'published' AND withdrawn_at IS NULL;
"""


def create_tallies(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(TRIGGERS, params=None)
        schema_editor.execute(FILL, params=None)
        schema_editor.execute(DUE_INDEX, params=None)


def drop_tallies(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX quote_counted_by_due", params=None)
        schema_editor.execute(DROP_TRIGGERS, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("quotes", "0009_search_original_words"),
    ]

    operations = [
        migrations.CreateModel(
            name="CategoryTally",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True,
                        primary_key=True,
                        serialize=False,
                        verbose_name="ID",
                    ),
                ),
                ("category_key", models.IntegerField()),
                ("kind", models.CharField(max_length=10)),
                ("number", models.IntegerField()),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("category_key", "kind"),
                        name="quotes_categorytally_unique",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="OrganizationTally",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True,
                        primary_key=True,
                        serialize=False,
                        verbose_name="ID",
                    ),
                ),
                (
                    "organization_key",
                    models.IntegerField(help_text="0: no organisation."),
                ),
                ("kind", models.CharField(max_length=10)),
                ("number", models.IntegerField()),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("organization_key", "kind"),
                        name="quotes_organizationtally_unique",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="QuoteTally",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True,
                        primary_key=True,
                        serialize=False,
                        verbose_name="ID",
                    ),
                ),
                (
                    "organization_key",
                    models.IntegerField(help_text="0: no organisation."),
                ),
                ("year", models.IntegerField(help_text="0: undated.")),
                ("kind", models.CharField(max_length=10)),
                ("number", models.IntegerField()),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("organization_key", "year", "kind"),
                        name="quotes_quotetally_unique",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="YearTally",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True,
                        primary_key=True,
                        serialize=False,
                        verbose_name="ID",
                    ),
                ),
                ("year", models.IntegerField(help_text="0: undated.")),
                ("kind", models.CharField(max_length=10)),
                ("number", models.IntegerField()),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("year", "kind"), name="quotes_yeartally_unique"
                    )
                ],
            },
        ),
        migrations.RunPython(create_tallies, drop_tallies),
    ]
