"""
The archive's counts read from tallies that PostgreSQL triggers keep: they
must say exactly what counting the published items says, after every kind
of write, and let the whole archive be counted without reading its items.
"""

from datetime import date, timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cepsite.publishing import Status
from cepsite.services import (
    items_delete,
    items_publish,
    items_unpublish,
    items_withdraw,
)
from press.models import MonthTally
from quotes.facets import Totals
from quotes.models import Category, Quote
from quotes.services import quote_tallies_rebuild

from .factories import make_organization, make_person, make_press_release, make_quote

pytestmark = pytest.mark.django_db

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the archive's tallies are kept by PostgreSQL triggers",
)


def counted(**narrowed):
    """The totals of the published items, counted one by one."""
    published = Quote.objects.published().filter(**narrowed)
    return Totals.of_counts(published.counts_by_organization_and_year())


def assert_tallies_count_what_is_published(*organizations):
    quotes = Quote.objects
    assert quotes.tallied_totals() == counted()
    for kind in Quote.Kind.values:
        assert quotes.tallied_totals(kind=kind) == counted(kind=kind)
    for organization in organizations:
        by_organization = quotes.tallied_totals(organization=organization)
        assert by_organization == counted(organization=organization)
        for kind in Quote.Kind.values:
            tallied = quotes.tallied_totals(kind=kind, organization=organization)
            assert tallied == counted(kind=kind, organization=organization)
    for kind in [None, *Quote.Kind.values]:
        narrowed = {"kind": kind} if kind else {}
        live = [
            {"slug": c.slug, "name": c.name, "count": c.number}
            for c in Category.objects.filter(
                quotes__in=Quote.objects.published().filter(**narrowed)
            )
            .annotate(number=Count("quotes"))
            .order_by("-number", "name")
        ]
        assert quotes.tallied_category_facets(kind=kind) == live


@pytest.fixture
def archive():
    """Items of two organisations and none, three kinds, dated and undated."""
    isis, kh = make_organization(name="ISIS"), make_organization(name="KH")
    speaker = make_person(name="Abu Ali al-Askari", organization=kh)
    pro, anti = (
        Category.objects.create(name="Pro-violence", slug="pro-violence"),
        Category.objects.create(name="Anti-Israel", slug="anti-israel"),
    )
    for n in range(12):
        kind = [Quote.Kind.QUOTE, Quote.Kind.TWEET, Quote.Kind.FACT, Quote.Kind.QUOTE]
        quote = make_quote(
            organization=[isis, kh, None][n % 3],
            person=speaker if n % 4 == 1 else None,
            kind=kind[n % 4],
            said_on=None if n == 5 else date(2015 + n % 4, 1 + n % 12, 1),
        )
        quote.categories.add(*[pro, anti][: n % 3])
    return isis, kh, pro, anti


@postgresql_only
def test_tallies_count_the_items_already_written_and_each_new_one(archive):
    isis, kh, pro, _ = archive
    assert_tallies_count_what_is_published(isis, kh)
    quote = make_quote(organization=isis, said_on=date(1999, 5, 1))
    quote.categories.add(pro)
    assert_tallies_count_what_is_published(isis, kh)
    assert Quote.objects.tallied_totals(organization=isis).by_year[1999] == 1


@postgresql_only
def test_tallies_follow_edits_of_what_is_counted(archive):
    isis, kh, pro, anti = archive
    quote = Quote.objects.filter(organization=isis).first()
    quote.organization = kh
    quote.said_on = date(2001, 2, 1)
    quote.kind = Quote.Kind.TWEET
    quote.save()
    assert_tallies_count_what_is_published(isis, kh)
    quote.text = "Only the words change."
    quote.save()
    assert_tallies_count_what_is_published(isis, kh)
    quote.categories.set([anti])
    assert_tallies_count_what_is_published(isis, kh)
    quote.categories.clear()
    assert_tallies_count_what_is_published(isis, kh)
    Category.objects.filter(pk=pro.pk).delete()
    assert_tallies_count_what_is_published(isis, kh)


@postgresql_only
def test_tallies_follow_publishing_withdrawing_and_deleting_in_bulk(archive):
    isis, kh, _, _ = archive
    items_unpublish(queryset=Quote.objects.filter(organization=isis))
    assert_tallies_count_what_is_published(isis, kh)
    items_publish(queryset=Quote.objects.filter(organization=isis))
    assert_tallies_count_what_is_published(isis, kh)
    items_withdraw(queryset=Quote.objects.filter(kind=Quote.Kind.FACT), note="Wrong")
    assert_tallies_count_what_is_published(isis, kh)
    items_delete(queryset=Quote.objects.filter(organization=kh))
    assert_tallies_count_what_is_published(isis, kh)
    Quote.objects.filter(organization=isis).update(status=Status.DRAFT)
    assert_tallies_count_what_is_published(isis, kh)


@postgresql_only
def test_a_scheduled_item_is_counted_once_it_is_due_with_no_write(archive):
    isis, kh, pro, _ = archive
    due = timezone.now() + timedelta(days=2)
    quote = make_quote(organization=isis, said_on=date(1990, 1, 1), publish_at=due)
    quote.categories.add(pro)
    assert 1990 not in Quote.objects.tallied_totals().by_year
    assert_tallies_count_what_is_published(isis, kh)
    with time_machine.travel(due + timedelta(minutes=1)):
        assert Quote.objects.tallied_totals().by_year[1990] == 1
        assert_tallies_count_what_is_published(isis, kh)


@postgresql_only
def test_emptying_the_table_empties_the_tallies(archive):
    with connection.cursor() as cursor:
        # The foreign keys' checks, deferred to the end of the test's
        # transaction, would forbid emptying the table before.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("TRUNCATE quotes_quote CASCADE")
    assert Quote.objects.tallied_totals() == Totals({}, {})
    assert Quote.objects.tallied_category_facets() == []


@postgresql_only
def test_rebuilding_the_tallies_recounts_them(archive):
    isis, kh, _, _ = archive
    make_quote(organization=isis, publish_at=timezone.now() + timedelta(days=1))
    with connection.cursor() as cursor:
        cursor.execute("UPDATE quotes_yeartally SET number = number + 7")
        cursor.execute("DELETE FROM quotes_organizationtally")
        cursor.execute("DELETE FROM quotes_categorytally")
    # Tallies that lost rows still give a page, wrong but never an error.
    assert Quote.objects.tallied_totals() != counted()
    quote_tallies_rebuild()
    assert_tallies_count_what_is_published(isis, kh)


def test_every_database_counts_the_same_totals(archive):
    isis, kh, _, _ = archive
    make_quote(organization=isis, publish_at=timezone.now() + timedelta(days=1))
    assert_tallies_count_what_is_published(isis, kh)


def test_the_archive_shows_the_tallied_counts_and_facets(client, archive):
    isis, _, pro, _ = archive
    make_quote(organization=isis, publish_at=timezone.now() + timedelta(days=1))
    response = client.get(reverse("quotes:archive"))
    assert response.status_code == 200
    assert response.context["paginator"].count == Quote.objects.published().count()
    facets = {
        row["slug"]: row["count"] for row in response.context["organization_facets"]
    }
    assert (
        facets[isis.slug] == Quote.objects.published().filter(organization=isis).count()
    )
    categories = {
        row["slug"]: row["count"] for row in response.context["category_facets"]
    }
    assert (
        categories[pro.slug] == Quote.objects.published().filter(categories=pro).count()
    )
    tweets = client.get(reverse("quotes:archive"), {"kind": "tweet"})
    assert tweets.context["paginator"].count == (
        Quote.objects.published().filter(kind="tweet").count()
    )


@postgresql_only
def test_the_whole_archive_is_counted_without_reading_its_items(client, archive):
    for n in range(40):
        make_quote(said_on=date(2000 + n % 20, 1, 1))
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("quotes:archive"))
    assert response.status_code == 200
    grouped = [
        query["sql"]
        for query in captured.captured_queries
        if "GROUP BY" in query["sql"]
        and "quotes_quote" in query["sql"]
        # The scheduled items, read from their own index, are subtracted.
        and '"quotes_quote"."publish_at" >' not in query["sql"]
    ]
    assert grouped == []


@postgresql_only
def test_the_scheduled_items_are_read_from_an_index_alone(archive):
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
    scheduled = Quote.objects.filter(
        status=Status.PUBLISHED,
        withdrawn_at__isnull=True,
        publish_at__gt=timezone.now(),
    )
    plan = scheduled.order_by().values_list("organization_id", "said_on").explain()
    assert "quote_counted_by_due" in plan


@postgresql_only
def test_the_recount_command_recounts_every_tally(archive):
    isis, kh, _, _ = archive
    make_press_release()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM quotes_organizationtally")
        cursor.execute("DELETE FROM press_monthtally")
    out = StringIO()
    call_command("recount_tallies", stdout=out)
    assert "recounted" in out.getvalue()
    assert_tallies_count_what_is_published(isis, kh)
    assert MonthTally.objects.get().number == 1
