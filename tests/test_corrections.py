"""
Public corrections: added by an editor in the item's admin page, shown on
the item's page with their date, at /corrections/ and in its feed.
"""

import html
import re
import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cepsite import services
from cepsite.models import Correction
from cepsite.publishing import Status
from press.models import PressRelease
from quotes.models import Quote
from tests.factories import (
    admin_url,
    make_press_release,
    make_quote,
    make_resource,
    make_staff_member,
    press_release_admin_data,
    quote_admin_data,
)

pytestmark = pytest.mark.django_db

CORRECTIONS = reverse("corrections")
FEED = reverse("corrections_feed")
PREFIX = "cepsite-correction-content_type-object_id"


def text_of(response):
    assert response.status_code == 200
    return html.unescape(re.sub(r"<[^>]*>", "", response.content.decode()))


def long_date(moment):
    local = timezone.localtime(moment)
    return f"{local:%B} {local.day}, {local.year}"


def correct(item, note, *, days_ago=0):
    return services.correction_add(
        item=item, note=note, made_at=timezone.now() - timedelta(days=days_ago)
    )


# On the item's page


@pytest.mark.parametrize(
    "make", [make_press_release, make_quote, make_resource], ids=lambda m: m.__name__
)
def test_corrections_show_on_the_items_page_newest_first_with_their_date(client, make):
    item = make()
    older = correct(item, "The date was March 3, not March 2.", days_ago=3)
    newer = correct(item, "The speaker's title was wrong.")

    response = client.get(item.get_absolute_url())

    text = text_of(response)
    assert "Corrections" in text
    assert f"{long_date(older.made_at)}: The date was March 3, not March 2." in text
    assert f"{long_date(newer.made_at)}: The speaker's title was wrong." in text
    assert text.index("The speaker's title") < text.index("The date was March 3")


def test_a_page_without_corrections_has_no_corrections_section(client):
    release = make_press_release()

    assert 'id="corrections"' not in client.get(release.get_absolute_url()).text


def test_a_correction_note_is_shown_as_text(client):
    quote = make_quote()
    correct(quote, '<img src=x onerror="alert(1)">')

    body = client.get(quote.get_absolute_url()).content.decode()

    assert "<img src=x" not in body
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in body


def test_the_items_page_costs_the_same_queries_with_many_corrections(
    client, django_assert_num_queries
):
    resource = make_resource()
    correct(resource, "One.")
    with CaptureQueriesContext(connection) as few:
        client.get(resource.get_absolute_url())
    for n in range(40):
        correct(resource, f"Correction {n}.")

    with django_assert_num_queries(len(few)):
        response = client.get(resource.get_absolute_url())

    assert "Correction 39." in text_of(response)


def test_adding_a_correction_refreshes_the_cached_page(client, page_cache):
    release = make_press_release()
    client.get(release.get_absolute_url())

    correct(release, "A name was misspelt.")

    assert "A name was misspelt." in text_of(client.get(release.get_absolute_url()))


# /corrections/


def test_the_corrections_page_lists_public_items_corrections_newest_first(client):
    release = make_press_release(title="The release corrected")
    quote = make_quote(text="The words corrected.")
    resource = make_resource(title="The resource corrected")
    correct(release, "First correction.", days_ago=2)
    correct(quote, "Second correction.", days_ago=1)
    correct(resource, "Third correction.")
    draft = make_press_release(status=Status.DRAFT, title="A draft")
    correct(draft, "Of a draft.")
    withdrawn = make_resource(title="Withdrawn since")
    correct(withdrawn, "Of a withdrawn item.")
    services.items_withdraw(
        queryset=type(withdrawn).objects.filter(pk=withdrawn.pk), note="Gone."
    )

    response = client.get(CORRECTIONS)

    text = text_of(response)
    assert (
        text.index("Third correction.")
        < text.index("Second correction.")
        < text.index("First correction.")
    )
    assert "Of a draft." not in text and "Of a withdrawn item." not in text
    body = response.content.decode()
    for item in (release, quote, resource):
        assert f'href="{item.get_absolute_url()}#corrections"' in body
    assert "Press release: The release corrected" in text
    assert "Resource: The resource corrected" in text


def test_the_corrections_page_is_paginated(client):
    quote = make_quote()
    for n in range(25):
        correct(quote, f"Note number {n:02}.", days_ago=n)

    first = text_of(client.get(CORRECTIONS))
    second = text_of(client.get(CORRECTIONS, {"page": "2"}))
    past_the_end = client.get(CORRECTIONS, {"page": "99"})

    assert "Note number 00." in first and "Note number 19." in first
    assert "Note number 20." not in first
    assert "Note number 20." in second and "Note number 24." in second
    assert "There are only 2 pages; showing the last one." in text_of(past_the_end)


def test_the_corrections_page_without_corrections(client):
    assert "No corrections have been published." in text_of(client.get(CORRECTIONS))


def _corrections_of_every_type(count):
    for _ in range(count):
        correct(make_press_release(), "On a release.")
        correct(make_quote(), "On a quote.")
        correct(make_resource(), "On a resource.")


def test_the_corrections_page_costs_the_same_queries_however_many(
    client, django_assert_num_queries
):
    _corrections_of_every_type(2)
    with CaptureQueriesContext(connection) as few:
        client.get(CORRECTIONS)
    _corrections_of_every_type(30)

    # The count, the page, and its items: one query a type, however many.
    with django_assert_num_queries(len(few)):
        response = client.get(CORRECTIONS)

    assert response.context["paginator"].count == 96


# The feed


def test_the_corrections_feed_lists_them_newest_first_as_a_reader_sees_them(client):
    release = make_press_release(title="A corrected release")
    correct(release, "Older note.", days_ago=1)
    correct(release, "Newer <b>note</b> & more.")
    draft = make_quote(status=Status.DRAFT)
    correct(draft, "Not public.")

    response = client.get(FEED)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    items = ET.fromstring(response.content).find("channel").findall("item")
    assert [item.findtext("title") for item in items] == [
        "Correction: A corrected release",
        "Correction: A corrected release",
    ]
    # A reader decodes the description as HTML: the note's markup is text.
    description = items[0].findtext("description")
    assert "Newer &lt;b&gt;note&lt;/b&gt; &amp; more." in description
    assert (
        items[0].findtext("link").endswith(f"{release.get_absolute_url()}#corrections")
    )


def test_the_corrections_feed_costs_the_same_queries_however_many(
    client, django_assert_num_queries
):
    _corrections_of_every_type(2)
    with CaptureQueriesContext(connection) as few:
        client.get(FEED)
    _corrections_of_every_type(10)

    with django_assert_num_queries(len(few)):
        client.get(FEED)


# The admin


def _change_data(release, **corrections):
    return press_release_admin_data(
        title=release.title, slug=release.slug, **corrections
    )


def test_an_editor_adds_a_correction_in_the_items_admin_page(staff_client):
    release = make_press_release()
    url = admin_url(PressRelease, "change", release.pk)
    page = staff_client.get(url).content.decode()
    assert "Public corrections" in page
    made = timezone.localtime(timezone.now() - timedelta(hours=2))

    response = staff_client.post(
        url,
        _change_data(
            release,
            **{
                f"{PREFIX}-TOTAL_FORMS": "1",
                f"{PREFIX}-INITIAL_FORMS": "0",
                f"{PREFIX}-0-made_at_0": f"{made:%Y-%m-%d}",
                f"{PREFIX}-0-made_at_1": f"{made:%H:%M:%S}",
                f"{PREFIX}-0-note": "The figures in paragraph two were wrong.",
            },
        ),
    )

    assert response.status_code == 302
    (correction,) = Correction.objects.all()
    assert correction.item == release
    assert correction.note == "The figures in paragraph two were wrong."
    assert correction.created_by.username == "editor"
    assert "The figures in paragraph two were wrong." in text_of(
        staff_client.get(release.get_absolute_url())
    )


def test_an_editor_who_is_not_a_superuser_adds_a_correction(client):
    client.force_login(make_staff_member("chief", role="editor"))
    quote = make_quote()

    response = client.post(
        admin_url(Quote, "change", quote.pk),
        {
            **quote_admin_data(text=quote.text),
            f"{PREFIX}-TOTAL_FORMS": "1",
            f"{PREFIX}-INITIAL_FORMS": "0",
            f"{PREFIX}-0-made_at_0": "2024-01-02",
            f"{PREFIX}-0-made_at_1": "10:00:00",
            f"{PREFIX}-0-note": "The speaker was misnamed.",
        },
    )

    assert response.status_code == 302
    assert Correction.objects.get().item == quote


def test_an_empty_correction_note_is_a_form_error(staff_client):
    release = make_press_release()

    response = staff_client.post(
        admin_url(PressRelease, "change", release.pk),
        _change_data(
            release,
            **{
                f"{PREFIX}-TOTAL_FORMS": "1",
                f"{PREFIX}-INITIAL_FORMS": "0",
                f"{PREFIX}-0-made_at_0": "2024-01-02",
                f"{PREFIX}-0-made_at_1": "10:00:00",
                f"{PREFIX}-0-note": "",
            },
        ),
    )

    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not Correction.objects.exists()


def test_an_editor_deletes_a_correction_in_the_admin(staff_client):
    release = make_press_release()
    correction = correct(release, "A mistaken correction.")

    response = staff_client.post(
        admin_url(PressRelease, "change", release.pk),
        _change_data(
            release,
            **{
                f"{PREFIX}-TOTAL_FORMS": "1",
                f"{PREFIX}-INITIAL_FORMS": "1",
                f"{PREFIX}-0-id": str(correction.pk),
                f"{PREFIX}-0-made_at_0": "2024-01-02",
                f"{PREFIX}-0-made_at_1": "10:00:00",
                f"{PREFIX}-0-note": correction.note,
                f"{PREFIX}-0-DELETE": "on",
            },
        ),
    )

    assert response.status_code == 302
    assert not Correction.objects.exists()


def test_a_change_form_posted_without_the_corrections_keeps_them(staff_client):
    release = make_press_release()
    correct(release, "Kept.")

    response = staff_client.post(
        admin_url(PressRelease, "change", release.pk), _change_data(release)
    )

    assert response.status_code == 302
    assert Correction.objects.get().note == "Kept."


def test_a_quotes_admin_page_has_the_corrections_and_a_drafts_has_none(
    staff_client,
):
    quote = make_quote()
    draft = make_quote(status=Status.DRAFT)

    assert (
        "Public corrections"
        in staff_client.get(admin_url(Quote, "change", quote.pk)).content.decode()
    )
    assert (
        "Public corrections"
        not in staff_client.get(admin_url(Quote, "change", draft.pk)).content.decode()
    )


def test_a_contributor_cannot_add_corrections_to_a_published_item(client):
    client.force_login(make_staff_member("writer", role="contributor"))
    release = make_press_release()

    client.post(
        admin_url(PressRelease, "change", release.pk),
        _change_data(
            release,
            **{
                f"{PREFIX}-TOTAL_FORMS": "1",
                f"{PREFIX}-INITIAL_FORMS": "0",
                f"{PREFIX}-0-made_at_0": "2024-01-02",
                f"{PREFIX}-0-made_at_1": "10:00:00",
                f"{PREFIX}-0-note": "Unreviewed.",
            },
        ),
    )

    assert not Correction.objects.exists()


def test_correction_add_cleans_and_records_who(db):
    quote = make_quote()
    editor = make_staff_member("chief", role="editor")

    correction = services.correction_add(item=quote, note="  Fixed.  ", user=editor)

    assert correction.note == "Fixed."
    assert correction.created_by == editor
    assert correction.content_type == ContentType.objects.get_for_model(Quote)
