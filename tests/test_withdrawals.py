"""
Withdrawn items: gone from every list, search, feed and the sitemap; their
addresses answer 410 with a notice (title, dates, reason); staff still see
them; editors withdraw from the admin.
"""

import html
import re
import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cepsite import services
from cepsite.dates import Precision, format_partial_date
from cepsite.publishing import Status
from press.models import PressRelease
from quotes.models import Quote
from resources.models import Resource
from tests.factories import (
    admin_url,
    make_press_release,
    make_quote,
    make_resource,
    make_staff_member,
    press_release_admin_data,
)

pytestmark = pytest.mark.django_db

NOTE = "The statement was misattributed; see the correction notice."


def withdraw(item, note=NOTE):
    model = type(item)
    services.items_withdraw(queryset=model.objects.filter(pk=item.pk), note=note)
    item.refresh_from_db()
    return item


def page_text(response):
    """The page's text, without its tags (search marks the words it found)."""
    assert response.status_code == 200
    return html.unescape(re.sub(r"<[^>]*>", "", response.content.decode()))


@pytest.fixture
def pairs():
    """A public and a withdrawn item of each type, with words to look for."""
    today = timezone.localdate()
    kept = {
        "press": make_press_release(title="Kept release zanzibar", tags=["militias"]),
        "quote": make_quote(
            text="Kept words zanzibar.", tags=["militias"], featured_on=today
        ),
        "resource": make_resource(title="Kept resource zanzibar", tags=["militias"]),
    }
    gone = {
        "press": make_press_release(title="Gone release zanzibar", tags=["militias"]),
        "quote": make_quote(
            text="Gone words zanzibar.",
            tags=["militias"],
            featured_on=today - timedelta(days=1),
        ),
        "resource": make_resource(title="Gone resource zanzibar", tags=["militias"]),
    }
    for item in gone.values():
        withdraw(item)
    return kept, gone


# Gone from every list


@pytest.mark.parametrize(
    ("url", "kinds"),
    [
        (reverse("press:list"), ["press"]),
        (reverse("quotes:archive"), ["quote"]),
        (reverse("resources:list"), ["resource"]),
        (reverse("quotes:daily_dose"), ["quote"]),
        (reverse("tag", args=["militias"]), ["press", "quote", "resource"]),
        (reverse("search") + "?q=zanzibar", ["press", "quote", "resource"]),
        (reverse("search") + "?q=zanzibar&type=press", ["press"]),
        (reverse("search") + "?q=zanzibar&type=quotes", ["quote"]),
    ],
    ids=[
        "press list",
        "archive",
        "resources list",
        "daily dose",
        "tag page",
        "search",
        "search of press",
        "search of quotes",
    ],
)
def test_a_withdrawn_item_leaves_the_lists(client, pairs, url, kinds):
    kept, gone = pairs

    text = page_text(client.get(url))

    for kind in kinds:
        assert str(kept[kind]) in text
        assert str(gone[kind]) not in text


def test_a_withdrawn_item_leaves_the_home_page(client):
    make_resource(title="Featured and kept", featured=True)
    withdraw(make_resource(title="Featured and gone", featured=True))
    make_press_release(title="Release kept")
    withdraw(make_press_release(title="Release gone"))

    text = page_text(client.get(reverse("home")))

    assert "Featured and kept" in text and "Release kept" in text
    assert "Featured and gone" not in text and "Release gone" not in text


def _feed_titles(client, url):
    response = client.get(url)
    assert response.status_code == 200
    channel = ET.fromstring(response.content).find("channel")
    return [
        (item.findtext("title"), item.findtext("description"))
        for item in channel.findall("item")
    ]


def test_a_withdrawn_item_leaves_the_feeds(client, pairs):
    kept, gone = pairs

    press = _feed_titles(client, reverse("press_feed"))
    quotes = _feed_titles(client, reverse("quotes_feed"))

    assert [title for title, _ in press] == [kept["press"].title]
    descriptions = " ".join(description for _, description in quotes)
    assert kept["quote"].text in descriptions
    assert gone["quote"].text not in descriptions


def test_a_withdrawn_item_leaves_the_sitemap(client, pairs):
    kept, gone = pairs

    body = ""
    for section in ("press", "quotes", "resources"):
        response = client.get(f"/sitemap-{section}.xml")
        assert response.status_code == 200
        body += response.content.decode()
    for kind in ("press", "quote", "resource"):
        assert kept[kind].get_absolute_url() in body
        assert gone[kind].get_absolute_url() not in body


# Its address answers 410


@pytest.mark.parametrize(
    "make", [make_press_release, make_quote, make_resource], ids=lambda m: m.__name__
)
def test_a_withdrawn_items_address_answers_410_with_a_notice(client, make):
    item = make()
    published = timezone.localtime(item.publish_at)
    withdraw(item, note="Withdrawn: the source was <b>forged</b>.")

    response = client.get(item.get_absolute_url())

    assert response.status_code == 410
    assert response.templates[0].name == "tombstone.html"
    text = response.content.decode()
    assert html.escape(str(item)) in text
    assert f"{published:%B} {published.day}, {published.year}" in text
    withdrawn = timezone.localtime(item.withdrawn_at)
    assert f"{withdrawn:%B} {withdrawn.day}, {withdrawn.year}" in text
    # The reason is shown as the editor typed it, as text.
    assert "Withdrawn: the source was &lt;b&gt;forged&lt;/b&gt;." in text
    assert '<meta name="robots" content="noindex">' in text


def test_an_old_address_of_a_withdrawn_item_answers_410_too(client):
    release = make_press_release(title="Renamed then withdrawn", slug="first-name")
    release.slug = "second-name"
    services.item_save(item=release)
    withdraw(release)

    response = client.get("/press/first-name/")

    assert response.status_code == 410
    assert "Renamed then withdrawn" in response.content.decode()


def test_head_of_a_withdrawn_address_answers_410(client):
    release = withdraw(make_press_release())

    assert client.head(release.get_absolute_url()).status_code == 410


def test_a_draft_or_never_published_address_is_still_a_404(client):
    draft = make_press_release(status=Status.DRAFT)
    PressRelease.objects.filter(pk=draft.pk).update(
        withdrawn_at=timezone.now(), withdrawal_note="Never public."
    )
    scheduled = make_quote(publish_at=timezone.now() + timedelta(days=2))
    Quote.objects.filter(pk=scheduled.pk).update(withdrawn_at=timezone.now())

    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(scheduled.get_absolute_url()).status_code == 404
    assert client.get("/press/no-such-release/").status_code == 404


def test_staff_still_see_a_withdrawn_item_with_a_banner(staff_client):
    resource = withdraw(make_resource(title="Still visible to staff"))

    response = staff_client.get(resource.get_absolute_url())

    text = page_text(response)
    assert "Still visible to staff" in text
    day = format_partial_date(
        timezone.localtime(resource.withdrawn_at).date(), Precision.DAY
    )
    assert f"Withdrawn on {day} — not public." in text
    assert "no-cache" in response["Cache-Control"]


def test_the_staff_preview_of_a_withdrawn_quote_shows_it(staff_client):
    quote = withdraw(make_quote(text="Previewed words."))

    response = staff_client.get(reverse("preview", args=["quotes", "quote", quote.pk]))

    assert "Previewed words." in page_text(response)


def test_withdrawing_refreshes_the_cached_page(client, page_cache):
    release = make_press_release(title="Cached then withdrawn")
    assert client.get(release.get_absolute_url()).status_code == 200
    assert client.get(release.get_absolute_url()).status_code == 200

    withdraw(release)

    assert client.get(release.get_absolute_url()).status_code == 410
    assert "Cached then withdrawn" not in page_text(client.get(reverse("press:list")))


# The service


def test_withdrawing_needs_a_reason_and_changes_only_published_items():
    live = make_resource()
    draft = make_resource(status=Status.DRAFT)

    with pytest.raises(ValidationError):
        services.items_withdraw(queryset=Resource.objects.all(), note="  ")
    assert not Resource.objects.filter(withdrawn_at__isnull=False).exists()

    changed = services.items_withdraw(queryset=Resource.objects.all(), note=NOTE)

    assert changed == (live.pk,)
    draft.refresh_from_db()
    assert draft.withdrawn_at is None
    # A second withdrawal keeps the first date and reason.
    first = Resource.objects.get(pk=live.pk).withdrawn_at
    assert services.items_withdraw(queryset=Resource.objects.all(), note="x") == ()
    assert Resource.objects.get(pk=live.pk).withdrawn_at == first


# The admin


def test_an_editor_withdraws_with_the_admin_action_giving_a_reason(staff_client):
    releases = [make_press_release() for _ in range(2)]
    other = make_press_release()
    url = admin_url(PressRelease, "changelist")
    selected = {
        "action": "withdraw_selected",
        "_selected_action": [release.pk for release in releases],
    }

    asked = staff_client.post(url, selected)
    assert asked.status_code == 200
    assert "Reason shown to readers" in asked.content.decode()
    assert not PressRelease.objects.filter(withdrawn_at__isnull=False).exists()

    refused = staff_client.post(
        url, {**selected, "confirm_withdrawal": "yes", "note": ""}
    )
    assert refused.status_code == 200
    assert "This field is required." in refused.content.decode()
    assert not PressRelease.objects.filter(withdrawn_at__isnull=False).exists()

    done = staff_client.post(
        url, {**selected, "confirm_withdrawal": "yes", "note": NOTE}, follow=True
    )
    assert "Withdrew 2 press releases" in done.content.decode()
    withdrawn = PressRelease.objects.filter(withdrawn_at__isnull=False)
    assert set(withdrawn) == set(releases)
    assert {release.withdrawal_note for release in withdrawn} == {NOTE}
    assert other not in withdrawn
    assert client_status(releases[0]) == 410


def client_status(item):
    """What an anonymous reader gets at the item's address."""
    return Client().get(item.get_absolute_url()).status_code


def test_contributors_cannot_withdraw(client):
    writer = make_staff_member("writer", role="contributor")
    client.force_login(writer)
    release = make_press_release()

    changelist = client.get(admin_url(PressRelease, "changelist"))
    assert "withdraw_selected" not in changelist.content.decode()
    client.post(
        admin_url(PressRelease, "changelist"),
        {
            "action": "withdraw_selected",
            "_selected_action": [release.pk],
            "confirm_withdrawal": "yes",
            "note": NOTE,
        },
    )

    release.refresh_from_db()
    assert release.withdrawn_at is None


def test_an_editor_withdraws_in_the_change_form(staff_client):
    release = make_press_release()
    when = timezone.localtime(timezone.now() - timedelta(minutes=5))
    form = staff_client.get(admin_url(PressRelease, "change", release.pk))
    assert 'name="withdrawal_note"' in form.content.decode()

    response = staff_client.post(
        admin_url(PressRelease, "change", release.pk),
        press_release_admin_data(
            title=release.title,
            slug=release.slug,
            withdrawn_at_0=f"{when:%Y-%m-%d}",
            withdrawn_at_1=f"{when:%H:%M:%S}",
            withdrawal_note=NOTE,
        ),
    )

    assert response.status_code == 302
    release.refresh_from_db()
    assert release.withdrawal_note == NOTE
    assert client_status(release) == 410


def test_a_drafts_change_form_has_no_withdrawal_fields(staff_client):
    draft = make_resource(status=Status.DRAFT)

    form = staff_client.get(admin_url(Resource, "change", draft.pk))

    assert form.status_code == 200
    assert 'name="withdrawal_note"' not in form.content.decode()
