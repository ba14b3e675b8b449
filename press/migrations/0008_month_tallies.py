"""
Month tallies of press releases, kept by triggers on PostgreSQL: how many
releases are published and not withdrawn (scheduled ones included) in each
month of the site's calendar, so that the archive of months need not count
every release. On any other database only the (unused) table is created.

The SQL is frozen here as it was first installed; the time zone function is
re-created, and the table recounted, by press.services.month_tallies_rebuild.
"""

from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import migrations, models

# RETURN, not a quoted body, so the zone is one plain literal.
ZONE_FUNCTION = """
CREATE OR REPLACE FUNCTION press_tally_zone() RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN %s;
"""

FUNCTIONS = r"""
CREATE FUNCTION press_monthtally_count() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        DELETE FROM press_monthtally;
        RETURN NULL;
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        IF OLD.status = 'published' AND OLD.withdrawn_at IS NULL THEN
            INSERT INTO press_monthtally (zone, year, month, number)
            VALUES (
                press_tally_zone(),
                date_part('year', OLD.publish_at AT TIME ZONE press_tally_zone())::int,
                date_part('month', OLD.publish_at AT TIME ZONE press_tally_zone())::int,
                -1
            )
            ON CONFLICT (zone, year, month)
                DO UPDATE SET number = press_monthtally.number + EXCLUDED.number;
        END IF;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        IF NEW.status = 'published' AND NEW.withdrawn_at IS NULL THEN
            INSERT INTO press_monthtally (zone, year, month, number)
            VALUES (
                press_tally_zone(),
                date_part('year', NEW.publish_at AT TIME ZONE press_tally_zone())::int,
                date_part('month', NEW.publish_at AT TIME ZONE press_tally_zone())::int,
                1
            )
            ON CONFLICT (zone, year, month)
                DO UPDATE SET number = press_monthtally.number + EXCLUDED.number;
        END IF;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER press_monthtally_insert_delete
    AFTER INSERT OR DELETE ON press_pressrelease
    FOR EACH ROW EXECUTE FUNCTION press_monthtally_count();

-- save() writes every column: only a change to what the tallies read
-- moves them.
CREATE TRIGGER press_monthtally_update
    AFTER UPDATE OF status, withdrawn_at, publish_at ON press_pressrelease
    FOR EACH ROW
    WHEN (
        OLD.status IS DISTINCT FROM NEW.status
        OR OLD.withdrawn_at IS DISTINCT FROM NEW.withdrawn_at
        OR OLD.publish_at IS DISTINCT FROM NEW.publish_at
    )
    EXECUTE FUNCTION press_monthtally_count();

CREATE TRIGGER press_monthtally_truncate
    AFTER TRUNCATE ON press_pressrelease
    FOR EACH STATEMENT EXECUTE FUNCTION press_monthtally_count();

-- The triggers' lock keeps writers out until this commits: no release is
-- missed or counted twice.
INSERT INTO press_monthtally (zone, year, month, number)
SELECT
    press_tally_zone(),
    date_part('year', publish_at AT TIME ZONE press_tally_zone())::int,
    date_part('month', publish_at AT TIME ZONE press_tally_zone())::int,
    count(*)
FROM press_pressrelease
WHERE status = 'published' AND withdrawn_at IS NULL
GROUP BY 2, 3;
"""

DROP_FUNCTIONS = """
DROP TRIGGER press_monthtally_insert_delete ON press_pressrelease;
DROP TRIGGER press_monthtally_update ON press_pressrelease;
DROP TRIGGER press_monthtally_truncate ON press_pressrelease;
DROP FUNCTION press_monthtally_count();
DROP FUNCTION press_tally_zone();
"""


def create_tallies(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        ZoneInfo(settings.TIME_ZONE)  # a name that is no time zone stops here
        schema_editor.execute(ZONE_FUNCTION, params=[settings.TIME_ZONE])
        schema_editor.execute(FUNCTIONS, params=None)


def drop_tallies(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_FUNCTIONS, params=None)


class Migration(migrations.Migration):

    dependencies = [
        ('press', '0007_image_dimensions_and_clean_uploads'),
    ]

    operations = [
        migrations.CreateModel(
            name='MonthTally',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('zone', models.CharField(max_length=64)),
                ('year', models.SmallIntegerField()),
                ('month', models.SmallIntegerField()),
                ('number', models.IntegerField()),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('zone', 'year', 'month'), name='press_monthtally_unique')],
            },
        ),
        migrations.RunPython(create_tallies, drop_tallies),
    ]
