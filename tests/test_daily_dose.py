"""The Daily Dose (block, archive page) and the quotes feed."""

import html
import re
from datetime import date, timedelta
from xml.etree import ElementTree

import pytest
from django.db import connection
from django.template import Context, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cepsite.publishing import Status
from cepsite.site.feeds import LatestQuotesFeed
from quotes.models import Quote
from tests.factories import make_organization, make_person, make_quote

pytestmark = pytest.mark.django_db

TODAY = date(2024, 5, 15)


def render_block(on=None):
    template = Template("{% load site_tags %}{% daily_dose_block on %}")
    return html.unescape(template.render(Context({"on": on})))


# The block and QuoteQuerySet.daily_dose --------------------------------------


def test_daily_dose_is_the_item_featured_that_day():
    make_quote(featured_on=TODAY - timedelta(days=1))
    today = make_quote(featured_on=TODAY)
    make_quote(featured_on=TODAY + timedelta(days=1))

    assert Quote.objects.daily_dose(on=TODAY) == today


def test_daily_dose_falls_back_to_the_latest_before_that_day():
    make_quote(featured_on=TODAY - timedelta(days=9))
    latest = make_quote(featured_on=TODAY - timedelta(days=2))
    make_quote(featured_on=TODAY + timedelta(days=1))

    assert Quote.objects.daily_dose(on=TODAY) == latest


def test_daily_dose_skips_drafts_and_scheduled_items():
    shown = make_quote(featured_on=TODAY - timedelta(days=3))
    make_quote(featured_on=TODAY, status=Status.DRAFT)
    make_quote(
        featured_on=TODAY - timedelta(days=1),
        publish_at=timezone.now() + timedelta(days=1),
    )

    assert Quote.objects.daily_dose(on=TODAY) == shown


def test_daily_dose_defaults_to_today():
    today = timezone.localdate()
    make_quote(featured_on=today - timedelta(days=1))
    current = make_quote(featured_on=today)
    make_quote(featured_on=today + timedelta(days=1))

    assert Quote.objects.daily_dose() == current


def test_daily_dose_is_none_before_anything_was_featured():
    make_quote(featured_on=TODAY + timedelta(days=1))
    make_quote()

    assert Quote.objects.daily_dose(on=TODAY) is None


def test_block_shows_text_attribution_date_and_links_in_one_query():
    kh = make_organization(name="Kata'ib Hezbollah", short_name="KH")
    quote = make_quote(
        featured_on=TODAY,
        text="We will answer.",
        person=make_person(name="Abu Ali al-Askari", organization=kh),
        organization=kh,
        role="Security Official",
        said_on=date(2023, 3, 12),
    )

    with CaptureQueriesContext(connection) as queries:
        text = render_block(on=TODAY)

    assert len(queries) == 1
    assert "We will answer." in text
    assert "Abu Ali al-Askari, Kata'ib Hezbollah (KH) Security Official" in text
    assert "12 Mar. 2023" in text
    assert f'href="{quote.get_absolute_url()}"' in text
    assert f'href="{reverse("quotes:daily_dose")}">View archive' in text


def test_daily_dose_comes_with_its_organisation_and_person_whole(
    django_assert_num_queries,
):
    kh = make_organization(name="Kata'ib Hezbollah", short_name="KH")
    speaker = make_person(name="Abu Ali al-Askari", organization=kh)
    make_quote(featured_on=TODAY, kind="fact", organization=kh, text="A fact.")
    make_quote(featured_on=TODAY - timedelta(days=1), person=speaker)

    with django_assert_num_queries(1):
        fact = Quote.objects.daily_dose(on=TODAY)
        assert fact.person is None
        assert (fact.organization.pk, fact.organization.slug) == (kh.pk, kh.slug)
        assert fact.attribution == "Kata'ib Hezbollah (KH)"
    with django_assert_num_queries(1):
        quote = Quote.objects.daily_dose(on=TODAY - timedelta(days=1))
        assert quote.organization is None
        assert quote.person.organization_id == kh.pk
        assert quote.attribution == "Abu Ali al-Askari"
    assert quote.said_on == Quote.objects.get(pk=quote.pk).said_on


def test_block_renders_nothing_when_there_is_no_daily_dose():
    assert render_block(on=TODAY).strip() == ""


# The /daily-dose/ page -------------------------------------------------------


def test_daily_dose_page_lists_past_featured_items_latest_first(client):
    today = timezone.localdate()
    older = make_quote(featured_on=today - timedelta(days=5), text="Older.")
    current = make_quote(featured_on=today, text="Current.")
    make_quote(featured_on=today + timedelta(days=1), text="Tomorrow's.")
    make_quote(
        featured_on=today - timedelta(days=1), status=Status.DRAFT, text="Draft."
    )
    make_quote(
        featured_on=today - timedelta(days=2),
        publish_at=timezone.now() + timedelta(days=1),
        text="Scheduled.",
    )
    make_quote(text="Never featured.")

    response = client.get(reverse("quotes:daily_dose"))

    assert response.status_code == 200
    assert list(response.context["quotes"]) == [current, older]
    text = html.unescape(response.content.decode())
    for hidden in ("Tomorrow's.", "Draft.", "Scheduled.", "Never featured."):
        assert hidden not in text


def test_daily_dose_page_is_paginated_forgivingly(client):
    today = timezone.localdate()
    for n in range(35):
        make_quote(featured_on=today - timedelta(days=n))

    second = client.get(reverse("quotes:daily_dose"), {"page": "2"})
    beyond = client.get(reverse("quotes:daily_dose"), {"page": "400"})
    nonsense = client.get(reverse("quotes:daily_dose"), {"page": "two"})

    assert len(second.context["quotes"]) == 5
    assert beyond.status_code == 200
    assert beyond.context["page_obj"].number == 2
    assert nonsense.status_code == 200
    assert nonsense.context["page_obj"].number == 1


def test_daily_dose_page_queries_do_not_grow_with_the_items(
    client, django_assert_max_num_queries
):
    today = timezone.localdate()
    for n in range(50):
        organization = make_organization()
        make_quote(
            featured_on=today - timedelta(days=n),
            organization=organization,
            person=make_person(organization=organization),
            tags=[f"tag-{n}"],
        )

    with django_assert_max_num_queries(4):
        response = client.get(reverse("quotes:daily_dose"))

    assert len(response.context["quotes"]) == 30


# The feed --------------------------------------------------------------------


def described(item):
    """An RSS item's description as a reader shows it: HTML, read as text."""
    return html.unescape(re.sub(r"<[^>]+>", "", item.findtext("description")))


def fetch_feed():
    request = RequestFactory().get("/feeds/quotes/")
    response = LatestQuotesFeed()(request)
    assert response.status_code == 200
    return ElementTree.fromstring(response.content)


def test_feed_parses_as_rss_with_attribution_and_date_in_titles():
    kh = make_organization(name="Kata'ib Hezbollah", short_name="KH")
    quote = make_quote(
        text="We <will> answer & more.",
        person=make_person(name="Abu Ali al-Askari"),
        organization=kh,
        said_on=date(2023, 3, 12),
    )

    channel = fetch_feed().find("channel")

    item = channel.find("item")
    assert (
        item.findtext("title")
        == "Abu Ali al-Askari, Kata'ib Hezbollah (KH), 12 Mar. 2023"
    )
    assert described(item) == "We <will> answer & more."
    assert item.findtext("link").endswith(quote.get_absolute_url())


def test_feed_holds_the_50_latest_published_items_only():
    now = timezone.now()
    for n in range(55):
        make_quote(text=f"Item {n}.", publish_at=now - timedelta(hours=n + 1))
    make_quote(text="Draft.", status=Status.DRAFT)
    make_quote(text="Scheduled.", publish_at=now + timedelta(hours=1))

    titles = [described(item) for item in fetch_feed().iter("item")]

    assert len(titles) == 50
    assert titles[0] == "Item 0."
    assert "Draft." not in titles
    assert "Scheduled." not in titles


def test_feed_survives_control_characters_pasted_into_a_quote():
    make_quote(text="Page one\x0cpage two\x1b.")

    item = fetch_feed().find("channel/item")

    assert described(item) == "Page onepage two."


def test_feed_is_served_at_its_public_address(client):
    make_quote(text="Served.")

    response = client.get("/feeds/quotes/")

    assert response.status_code == 200
    item = ElementTree.fromstring(response.content).find("channel/item")
    assert described(item) == "Served."
