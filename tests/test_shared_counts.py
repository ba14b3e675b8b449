"""
The dearest reads of the press list, the archive and search are kept under
the page cache's content version: counts, the month archive, search keys,
rankings and pages of broad searches. A later page of the same list reads
only its own rows, and any edit refreshes what was kept.
"""

from datetime import date, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cepsite import pagecache, services
from cepsite.fulltext import matching
from press.models import PressRelease
from quotes.models import Quote
from resources.models import Resource
from tests.factories import (
    make_organization,
    make_press_release,
    make_quote,
    make_resource,
)
from tests.redis_server import RedisServer, redis_cache_settings

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache")]


def _render(client, path):
    """The response to ``path``, rendered afresh, and the SQL it sent."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    assert response["X-Cache"] == "miss"
    return response, [query["sql"] for query in queries.captured_queries]


def _counts(sqls):
    return [sql for sql in sqls if "COUNT(" in sql]


def test_the_press_list_counts_and_archives_once_per_content_version(client):
    for _ in range(25):
        make_press_release()
    client.get("/")  # a page served: a content version is current
    first, first_sqls = _render(client, "/press/")
    second, second_sqls = _render(client, "/press/?page=2")

    assert first.context["paginator"].count == 25
    # The month archive counts every release: the page count is its sum.
    assert len(_counts(first_sqls)) == 1
    assert _counts(second_sqls) == []
    assert len(second_sqls) == len(first_sqls) - 1
    assert second.context["paginator"].count == 25
    assert second.context["archive"] == first.context["archive"]
    assert len(second.context["releases"]) == 5


def test_an_edit_refreshes_the_press_list_count_and_archive(client):
    releases = [make_press_release() for _ in range(25)]
    client.get("/")  # a page served: a content version is current
    _render(client, "/press/")

    services.items_withdraw(
        queryset=PressRelease.objects.filter(pk=releases[0].pk), note="Wrong date."
    )
    response, sqls = _render(client, "/press/?page=2")

    assert response.context["paginator"].count == 24
    assert sum(year["count"] for year in response.context["archive"]) == 24
    assert len(_counts(sqls)) == 1


def test_press_list_counts_are_kept_apart_by_filter(client):
    new_year = timezone.make_aware(datetime(2024, 1, 1, 0, 30))
    make_press_release(tags=["isis"], publish_at=new_year)
    make_press_release(tags=["isis"], publish_at=new_year.replace(year=2023))
    make_press_release(tags=["iran"], publish_at=new_year.replace(month=3))
    client.get("/")  # a page served: a content version is current
    paths = [
        "/press/",
        "/press/?tag=isis",
        "/press/?tag=iran",
        "/press/?tag=isis&year=2024",
        "/press/?year=2024",
        "/press/?year=2024&month=1",
        "/press/?tag=isis&year=2023&page=2",
    ]
    counts = [_render(client, path)[0].context["paginator"].count for path in paths]
    assert counts == [3, 2, 1, 1, 2, 1, 1]


def test_archive_counts_and_facets_are_kept_until_an_edit(client):
    kh = make_organization(name="Kata'ib Hezbollah")
    other = make_organization(name="Other group")
    quotes = [make_quote(organization=kh, said_on=date(2020, 1, 1)) for _ in range(30)]
    make_quote(organization=other, said_on=date(2019, 1, 1))
    client.get("/")

    first, first_sqls = _render(client, "/quotes/")
    second, second_sqls = _render(client, "/quotes/?page=2")
    assert first.context["paginator"].count == 31
    assert _counts(first_sqls)
    assert _counts(second_sqls) == []
    assert len(second_sqls) < len(first_sqls)
    assert second.context["paginator"].count == 31
    assert second.context["organization_facets"] == first.context["organization_facets"]
    assert second.context["year_facets"] == first.context["year_facets"]
    assert len(second.context["quotes"]) == 6

    services.items_withdraw(
        queryset=Quote.objects.filter(pk=quotes[0].pk), note="Misattributed."
    )
    third, third_sqls = _render(client, "/quotes/?page=2")
    assert third.context["paginator"].count == 30
    assert {row["year"]: row["count"] for row in third.context["year_facets"]} == {
        2020: 29,
        2019: 1,
    }
    assert _counts(third_sqls)


def test_archive_counts_are_kept_apart_by_filter(client):
    kh = make_organization(name="Kata'ib Hezbollah")
    other = make_organization(name="Other group")
    for _ in range(3):
        make_quote(organization=kh)
    make_quote(organization=other)
    client.get("/")
    counts = [
        _render(client, path)[0].context["paginator"].count
        for path in (
            "/quotes/",
            f"/quotes/?organization={kh.slug}",
            f"/quotes/?organization={other.slug}",
            f"/quotes/?organization={kh.slug}&page=2",
        )
    ]
    assert counts == [4, 3, 1, 3]


def _titles(response, key):
    sections = {section.key: section for section in response.context["sections"]}
    return [result.title for result in sections[key].results]


def test_search_keeps_its_keys_and_ranking_and_pages_read_only_their_rows(
    client, settings
):
    for n in range(8):
        make_press_release(title=f"Oil report {n}", summary="Oil." * (n % 3 + 1))
    settings.PAGE_CACHE_ENABLED = False
    with CaptureQueriesContext(connection) as unkept:
        uncached = client.get("/search/", {"q": "oil", "type": "press"})
    settings.PAGE_CACHE_ENABLED = True
    client.get("/")

    _render(client, "/search/?q=oil")
    response, sqls = _render(client, "/search/?q=oil&type=press")

    # The names, then the page's own rows, by key: no search of the vectors.
    kept = list(response.context["page_obj"].object_list)
    assert [result.pk for result in kept] == [
        result.pk for result in uncached.context["page_obj"].object_list
    ]
    assert len(kept) == 8
    ranks = [result.search_rank for result in kept]
    assert ranks == sorted(ranks, reverse=True)
    assert len(sqls) == len(unkept) - 1
    # (A snippet reads its own row's vector, which is no search.)
    searched = [sql for sql in sqls if '"search_vector" @@' in sql]
    assert searched == [] or connection.vendor != "postgresql"


def test_an_edit_refreshes_a_kept_search(client):
    releases = [make_press_release(title=f"Oil report {n}") for n in range(3)]
    client.get("/")  # a page served: a content version is current
    before, _ = _render(client, "/search/?q=oil")
    services.items_withdraw(
        queryset=PressRelease.objects.filter(pk=releases[0].pk), note="Superseded."
    )
    after, _ = _render(client, "/search/?q=oil&type=")
    sections = {section.key: section for section in after.context["sections"]}
    assert sections["press"].count == 2
    assert releases[0].title not in _titles(after, "press")
    assert releases[0].title in _titles(before, "press")


def test_a_broad_search_keeps_its_pages_until_an_edit(client, monkeypatch):
    monkeypatch.setattr(matching, "RANKED_LIMIT", 3)
    releases = [make_press_release(title=f"Oil report {n}") for n in range(5)]
    client.get("/")
    first, _ = _render(client, "/search/?q=oil")
    with CaptureQueriesContext(connection) as queries:
        second = client.get("/search/?q=oil&type=")
    assert second["X-Cache"] == "miss"
    press = [sql for sql in (q["sql"] for q in queries) if "press_pressrelease" in sql]
    assert press == []
    assert _titles(second, "press") == _titles(first, "press")

    newest = max(releases, key=lambda release: release.publish_at)
    services.items_withdraw(
        queryset=PressRelease.objects.filter(pk=newest.pk), note="Superseded."
    )
    third, _ = _render(client, "/search/?q=oil&type=")
    assert newest.title not in _titles(third, "press")
    assert newest.title in _titles(first, "press")


@pytest.fixture
def redis_cache(settings, monkeypatch):
    server = RedisServer().start()
    settings.CACHES = redis_cache_settings(server.url)
    monkeypatch.setattr(pagecache, "health", pagecache._Health())
    settings.PAGE_CACHE_RETRY_SECONDS = 0
    yield server
    server.kill()


def test_with_the_cache_down_counts_and_searches_are_read_afresh(client, redis_cache):
    for n in range(25):
        make_press_release(title=f"Oil report {n}")
    make_quote()
    client.get("/")
    assert client.get("/press/")["X-Cache"] == "miss"
    redis_cache.kill()
    services.items_withdraw(
        queryset=PressRelease.objects.filter(title="Oil report 0"), note="Wrong."
    )
    press = client.get("/press/?page=2")
    archive = client.get("/quotes/")
    search = client.get("/search/?q=oil&type=press")
    for response in (press, archive, search):
        assert response.status_code == 200
        assert response["X-Cache"] == "unavailable"
    assert press.context["paginator"].count == 24
    assert archive.context["paginator"].count == 1
    assert search.context["paginator"].count == 24


@pytest.mark.parametrize(
    ("model", "order"),
    [
        (PressRelease, ("-publish_at", "-pk")),
        (Resource, ("title", "pk")),
    ],
)
def test_a_kept_ranking_pages_as_the_database_ranks(model, order, settings):
    settings.PAGE_CACHE_ENABLED = False
    for n in range(9):
        # Ranks tie in threes, titles in pairs: the order breaks the ties.
        fields = {"title": f"Oil {n // 2}", "summary": "oil " * (n % 3 + 1)}
        if model is PressRelease:
            make_press_release(**fields)
        else:
            make_resource(**fields)
    fields = (("title",), ("summary",), ("body",), ())
    found = matching.matches(model.objects.published(), "oil", fields, order=order)
    database_order = [item.pk for item in matching.Found(found)[0:9]]
    kept = matching.Found(found, name="kept")
    pages = [kept[start : start + 4] for start in (0, 4, 8)]
    assert [item.pk for page in pages for item in page] == database_order
    assert kept[5].pk == database_order[5]
