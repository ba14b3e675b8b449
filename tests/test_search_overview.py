"""
The first render of the site search: the overview counts and ranks press
releases and quotes only so far (cepsite.site.search.OVERVIEW_LIMITS), their
own pages further, and a snippet of a long text is cut from where the words
are. On PostgreSQL and SQLite alike, unless a test says otherwise.
"""

import html
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cepsite.fulltext import matching
from cepsite.site import search as site_search
from tests.factories import make_press_release, make_quote, make_resource

pytestmark = pytest.mark.django_db

only_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="stems and folded accents are found by PostgreSQL's text search",
)


@pytest.fixture
def overview_limit(monkeypatch):
    """The overview counts and ranks at most three of each kind it limits."""
    for key in site_search.OVERVIEW_LIMITS:
        monkeypatch.setitem(site_search.OVERVIEW_LIMITS, key, 3)


def _search(client, **params):
    response = client.get("/search/", params)
    assert response.status_code == 200
    return response


def _sections(response):
    return {section.key: section for section in response.context["sections"]}


def _text(response):
    return html.unescape(response.content.decode())


def _snippet(response, key):
    (result,) = _sections(response)[key].results
    return str(result.search_snippet)


def _releases(count, **fields):
    now = timezone.now()
    return [
        make_press_release(
            title=f"Oil report {n}",
            summary="Oil." * (n % 3 + 1),
            publish_at=now - timedelta(days=n + 1),
            **fields,
        )
        for n in range(count)
    ]


# How far the overview counts -------------------------------------------------


def test_the_overview_says_more_than_its_limit_and_lists_the_newest(
    client, overview_limit
):
    releases = _releases(5)

    response = _search(client, q="oil")

    press = _sections(response)["press"]
    assert (press.count, press.is_broad, press.counted_short) == (3, True, True)
    assert press.results == releases[:3]
    page = response.content.decode()
    assert 'Press releases <span class="count">(more than 3)</span>' in page
    assert "More than 3 match, listed newest first." in page
    assert 'href="?q=oil&amp;type=press">See more than 3 press releases' in page
    assert "More than 3 results" in page


def test_the_section_page_ranks_what_the_overview_only_counted(client, overview_limit):
    _releases(5)

    response = _search(client, q="oil", type="press")

    assert response.context["section"].is_broad is False
    assert len(response.context["page_obj"].object_list) == 5
    assert "5 results, most relevant first" in _text(response)


def _by_where_the_word_is():
    """Three releases, the newest with the word in its body, the oldest in its title."""
    now = timezone.now()
    return [
        make_press_release(
            title=title, summary=summary, body=body, publish_at=now - timedelta(days=n)
        )
        for n, (title, summary, body) in enumerate(
            [
                ("Oil revenue", "On events.", "<p>Nothing.</p>"),
                ("Statement", "Oil revenue.", "<p>Nothing.</p>"),
                ("Statement", "On events.", "<p>Oil revenue.</p>"),
            ],
            start=1,
        )
    ]


def test_the_overview_ranks_what_it_finds_within_its_limit(client, overview_limit):
    in_title, in_summary, in_body = _by_where_the_word_is()
    make_quote(text="Oil revenue.")

    response = _search(client, q="oil revenue")

    press = _sections(response)["press"]
    assert (press.count, press.is_broad) == (3, False)
    assert press.results == [in_title, in_summary, in_body]
    assert "4 results, most relevant first" in _text(response)


def test_resources_are_ranked_on_the_overview_as_far_as_on_their_page(
    client, overview_limit
):
    for n in range(4):
        make_resource(title=f"Oil field {n}", summary="Oil." * (n + 1))
    best = make_resource(title="Oil", summary="Oil oil oil oil oil.")

    resources = _sections(_search(client, q="oil"))["resources"]

    assert (resources.count, resources.is_broad) == (5, False)
    assert resources.results[0] == best


def test_the_overview_keeps_the_ranked_limit_when_it_is_lower(client, monkeypatch):
    monkeypatch.setattr(matching, "RANKED_LIMIT", 2)
    _releases(3)

    press = _sections(_search(client, q="oil"))["press"]

    # Counted as far as a section page would: it has nothing more to show.
    assert (press.count, press.is_broad, press.counted_short) == (2, True, False)


def test_resources_too_many_to_rank_are_listed_by_title(client, monkeypatch):
    monkeypatch.setattr(matching, "RANKED_LIMIT", 2)
    for title in ("Oil in Iraq", "Oil", "Oil fields", "Basra oil"):
        make_resource(title=title)

    resources = _sections(_search(client, q="oil"))["resources"]

    assert resources.is_broad
    assert [result.title for result in resources.results] == ["Basra oil", "Oil"]


@only_postgresql
def test_the_keys_of_a_search_too_broad_to_rank_come_without_ranks():
    _releases(3)
    found = site_search.search_site("oil").press._matches

    broad = found.first_keys("publish_at", limit=2, rank=found.rank)
    ranked = found.first_keys("publish_at", limit=3, rank=found.rank)

    assert [row[1] for row in broad] == [None, None, None]
    assert all(row[1] > 0 for row in ranked)
    assert sorted(row[0] for row in broad) == sorted(row[0] for row in ranked)


# What is kept between the overview and a section page -----------------------


def _press_queries(client, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    sqls = [query["sql"] for query in queries.captured_queries]
    return response, [sql for sql in sqls if "press_pressrelease" in sql]


@pytest.mark.usefixtures("page_cache")
def test_an_overview_after_the_section_page_reads_no_keys_again(client):
    _releases(4)
    client.get("/")  # a page served: a content version is current
    _press_queries(client, "/search/?q=oil&type=press")

    overview, press = _press_queries(client, "/search/?q=oil")

    # Only the first few rows: the keys came with the section page.
    assert len(press) == 1
    assert _sections(overview)["press"].count == 4


@pytest.mark.usefixtures("page_cache")
def test_a_section_page_after_an_overview_that_stopped_short_counts_on(
    client, overview_limit
):
    _releases(5)
    client.get("/")
    _press_queries(client, "/search/?q=oil")

    listing, press = _press_queries(client, "/search/?q=oil&type=press")

    # The overview's three keys cannot say how many more there are.
    assert len(press) == 2
    assert listing.context["paginator"].count == 5
    assert "5 results, most relevant first" in _text(listing)


# Snippets --------------------------------------------------------------------


def _filler(words):
    return " ".join(f"filler{n}" for n in range(words))


def test_a_snippet_marks_words_far_into_a_long_body(client):
    body = f"<p>{_filler(600)}</p><p>They spoke of the caliphate again.</p>"
    make_press_release(title="Statement", summary="On events.", body=body)

    snippet = _snippet(_search(client, q="caliphate"), "press")

    assert "<mark>caliphate</mark>" in snippet
    assert "filler0 " not in snippet
    assert len(snippet.split()) <= 35


def test_a_snippet_shows_no_tag_cut_in_half(client):
    link = '<a title="' + "x " * 150 + '" href="/report">the report</a>'
    body = f"<p>{_filler(300)} {link} says the caliphate.</p>"
    make_press_release(title="Statement", summary="On events.", body=body)

    snippet = _snippet(_search(client, q="caliphate"), "press")

    assert "<mark>caliphate</mark>" in snippet
    assert "the report says the" in snippet
    assert "x x" not in snippet
    assert "href" not in snippet


def test_a_page_matched_by_its_title_alone_shows_its_opening_words(client):
    make_press_release(
        title="Caliphate claims",
        summary="Statements made this week.",
        body=f"<p>{_filler(400)}</p>",
    )

    snippet = _snippet(_search(client, q="caliphate"), "press")

    assert "<mark>" not in snippet
    assert snippet.startswith("Statements made this week. filler0 filler1")


def test_a_snippet_of_a_short_text_keeps_its_first_and_last_words(client):
    make_resource(title="Iraq", summary="", body="<p>Revenue funds the group.</p>")

    snippet = _snippet(_search(client, q="revenue"), "resources")

    assert snippet == "<mark>Revenue</mark> funds the group."


@only_postgresql
def test_a_snippet_marks_a_stem_or_an_accent_far_into_a_long_body(client):
    body = f"<p>{_filler(600)}</p><p>Ḥizballāh fighters were killing.</p>"
    make_press_release(title="Statement", summary="On events.", body=body)

    snippet = _snippet(_search(client, q="hizballah"), "press")

    assert "<mark>Ḥizballāh</mark>" in snippet


@only_postgresql
def test_a_snippet_finds_every_word_of_a_phrase_near_another_use_of_one(client):
    body = (
        f"<p>A heavy toll. {_filler(100)}</p>"
        f"<p>{_filler(300)} They will pay a heavy price.</p>"
    )
    make_press_release(title="Statement", summary="On events.", body=body)

    snippet = _snippet(_search(client, q='"heavy price"'), "press")

    assert "<mark>heavy</mark> <mark>price</mark>" in snippet
