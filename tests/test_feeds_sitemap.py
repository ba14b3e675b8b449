import datetime
import xml.etree.ElementTree as ET
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import make_press_release, make_quote, make_resource

NEW_YORK = ZoneInfo("America/New_York")
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def rss_items(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    return channel, channel.findall("item")


def sitemap_entries(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    return {
        url.findtext(f"{SITEMAP}loc"): url.findtext(f"{SITEMAP}lastmod")
        for url in root.findall(f"{SITEMAP}url")
    }


@pytest.mark.django_db
def test_press_feed_lists_published_releases_newest_first(client):
    now = timezone.now()
    make_press_release(title="Older", publish_at=now - datetime.timedelta(days=3))
    make_press_release(
        title="Newer",
        summary="The summary.",
        tags=["isis"],
        author="CEP",
        publish_at=now - datetime.timedelta(hours=1),
    )
    channel, items = rss_items(client.get("/feeds/press/"))
    assert channel.findtext("link") == "http://testserver/press/"
    assert [item.findtext("title") for item in items] == ["Newer", "Older"]
    assert items[0].findtext("description") == "The summary."
    assert items[0].findtext("category") == "isis"
    assert items[0].findtext("link").startswith("http://testserver/press/")
    assert items[0].findtext("pubDate")


@pytest.mark.django_db
def test_press_feed_holds_the_twenty_newest(client):
    for _ in range(25):
        make_press_release()
    _, items = rss_items(client.get("/feeds/press/"))
    assert len(items) == 20


@pytest.mark.django_db
def test_quotes_feed_is_served(client):
    make_quote(text="Words for the feed.")
    _, items = rss_items(client.get("/feeds/quotes/"))
    assert "Words for the feed." in items[0].findtext("description")


@pytest.mark.django_db
def test_sitemap_lists_every_published_page_with_lastmod(client):
    release = make_press_release(tags=["isis"])
    resource = make_resource()
    quote = make_quote()
    # update() leaves auto_now alone, so each item gets a distinct past change.
    for item, day in (
        (release, datetime.date(2022, 3, 4)),
        (resource, datetime.date(2021, 7, 8)),
        (quote, datetime.date(2020, 1, 2)),
    ):
        changed = datetime.datetime.combine(day, datetime.time(12), tzinfo=NEW_YORK)
        type(item).objects.filter(pk=item.pk).update(updated_at=changed)
    entries = sitemap_entries(client)
    for path in (
        "/",
        "/press/",
        "/quotes/",
        "/resources/",
        "/daily-dose/",
        release.get_absolute_url(),
        resource.get_absolute_url(),
        quote.get_absolute_url(),
        "/tags/isis/",
    ):
        assert f"http://testserver{path}" in entries, path
    assert entries[f"http://testserver{release.get_absolute_url()}"] == "2022-03-04"
    assert entries[f"http://testserver{resource.get_absolute_url()}"] == "2021-07-08"
    assert entries[f"http://testserver{quote.get_absolute_url()}"] == "2020-01-02"


@pytest.mark.django_db
def test_tag_lastmod_is_its_newest_items_change(client):
    old = make_press_release(tags=["isis"])
    newer = make_resource(tags=["isis"])
    entries = sitemap_entries(client)
    assert (
        entries["http://testserver/tags/isis/"]
        == entries[f"http://testserver{newer.get_absolute_url()}"]
    )
    assert newer.updated_at >= old.updated_at


@pytest.mark.django_db
def test_sitemap_query_count_is_fixed(client, django_assert_max_num_queries):
    make_press_release(tags=["a"])
    make_resource()
    make_quote()
    with CaptureQueriesContext(connection) as few:
        client.get("/sitemap.xml")
    for n in range(60):
        make_press_release(tags=[f"t{n}", "a"])
        make_resource(tags=[f"r{n}"])
        make_quote(tags=[f"q{n}"])
    # A count and a page of items for each kind, and one query per tagged kind.
    with django_assert_max_num_queries(9):
        response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert len(few) == 9


@pytest.mark.django_db
def test_feed_query_count_is_fixed(client, django_assert_max_num_queries):
    for n in range(60):
        make_press_release(tags=[f"t{n}", "a", "b"])
    with django_assert_max_num_queries(2):
        client.get("/feeds/press/")


@pytest.mark.django_db
def test_robots_txt_disallows_everything_when_not_indexable(client, settings):
    settings.SITE_INDEXABLE = False
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    assert response.content.decode().splitlines() == ["User-agent: *", "Disallow: /"]


@pytest.mark.django_db
def test_robots_txt_allows_crawling_and_points_to_the_sitemap(client, settings):
    settings.SITE_INDEXABLE = True
    lines = client.get("/robots.txt").content.decode().splitlines()
    assert "Disallow: /" not in lines
    assert "Disallow: /admin/" in lines
    assert "Disallow: /quotes/download" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines


@pytest.mark.django_db
def test_healthz_answers_ok_when_the_database_does(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"


def test_healthz_answers_503_when_the_database_cannot_be_reached(client):
    # Without the database fixture, every query is refused.
    response = client.get("/healthz")
    assert response.status_code == 503


@pytest.mark.django_db
def test_page_not_found_is_friendly(client):
    response = client.get("/press/no-such-release/")
    assert response.status_code == 404
    assert "<h1>Page not found</h1>" in response.content.decode()


def test_server_error_page_renders_without_request_or_database(rf):
    from django.views.defaults import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "<h1>Something went wrong</h1>" in response.content.decode()
