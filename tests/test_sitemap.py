"""The sitemap: an index of every section's pages, each a block of keys."""

import datetime
import xml.etree.ElementTree as ET
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cepsite.publishing import Status
from cepsite.site.sitemaps import PAGE_SIZE
from cepsite.tagging import Tag
from tests.factories import (
    make_press_release,
    make_quote,
    make_resource,
)

NEW_YORK = ZoneInfo("America/New_York")
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def sitemap_xml(client, address):
    """The root element of the sitemap document at ``address``."""
    response = client.get(address)
    assert response.status_code == 200, address
    assert response["Content-Type"] == "application/xml"
    return ET.fromstring(response.content)


def sitemap_pages(client):
    """The section pages the index at /sitemap.xml lists, as local addresses."""
    root = sitemap_xml(client, "/sitemap.xml")
    assert root.tag == f"{SITEMAP}sitemapindex"
    return [
        loc.text.removeprefix("http://testserver") for loc in root.iter(f"{SITEMAP}loc")
    ]


def page_entries(client, address):
    """``{address: lastmod}`` of one section page."""
    root = sitemap_xml(client, address)
    assert root.tag == f"{SITEMAP}urlset"
    return {
        url.findtext(f"{SITEMAP}loc"): url.findtext(f"{SITEMAP}lastmod")
        for url in root.findall(f"{SITEMAP}url")
    }


def sitemap_entries(client):
    """``{address: lastmod}`` of every page the sitemap lists, through its index."""
    entries = {}
    for page in sitemap_pages(client):
        entries.update(page_entries(client, page))
    return entries


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
def test_tag_pages_are_listed_without_lastmod(client):
    make_press_release(tags=["isis"])
    make_resource(tags=["isis"])

    entries = sitemap_entries(client)

    assert "http://testserver/tags/isis/" in entries
    assert entries["http://testserver/tags/isis/"] is None


@pytest.mark.django_db
def test_the_index_at_sitemap_xml_lists_a_page_of_every_section(client):
    make_press_release(tags=["isis"])
    make_resource()
    make_quote()

    assert sitemap_pages(client) == [
        "/sitemap-sections.xml",
        "/sitemap-press.xml",
        "/sitemap-resources.xml",
        "/sitemap-quotes.xml",
        "/sitemap-tags.xml",
    ]


@pytest.mark.django_db
def test_a_section_is_listed_page_by_page_by_blocks_of_keys(client):
    first = make_quote()
    second = make_quote(pk=first.pk + PAGE_SIZE)
    # The only row of the third block is a draft: that page lists nothing.
    draft = make_quote(pk=first.pk + 2 * PAGE_SIZE, status=Status.DRAFT)
    last = make_quote(pk=first.pk + 4 * PAGE_SIZE - 1)

    quote_pages = [page for page in sitemap_pages(client) if "quotes" in page]

    assert quote_pages == [
        "/sitemap-quotes.xml",
        "/sitemap-quotes.xml?p=2",
        "/sitemap-quotes.xml?p=3",
        "/sitemap-quotes.xml?p=4",
    ]
    listed = [set(page_entries(client, page)) for page in quote_pages]
    assert listed == [
        {f"http://testserver{first.get_absolute_url()}"},
        {f"http://testserver{second.get_absolute_url()}"},
        set(),
        {f"http://testserver{last.get_absolute_url()}"},
    ]
    assert f"http://testserver{draft.get_absolute_url()}" not in set().union(*listed)
    assert client.get("/sitemap-quotes.xml?p=5").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    "address",
    [
        "/sitemap-press.xml?p=2",
        "/sitemap-press.xml?p=0",
        "/sitemap-press.xml?p=first",
        "/sitemap-sections.xml?p=2",
        "/sitemap-nothing.xml",
    ],
)
def test_a_page_beyond_the_last_or_of_no_section_is_404(client, address):
    make_press_release()

    assert client.get(address).status_code == 404


@pytest.mark.django_db
def test_a_section_with_nothing_published_is_one_empty_page(client):
    make_quote(status=Status.DRAFT)

    assert "/sitemap-quotes.xml" in sitemap_pages(client)
    assert page_entries(client, "/sitemap-quotes.xml") == {}
    assert client.get("/sitemap-quotes.xml?p=2").status_code == 404


@pytest.mark.django_db
def test_hidden_items_and_their_tags_are_on_no_sitemap_page(client):
    shown, hidden = [], []
    for make in (make_press_release, make_resource, make_quote):
        shown.append(make(tags=["shown"]))
        hidden += [
            make(status=Status.DRAFT, tags=["hidden"]),
            make(
                publish_at=timezone.now() + datetime.timedelta(days=1), tags=["hidden"]
            ),
            make(
                withdrawn_at=timezone.now(), withdrawal_note="Wrong.", tags=["hidden"]
            ),
        ]
    bare = Tag.objects.create(name="bare")
    Tag.objects.filter(pk=bare.pk).update(slug="")
    shown.append(make_quote(tags=[bare]))

    entries = sitemap_entries(client)

    items = set()
    for page in ("/sitemap-press.xml", "/sitemap-resources.xml", "/sitemap-quotes.xml"):
        items.update(page_entries(client, page))
    assert items == {f"http://testserver{item.get_absolute_url()}" for item in shown}
    for item in hidden:
        assert f"http://testserver{item.get_absolute_url()}" not in entries
    tags = {address for address in entries if "/tags/" in address}
    assert tags == {"http://testserver/tags/shown/"}


SECTION_PAGES = [
    ("/sitemap.xml", 4),
    ("/sitemap-sections.xml", 0),
    ("/sitemap-press.xml", 2),
    ("/sitemap-resources.xml", 2),
    ("/sitemap-quotes.xml", 2),
    ("/sitemap-tags.xml", 2),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("address", "queries"), SECTION_PAGES)
def test_each_sitemap_page_reads_a_fixed_number_of_queries(
    client, django_assert_num_queries, address, queries
):
    for n in range(60):
        make_press_release(tags=[f"t{n}", "a"])
        make_resource(tags=[f"r{n}"])
        make_quote(tags=[f"q{n}", "a"])
    # The index: each paged section's first and last key. A section page:
    # those keys again, then its block of rows.
    with django_assert_num_queries(queries):
        response = client.get(address)
    assert response.status_code == 200


@pytest.mark.django_db
def test_each_section_page_lists_all_its_rows(client):
    for n in range(60):
        make_press_release(tags=[f"t{n}"])
        make_resource()
        make_quote()

    counts = {
        page: len(page_entries(client, page))
        for page in sitemap_pages(client)
        if page != "/sitemap-sections.xml"
    }

    assert counts == {
        "/sitemap-press.xml": 60,
        "/sitemap-resources.xml": 60,
        "/sitemap-quotes.xml": 60,
        "/sitemap-tags.xml": 60,
    }


@pytest.mark.django_db
def test_the_last_page_reads_a_key_range_of_what_it_lists_only(client):
    first = make_quote(text="Not read by the sitemap.")
    last = make_quote(pk=first.pk + 2 * PAGE_SIZE)

    with CaptureQueriesContext(connection) as captured:
        entries = page_entries(client, "/sitemap-quotes.xml?p=3")

    assert set(entries) == {f"http://testserver{last.get_absolute_url()}"}
    sql = " ".join(query["sql"] for query in captured).upper()
    assert "OFFSET" not in sql
    assert '"QUOTES_QUOTE"."TEXT"' not in sql
    assert '"QUOTES_QUOTE"."UPDATED_AT"' in sql


@pytest.mark.django_db
def test_sitemap_pages_are_cached_by_section_and_page(client, page_cache):
    first = make_quote()
    make_quote(pk=first.pk + PAGE_SIZE)

    assert client.get("/sitemap.xml")["X-Cache"] == "miss"
    assert client.get("/sitemap.xml?p=2")["X-Cache"] == "hit"
    assert client.get("/sitemap-quotes.xml")["X-Cache"] == "miss"
    assert client.get("/sitemap-quotes.xml?p=2")["X-Cache"] == "miss"
    assert client.get("/sitemap-quotes.xml?p=2&r=1")["X-Cache"] == "hit"
    assert client.get("/sitemap-press.xml")["X-Cache"] == "miss"
