"""The permanent page of one quote, fact or tweet at /quotes/<pk>/."""

import html
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cepsite.dates import Precision
from cepsite.publishing import Status
from quotes.models import Quote
from tests.factories import (
    make_organization,
    make_person,
    make_quote,
    make_resource,
    make_source,
)

pytestmark = pytest.mark.django_db


def page_text(response):
    return html.unescape(response.content.decode())


@pytest.fixture
def kh_profile():
    return make_resource(title="Kata'ib Hezbollah", kind="group")


@pytest.fixture
def quote(kh_profile):
    kh = make_organization(
        name="Kata'ib Hezbollah", short_name="KH", profile=kh_profile
    )
    askari = make_person(
        name="Abu Ali al-Askari",
        organization=kh,
        profile=make_resource(title="Abu Ali al-Askari", kind="person"),
    )
    return make_quote(
        text="The strikes will be answered.",
        kind=Quote.Kind.TWEET,
        person=askari,
        organization=kh,
        role="Security Official",
        context="In response to the strikes:",
        said_on=date(2023, 3, 1),
        said_on_precision=Precision.MONTH,
        source_title="Telegram channel",
        source_url="https://t.me/example/123",
        tags=["Iraq", "Kata'ib Hezbollah"],
    )


def test_detail_shows_text_kind_attribution_date_context_and_source(client, quote):
    response = client.get(quote.get_absolute_url())

    assert response.status_code == 200
    text = page_text(response)
    assert "The strikes will be answered." in text
    assert "Tweet" in text
    assert "Abu Ali al-Askari, Kata'ib Hezbollah (KH) Security Official" in text
    assert '<time datetime="2023-03">Mar. 2023</time>' in text
    assert "In response to the strikes:" in text
    source = '<a href="https://t.me/example/123" rel="noopener noreferrer">'
    assert f"{source}Telegram channel</a>" in text


def test_detail_links_each_tag_to_its_tag_page(client, quote):
    text = page_text(client.get(quote.get_absolute_url()))

    for tag in quote.tags.all():
        assert f'href="{reverse("tag", args=[tag.slug])}">{tag.name}</a>' in text


def test_detail_links_to_published_profiles_and_filtered_archive(client, quote):
    text = page_text(client.get(quote.get_absolute_url()))

    archive = reverse("quotes:archive")
    assert f'href="{quote.person.profile.get_absolute_url()}"' in text
    assert f'href="{quote.organization.profile.get_absolute_url()}"' in text
    assert f'href="{archive}?person={quote.person.slug}"' in text
    assert f'href="{archive}?organization={quote.organization.slug}"' in text


def test_detail_does_not_link_to_a_draft_profile(client, quote, kh_profile):
    kh_profile.status = Status.DRAFT
    kh_profile.save()

    text = page_text(client.get(quote.get_absolute_url()))

    assert kh_profile.get_absolute_url() not in text
    assert f"?organization={quote.organization.slug}" in text


def test_fact_without_person_or_organisation_or_date_still_reads_well(client):
    fact = make_quote(kind=Quote.Kind.FACT, text="A fact.", said_on=None)

    response = client.get(fact.get_absolute_url())

    assert response.status_code == 200
    text = page_text(response)
    assert "Date undetermined" in text
    assert "?person=" not in text


def test_source_link_is_dropped_when_it_is_not_a_web_address(client):
    quote = make_quote(source_title="Somewhere", source_url="javascript:alert(1)")

    text = page_text(client.get(quote.get_absolute_url()))

    assert "javascript:" not in text
    assert "Somewhere" in text


@pytest.mark.parametrize(
    "hidden",
    [
        {"status": Status.DRAFT},
        {"publish_at": timezone.now() + timedelta(hours=1)},
    ],
)
def test_drafts_and_scheduled_items_are_not_found_by_anonymous_readers(client, hidden):
    quote = make_quote(**hidden)

    assert client.get(quote.get_absolute_url()).status_code == 404


def test_staff_see_a_draft_with_a_banner(staff_client):
    quote = make_quote(status=Status.DRAFT, text="Not yet.")

    response = staff_client.get(quote.get_absolute_url())

    assert response.status_code == 200
    text = page_text(response)
    assert "Not yet." in text
    assert "Draft — not public" in text


def test_published_item_has_no_draft_banner(staff_client):
    quote = make_quote()

    assert "not public" not in page_text(staff_client.get(quote.get_absolute_url()))


def test_detail_stays_within_its_query_budget(
    client, quote, django_assert_max_num_queries
):
    for n in range(20):
        quote.tags.add(f"extra-{n}")

    for n in range(8):
        make_source(quote, url=f"https://example.org/source/{n}")

    # The quote, its sources, its tags, its corrections.
    with django_assert_max_num_queries(5):
        response = client.get(quote.get_absolute_url())

    assert response.status_code == 200
