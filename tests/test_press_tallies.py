"""
The archive of months on the press list reads the month tallies that
PostgreSQL triggers keep, and counts exactly what a live count of the
published releases gives; other databases count it live.
"""

import datetime
import logging
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.db.models import Count
from django.db.models.functions import ExtractMonth, ExtractYear
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cepsite import services as site_services
from cepsite.tagging import Tag
from press.models import MonthTally, PressRelease
from press.services import month_tallies_rebuild
from tests.factories import make_press_release, make_resource

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the month tallies are kept by PostgreSQL triggers",
)

NEW_YORK = ZoneInfo("America/New_York")
LONDON = ZoneInfo("Europe/London")


def at(year, month, day, hour=12, minute=0, tz=NEW_YORK):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=tz)


def live_months():
    """(year, month, count) of the published releases, counted by the test."""
    rows = (
        PressRelease.objects.published()
        .annotate(year=ExtractYear("publish_at"), month=ExtractMonth("publish_at"))
        .values("year", "month")
        .annotate(count=Count("pk"))
        .order_by("-year", "-month")
    )
    return [(row["year"], row["month"], row["count"]) for row in rows]


def tallied_months():
    """The archive's months, asserting they came from the tallies in one query."""
    with CaptureQueriesContext(connection) as queries:
        months = PressRelease.objects.published_months()
    (query,) = queries.captured_queries
    assert "press_monthtally" in query["sql"]
    return months


def tally(year, month, zone="America/New_York"):
    row = MonthTally.objects.filter(zone=zone, year=year, month=month).first()
    return row.number if row else 0


def _spread_releases():
    releases = [
        make_press_release(publish_at=at(2021, 3, 2)),
        make_press_release(publish_at=at(2021, 3, 20)),
        make_press_release(publish_at=at(2021, 12, 1)),
        make_press_release(publish_at=at(2022, 7, 14)),
        make_press_release(publish_at=at(2023, 5, 2)),
    ]
    make_press_release(publish_at=at(2022, 1, 5), status="draft")
    make_press_release(
        publish_at=at(2022, 2, 5), withdrawn_at=at(2022, 3, 1), withdrawal_note="No."
    )
    return releases


def test_published_months_are_the_live_count_newest_first():
    _spread_releases()
    assert (
        PressRelease.objects.published_months()
        == live_months()
        == [
            (2023, 5, 1),
            (2022, 7, 1),
            (2021, 12, 1),
            (2021, 3, 2),
        ]
    )


def test_a_filtered_queryset_counts_its_own_months_live():
    make_press_release(publish_at=at(2021, 3, 2), tags=["isis"])
    make_press_release(publish_at=at(2021, 4, 2))
    tag = Tag.objects.get(slug="isis")
    assert PressRelease.objects.tagged(tag).published_months() == [(2021, 3, 1)]


@pytest.mark.skipif(
    connection.vendor == "postgresql",
    reason="PostgreSQL keeps the tallies; CI's SQLite run covers the live count",
)
def test_other_databases_leave_the_tallies_empty():
    _spread_releases()
    assert month_tallies_rebuild() == 0
    assert not MonthTally.objects.exists()
    assert PressRelease.objects.published_months() == live_months()


@on_postgresql
def test_tallies_count_releases_created_in_several_months():
    _spread_releases()
    assert tallied_months() == live_months()
    assert tally(2021, 3) == 2
    # Drafts and withdrawn releases are not counted.
    assert tally(2022, 1) == tally(2022, 2) == 0


@on_postgresql
def test_unpublishing_a_release_leaves_its_month():
    releases = _spread_releases()
    releases[4].status = "draft"
    releases[4].save()
    assert tallied_months() == live_months()
    assert (2023, 5) not in [(year, month) for year, month, _ in tallied_months()]


@on_postgresql
def test_withdrawing_a_release_takes_it_out_of_its_month():
    releases = _spread_releases()
    site_services.items_withdraw(
        queryset=PressRelease.objects.filter(pk=releases[0].pk), note="Wrong date."
    )
    assert tally(2021, 3) == 1
    assert tallied_months() == live_months()


@on_postgresql
def test_deleting_a_release_takes_it_out_of_its_month():
    releases = _spread_releases()
    releases[1].delete()
    assert tally(2021, 3) == 1
    assert tallied_months() == live_months()


@on_postgresql
def test_moving_a_release_across_a_month_boundary_moves_its_count():
    releases = _spread_releases()
    releases[2].publish_at = at(2022, 1, 1, 0, 5)
    releases[2].save()
    assert (tally(2021, 12), tally(2022, 1)) == (0, 1)
    assert tallied_months() == live_months()


@on_postgresql
def test_a_bulk_update_moves_every_count():
    _spread_releases()
    PressRelease.objects.filter(publish_at__year=2021).update(status="draft")
    assert tallied_months() == live_months() == [(2023, 5, 1), (2022, 7, 1)]
    PressRelease.objects.filter(status="draft").update(status="published")
    assert tallied_months() == live_months()
    assert tally(2022, 1) == 1


def _tally_row_version(year, month):
    """Where the tally's row version lies: an update writes a new one."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT ctid::text FROM press_monthtally WHERE year = %s AND month = %s",
            [year, month],
        )
        return cursor.fetchone()[0]


@on_postgresql
def test_a_save_that_changes_nothing_counted_leaves_the_tallies_untouched():
    release = make_press_release(publish_at=at(2021, 3, 2))
    before = _tally_row_version(2021, 3)
    release.title = "Retitled"
    release.save()
    assert _tally_row_version(2021, 3) == before
    release.publish_at = at(2021, 3, 3)
    release.save()
    assert _tally_row_version(2021, 3) != before
    assert tally(2021, 3) == 1


@on_postgresql
def test_a_scheduled_release_is_counted_once_due_without_a_write():
    now = timezone.now()
    make_press_release(publish_at=now - datetime.timedelta(days=40))
    due = now + datetime.timedelta(days=40)
    make_press_release(publish_at=due)
    local_due = timezone.localtime(due)
    assert tallied_months() == live_months()
    assert (local_due.year, local_due.month) not in [
        (year, month) for year, month, _ in tallied_months()
    ]

    with time_machine.travel(due + datetime.timedelta(minutes=1), tick=False):
        with CaptureQueriesContext(connection) as queries:
            months = tallied_months()
        assert all(
            query["sql"].lstrip("( ").upper().startswith("SELECT")
            for query in queries.captured_queries
        )
        assert (local_due.year, local_due.month, 1) in months
        assert months == live_months()


@on_postgresql
def test_a_release_late_on_a_months_last_day_counts_in_that_month():
    # 23:30 in New York on 31 January is 04:30 on 1 February in UTC.
    make_press_release(publish_at=at(2023, 1, 31, 23, 30))
    assert (tally(2023, 1), tally(2023, 2)) == (1, 0)
    assert tallied_months() == live_months() == [(2023, 1, 1)]


@on_postgresql
def test_truncating_the_releases_empties_the_tallies():
    _spread_releases()
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE press_pressrelease CASCADE")
    assert not MonthTally.objects.exists()
    assert tallied_months() == []


@on_postgresql
def test_tallies_of_another_zone_are_not_read(client, settings, caplog):
    make_press_release(publish_at=at(2023, 1, 31, 23, 30))
    make_press_release(publish_at=at(2023, 1, 15))
    settings.TIME_ZONE = "Europe/London"
    with caplog.at_level(logging.WARNING, logger="press.models"):
        months = PressRelease.objects.published_months()
        response = client.get("/press/?year=2023&month=2")
    # In London the first one was published on 1 February.
    assert months == live_months() == [(2023, 2, 1), (2023, 1, 1)]
    assert response.status_code == 200
    assert response.context["paginator"].count == 1
    assert "month_tallies_rebuild" in caplog.text
    assert "America/New_York" in caplog.text


@on_postgresql
def test_a_rebuild_makes_the_tallies_count_in_the_new_zone(settings, caplog):
    make_press_release(publish_at=at(2023, 1, 31, 23, 30))
    make_press_release(publish_at=at(2023, 1, 15))
    settings.TIME_ZONE = "Europe/London"
    assert month_tallies_rebuild() == 2
    assert set(MonthTally.objects.values_list("zone", flat=True)) == {"Europe/London"}
    # The triggers count in the new zone too: 1 March, 00:30 in London.
    make_press_release(publish_at=at(2023, 3, 1, 0, 30, tz=LONDON))
    with caplog.at_level(logging.WARNING, logger="press.models"):
        months = tallied_months()
    assert months == live_months() == [(2023, 3, 1), (2023, 2, 1), (2023, 1, 1)]
    assert tally(2023, 3, zone="Europe/London") == 1
    assert caplog.text == ""


@on_postgresql
def test_a_rebuild_recounts_tallies_that_went_wrong():
    _spread_releases()
    MonthTally.objects.filter(year=2021, month=3).update(number=7)
    MonthTally.objects.filter(year=2023).delete()
    month_tallies_rebuild()
    assert (tally(2021, 3), tally(2023, 5)) == (2, 1)
    assert tallied_months() == live_months()


@on_postgresql
def test_tallies_short_of_the_scheduled_releases_are_counted_live(caplog):
    make_press_release(publish_at=timezone.now() + datetime.timedelta(days=3))
    make_press_release(publish_at=at(2021, 3, 2))
    MonthTally.objects.all().delete()
    with caplog.at_level(logging.WARNING, logger="press.models"):
        months = PressRelease.objects.published_months()
    assert months == live_months() == [(2021, 3, 1)]
    assert "month_tallies_rebuild" in caplog.text


@on_postgresql
def test_press_list_reads_its_archive_from_the_tallies(client):
    for n in range(60):
        make_press_release(
            publish_at=at(2019 + n // 12, n % 12 + 1, 10),
            tags=[f"tag-{n % 7}"],
            resources=[make_resource()] if n % 3 == 0 else [],
        )
    make_press_release(publish_at=timezone.now() + datetime.timedelta(days=3))
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/press/")
    assert response.status_code == 200
    assert len(queries) <= 8
    sqls = [query["sql"] for query in queries.captured_queries]
    (archive_sql,) = [sql for sql in sqls if "press_monthtally" in sql]
    # Only the scheduled releases are grouped; the rest come from the tallies.
    assert '"press_pressrelease"."publish_at" > ' in archive_sql
    assert [sql for sql in sqls if "GROUP BY" in sql] == [archive_sql]
    archive = response.context["archive"]
    assert [(row["year"], row["count"]) for row in archive] == [
        (2023, 12),
        (2022, 12),
        (2021, 12),
        (2020, 12),
        (2019, 12),
    ]
    assert response.context["paginator"].count == 60
