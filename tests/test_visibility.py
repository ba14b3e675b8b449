"""Drafts and scheduled items stay out of every public page."""

import datetime
import xml.etree.ElementTree as ET

import pytest
import time_machine
from django.utils import timezone

from tests.factories import (
    make_organization,
    make_press_release,
    make_quote,
    make_resource,
)

pytestmark = pytest.mark.django_db


def later():
    return timezone.now() + datetime.timedelta(days=2)


@pytest.fixture(params=["draft", "scheduled"])
def hidden(request):
    """Fields that keep an item from the public, one way or the other."""
    if request.param == "draft":
        return {"status": "draft"}
    return {"status": "published", "publish_at": later()}


@pytest.fixture
def public_and_hidden(hidden):
    """A published item of each kind, and a hidden twin named HIDDEN."""
    group = make_resource(title="Visible group", kind="group", tags=["shared"])
    organization = make_organization(name="Visible organisation", profile=group)
    items = {
        "release": make_press_release(
            title="Visible release", tags=["shared"], resources=[group]
        ),
        "resource": group,
        "quote": make_quote(text="Visible words", organization=organization),
    }
    hidden_items = {
        "release": make_press_release(
            title="HIDDEN release",
            summary="HIDDEN",
            tags=["shared"],
            resources=[group],
            **hidden,
        ),
        "resource": make_resource(
            title="HIDDEN resource", featured=True, tags=["shared"], **hidden
        ),
        "quote": make_quote(
            text="HIDDEN words",
            organization=organization,
            tags=["shared"],
            featured_on=timezone.localdate(),
            **hidden,
        ),
    }
    return items, hidden_items


PUBLIC_PAGES = [
    "/",
    "/press/",
    "/resources/",
    "/tags/shared/",
    "/search/?q=hidden",
    "/search/?q=hidden&type=press",
    "/search/?q=hidden&type=quotes",
    "/search/?q=hidden&type=resources",
    "/feeds/press/",
    "/feeds/quotes/",
    "/sitemap.xml",
    "/sitemap-press.xml",
    "/sitemap-quotes.xml",
    "/sitemap-resources.xml",
    "/sitemap-tags.xml",
]


def test_hidden_items_appear_on_no_public_page(client, public_and_hidden):
    items, _ = public_and_hidden
    pages = [
        *PUBLIC_PAGES,
        items["release"].get_absolute_url(),
        items["resource"].get_absolute_url(),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert b"HIDDEN" not in response.content, url


def test_hidden_items_are_404_for_anonymous_readers(client, public_and_hidden):
    _, hidden_items = public_and_hidden
    for item in hidden_items.values():
        assert client.get(item.get_absolute_url()).status_code == 404


def test_staff_may_preview_hidden_press_and_resources(staff_client, public_and_hidden):
    _, hidden_items = public_and_hidden
    for key in ("release", "resource"):
        response = staff_client.get(hidden_items[key].get_absolute_url())
        assert response.status_code == 200


def test_hidden_items_are_not_counted(client, public_and_hidden):
    response = client.get("/tags/shared/")
    counts = {section.key: section.count for section in response.context["sections"]}
    assert counts == {"press": 1, "quotes": 0, "resources": 1}
    archive = client.get("/press/").context["archive"]
    assert sum(year["count"] for year in archive) == 1


def test_related_blocks_skip_hidden_items(client, public_and_hidden):
    items, _ = public_and_hidden
    other = make_press_release(title="Sharer", tags=["shared"])
    release_page = client.get(other.get_absolute_url())
    assert release_page.context["related_press"] == [items["release"]]
    resource_page = client.get(items["resource"].get_absolute_url())
    assert resource_page.context["related_press"] == [items["release"], other]
    assert [q.text for q in resource_page.context["speaker_quotes"].quotes] == [
        "Visible words"
    ]


def test_sitemap_lists_no_hidden_url(client, public_and_hidden):
    items, hidden_items = public_and_hidden
    index = ET.fromstring(client.get("/sitemap.xml").content)
    locations = set()
    for page in index.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc"):
        root = ET.fromstring(client.get(page.text).content)
        locations |= {
            element.text for element in root.iter() if element.tag.endswith("loc")
        }
    assert f"http://testserver{items['release'].get_absolute_url()}" in locations
    for item in hidden_items.values():
        assert f"http://testserver{item.get_absolute_url()}" not in locations


def test_scheduled_item_appears_once_its_time_comes(client):
    release = make_press_release(title="Embargoed", publish_at=later())
    assert client.get(release.get_absolute_url()).status_code == 404
    with time_machine.travel(later() + datetime.timedelta(days=1), tick=False):
        assert client.get(release.get_absolute_url()).status_code == 200
        assert b"Embargoed" in client.get("/press/").content


def test_tag_used_only_by_hidden_items_is_404(client, hidden):
    make_press_release(tags=["embargoed"], **hidden)
    assert client.get("/tags/embargoed/").status_code == 404
