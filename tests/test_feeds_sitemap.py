import datetime
import json
import xml.etree.ElementTree as ET

import feedparser
import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from cepsite.dates import Precision
from quotes.models import Category
from tests.factories import (
    make_organization,
    make_person,
    make_press_release,
    make_quote,
    make_resource,
)


def rss_items(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    return channel, channel.findall("item")


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
    assert items[0].findtext("description") == "<p>The summary.</p>"
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
    assert response.json()["database"] == "ok"


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


# Feeds of any search of the archive -------------------------------------------

FEEDS = ["/feeds/quotes/", "/feeds/quotes/atom/"]


def parsed(client, path, **params):
    response = client.get(path, params)
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    return feed


def shown_as_html(fragment):
    """The elements a reader would make of a decoded description."""
    return [
        element.name
        for element in BeautifulSoup(fragment, "html.parser").find_all(True)
    ]


@pytest.fixture
def searchable(db):
    kh = make_organization(name="Kata'ib Hezbollah", short_name="KH")
    askari = make_person(name="Abu Ali al-Askari", organization=kh)
    category = Category.objects.create(
        name="Pro-violence", slug="pro-violence", definition="Calls to violence."
    )
    theirs = make_quote(
        text="The convoy will burn.",
        person=askari,
        organization=kh,
        said_on=datetime.date(2023, 3, 1),
        said_on_precision=Precision.MONTH,
        tags=["iraq"],
    )
    theirs.categories.add(category)
    others = make_quote(
        text="Other words.", organization=make_organization(name="ISIS")
    )
    return {"kh": kh, "askari": askari, "theirs": theirs, "others": others}


@pytest.mark.parametrize("path", FEEDS)
@pytest.mark.parametrize(
    "params",
    [
        {"organization": "kh"},
        {"organization": "Kataib Hezbollah"},
        {"person": "al-Askari"},
        {"q": "convoy"},
        {"tag": "iraq"},
        {"category": "pro-violence"},
        {"kind": "quote", "from": "2023-03-15", "to": "2023-03-20"},
    ],
)
def test_quote_feeds_honour_every_archive_parameter(client, searchable, path, params):
    if params.get("kind"):
        searchable["others"].said_on = datetime.date(2020, 1, 1)
        searchable["others"].save()
    feed = parsed(client, path, **params)

    assert [entry.link for entry in feed.entries] == [
        "http://testserver" + searchable["theirs"].get_absolute_url()
    ]


@pytest.mark.parametrize("path", FEEDS)
def test_quote_feed_items_carry_author_categories_and_their_own_date(
    client, searchable, path
):
    feed = parsed(client, path, organization="kh")

    [entry] = feed.entries
    assert entry.author == "Abu Ali al-Askari"
    assert {tag.term for tag in entry.tags} == {"Pro-violence", "iraq"}
    assert entry.created == "2023-03"
    assert "Mar. 2023" in entry.title


@pytest.mark.parametrize("path", FEEDS)
def test_quote_feed_of_a_search_names_it_and_links_the_archive_page(
    client, searchable, path
):
    feed = parsed(client, path, organization="kh", page="2")

    assert "Organisation: Kata'ib Hezbollah (KH)" in feed.feed.title
    assert feed.feed.link == "http://testserver/quotes/?organization=kh"


@pytest.mark.parametrize("path", [*FEEDS, "/feeds/quotes/json/"])
@pytest.mark.parametrize(
    "params", [{"category": "nothing"}, {"dates": "sideways"}, {"from": "yesterday"}]
)
def test_quote_feeds_refuse_filters_that_do_not_parse(client, db, path, params):
    response = client.get(path, params)

    assert response.status_code == 400
    assert "could not be used" in response.content.decode()


def test_json_feed_follows_version_1_1(client, searchable):
    response = client.get("/feeds/quotes/json/", {"organization": "kh"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/feed+json")
    feed = json.loads(response.content)
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["title"].startswith("Extremists: Their Words.")
    assert feed["home_page_url"] == "http://testserver/quotes/?organization=kh"
    assert feed["feed_url"] == "http://testserver/feeds/quotes/json/?organization=kh"
    [item] = feed["items"]
    theirs = searchable["theirs"]
    assert item["id"] == item["url"] == "http://testserver" + theirs.get_absolute_url()
    assert item["content_text"] == "The convoy will burn."
    assert item["authors"] == [{"name": "Abu Ali al-Askari"}]
    assert set(item["tags"]) == {"Pro-violence", "iraq"}
    assert item["_said_on"] == {"date": "2023-03", "precision": "month"}
    assert datetime.datetime.fromisoformat(item["date_published"])


@pytest.mark.parametrize("path", FEEDS)
def test_markup_typed_into_a_quote_reaches_a_reader_as_text(client, db, path):
    make_quote(
        text='Look <img src=x onerror="alert(1)"> here & <b>there</b>',
        context="<script>alert(2)</script>",
    )

    feed = parsed(client, path)

    [entry] = feed.entries
    assert shown_as_html(entry.summary) == ["p", "p"]
    assert (
        '<img src=x onerror="alert(1)">'
        in BeautifulSoup(entry.summary, "html.parser").get_text()
    )


def test_markup_typed_into_a_press_summary_reaches_a_reader_as_text(client, db):
    make_press_release(summary='<img src=x onerror="alert(1)">')

    response = client.get("/feeds/press/")
    [entry] = feedparser.parse(response.content).entries

    assert "img" not in shown_as_html(entry.summary)


def test_quote_feed_query_count_is_flat(client, db, django_assert_max_num_queries):
    category = Category.objects.create(name="C", slug="c", definition="C.")
    for n in range(60):
        quote = make_quote(
            person=make_person(), organization=make_organization(), tags=[f"t{n}"]
        )
        quote.categories.add(category)
    # The items with their speakers, their categories, their tags.
    with django_assert_max_num_queries(3):
        response = client.get("/feeds/quotes/")
    assert len(feedparser.parse(response.content).entries) == 50


def test_archive_page_links_the_feeds_of_its_search(client, searchable):
    response = client.get("/quotes/", {"organization": "kh", "page": "1"})
    text = response.content.decode()

    for path, kind in [
        ("/feeds/quotes/", "application/rss+xml"),
        ("/feeds/quotes/atom/", "application/atom+xml"),
        ("/feeds/quotes/json/", "application/feed+json"),
    ]:
        assert (
            f'<link rel="alternate" type="{kind}" title="This search of the archive'
            in text
        )
        assert f'href="{path}?organization=kh"' in text
    assert "Follow this search:" in text


def test_tag_and_resource_pages_link_the_feed_of_their_quotes(client, db):
    from resources.models import Resource

    group = make_resource(title="Kata'ib Hezbollah", kind=Resource.Kind.GROUP)
    kh = make_organization(name="Kata'ib Hezbollah", short_name="KH", profile=group)
    make_quote(organization=kh, tags=["iraq"])

    tag_page = client.get("/tags/iraq/").content.decode()
    assert 'type="application/rss+xml" title="Quotes tagged “iraq” (RSS)"' in tag_page
    assert 'href="/feeds/quotes/?tag=iraq"' in tag_page

    resource_page = client.get(group.get_absolute_url()).content.decode()
    assert f'href="/feeds/quotes/?organization={kh.slug}"' in resource_page
    assert "Follow the words of Kata&#x27;ib Hezbollah (RSS)" in resource_page

    feed = parsed(client, "/feeds/quotes/", organization=kh.slug)
    assert len(feed.entries) == 1
