"""
The press app's write paths with rules: the month tallies, recounted from
the releases (the triggers of migration 0008 keep them between recounts).
"""

from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count
from django.db.models.functions import ExtractMonth, ExtractYear

from cepsite.pagecache import content_changed
from cepsite.publishing import Status

from .models import MonthTally, PressRelease

# The zone the triggers count in; IMMUTABLE, so each trigger reads it as a
# constant. RETURN rather than a quoted body: the zone is one plain literal.
ZONE_FUNCTION = (
    "CREATE OR REPLACE FUNCTION press_tally_zone() RETURNS text"
    " LANGUAGE sql IMMUTABLE PARALLEL SAFE RETURN %s"
)


@transaction.atomic
def month_tallies_rebuild() -> int:
    """
    Recount the month tallies from every release in ``settings.TIME_ZONE``,
    which the triggers count in from then on; return the months counted.
    Nothing to do (0) on databases other than PostgreSQL.
    """
    if connection.vendor != "postgresql":
        return 0
    zone = settings.TIME_ZONE
    tzinfo = ZoneInfo(zone)  # a name that is no time zone stops here
    table = connection.ops.quote_name(PressRelease._meta.db_table)
    with connection.cursor() as cursor:
        # Writers wait for the recount to commit, so that none of their
        # changes is counted twice or missed.
        cursor.execute(f"LOCK TABLE {table} IN SHARE MODE")
        cursor.execute(connection.ops.compose_sql(ZONE_FUNCTION, [zone]))
    MonthTally.objects.all().delete()
    months = (
        PressRelease.objects.filter(status=Status.PUBLISHED, withdrawn_at__isnull=True)
        .annotate(
            year=ExtractYear("publish_at", tzinfo=tzinfo),
            month=ExtractMonth("publish_at", tzinfo=tzinfo),
        )
        .values("year", "month")
        .annotate(number=Count("*"))
        .order_by()
    )
    tallies = MonthTally.objects.bulk_create(
        MonthTally(zone=zone, **month) for month in months
    )
    content_changed()
    return len(tallies)
