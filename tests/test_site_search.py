"""
The site search page at /search/, through the test client, on whichever
database the suite runs: the same view serves PostgreSQL's full-text search
and the SQLite fallback (cepsite.fulltext), so these tests hold on both.
"""

import html
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cepsite.publishing import Status
from tests.factories import (
    make_organization,
    make_person,
    make_press_release,
    make_quote,
    make_resource,
)

pytestmark = pytest.mark.django_db

SEARCH = reverse("search")


def search(client, **params):
    return client.get(SEARCH, params)


def sections(response):
    return {section.key: section for section in response.context["sections"]}


def found(response, key):
    return sections(response)[key].results


def listed(response):
    return list(response.context["page_obj"].object_list)


def text_of(response):
    return html.unescape(response.content.decode())


# What is found ---------------------------------------------------------------


def test_words_are_found_in_titles_summaries_and_bodies_ignoring_case(client):
    by_title = make_press_release(
        title="Sanctions on Kata'ib Hezbollah", summary="", body=""
    )
    by_summary = make_press_release(
        title="Statement", summary="New SANCTIONS announced.", body=""
    )
    by_body = make_resource(
        title="Iraq", summary="", body="<p>Calls for sanctions grew.</p>"
    )
    make_press_release(title="Nothing to do with it")

    response = search(client, q="sanctions")

    assert found(response, "press") == [by_title, by_summary]
    assert found(response, "resources") == [by_body]


def test_quotes_are_found_by_their_words_and_by_their_speakers_aliases(client):
    kh = make_organization(name="Kata'ib Hezbollah", aliases="Hezbollah Brigades")
    said = make_quote(text="We will strike the occupiers.")
    by_alias = make_quote(text="Unrelated words.", organization=kh)

    assert found(search(client, q="occupiers"), "quotes") == [said]
    assert found(search(client, q="hezbollah brigades"), "quotes") == [by_alias]


def test_a_resource_is_found_by_the_aliases_of_whom_it_profiles(client):
    page = make_resource(title="ISIS", kind="group", body="<p>A group.</p>")
    make_organization(name="Islamic State", aliases="Daesh\nISIL", profile=page)
    person_page = make_resource(title="Al-Baghdadi", kind="person")
    make_person(
        name="Abu Bakr al-Baghdadi", aliases="Ibrahim Awad", profile=person_page
    )

    assert found(search(client, q="daesh"), "resources") == [page]
    assert found(search(client, q="ibrahim awad"), "resources") == [person_page]


def test_every_word_must_match_somewhere(client):
    both = make_press_release(title="Iraq", summary="Militias expanded.")
    make_press_release(title="Iraq elections")

    assert found(search(client, q="iraq militias"), "press") == [both]


def test_a_minus_leaves_a_word_out_and_quotes_keep_a_phrase(client):
    phrase = make_quote(text="We will take Rome.")
    make_quote(text="Rome will take time.")

    assert found(search(client, q='"take rome"'), "quotes") == [phrase]
    assert found(search(client, q="rome -time"), "quotes") == [phrase]


def test_the_best_match_comes_first_whatever_its_date(client):
    now = timezone.now()
    in_body = make_press_release(
        title="Statement",
        summary="",
        body="<p>Oil revenue funds the group.</p>",
        publish_at=now - timedelta(days=1),
    )
    in_title = make_press_release(
        title="Oil revenue", summary="", body="", publish_at=now - timedelta(days=90)
    )

    response = search(client, q="oil revenue", type="press")

    assert listed(response) == [in_title, in_body]
    assert "most relevant first" in text_of(response)


def test_drafts_and_scheduled_items_are_never_found(client):
    later = timezone.now() + timedelta(days=3)
    make_quote(status=Status.DRAFT, text="A secret caliphate.")
    make_press_release(title="Caliphate draft", status=Status.DRAFT)
    make_resource(title="Caliphate", publish_at=later)

    response = search(client, q="caliphate")

    assert response.context["total"] == 0
    text = text_of(response)
    assert "secret" not in text
    assert "Caliphate draft" not in text


# Organisations and people ----------------------------------------------------


def test_the_organisations_and_people_named_come_first_with_their_pages(client):
    page = make_resource(title="ISIS", kind="group")
    isis = make_organization(name="ISIS", aliases="Daesh", profile=page)
    hidden = make_resource(title="Al-Baghdadi", status=Status.DRAFT)
    baghdadi = make_person(
        name="Abu Bakr al-Baghdadi", organization=isis, profile=hidden
    )

    daesh = search(client, q="Daesh")
    (named,) = daesh.context["names"]
    assert named.name == "ISIS"
    assert named.profile_url == page.get_absolute_url()
    assert named.archive_url == f"/quotes/?organization={isis.slug}"
    assert f'href="{page.get_absolute_url()}">ISIS</a>' in daesh.content.decode()

    # A draft profile is not linked: the archive filtered to them is.
    (person,) = search(client, q="al-Baghdadi").context["names"]
    assert person.name == baghdadi.name
    assert person.description == "Person, ISIS"
    assert person.profile_url == ""
    assert f'href="/quotes/?person={baghdadi.slug}"' in text_of(
        search(client, q="al-Baghdadi")
    )


def test_a_name_alone_finds_the_quotes_of_whom_it_names(client):
    kh = make_organization(
        name="Kata'ib Hezbollah", short_name="KH", aliases="Hezbollah Brigades"
    )
    theirs = make_quote(text="The strikes will be answered.", organization=kh)
    make_quote(text="Unrelated words.")

    response = search(client, q="Kata'ib Hezbollah")

    assert found(response, "quotes") == [theirs]
    assert [name.name for name in response.context["names"]] == [
        "Kata'ib Hezbollah (KH)"
    ]


# The page --------------------------------------------------------------------


def test_results_are_grouped_by_type_with_counts_and_see_all_links(client):
    for n in range(7):
        make_press_release(title=f"Hezbollah statement {n}")
    make_quote(text="Hezbollah will answer.")

    response = search(client, q="hezbollah")

    assert response.status_code == 200
    groups = sections(response)
    assert [section.key for section in response.context["sections"]] == [
        "resources",
        "press",
        "quotes",
    ]
    assert groups["press"].count == 7
    assert len(groups["press"].results) == 5
    assert groups["quotes"].count == 1
    assert groups["resources"].count == 0
    page = response.content.decode()
    assert "8 results, most relevant first" in page
    assert 'href="?q=hezbollah&amp;type=press">See all 7 press releases' in page
    assert "See all 1 their words" not in page
    assert "No resources match." in page


def test_one_type_of_result_is_paginated(client):
    for n in range(25):
        make_press_release(title=f"Hezbollah statement {n}")

    first = search(client, q="hezbollah", type="press")
    second = search(client, q="hezbollah", type="press", page="2")

    assert len(listed(first)) == 20
    assert len(listed(second)) == 5
    assert not set(listed(first)) & set(listed(second))
    page = first.content.decode()
    assert 'href="?q=hezbollah&amp;type=press&amp;page=2"' in page
    assert "Press releases matching “hezbollah”" in page
    assert 'href="?q=hezbollah">Back to all results' in page


def test_each_result_shows_where_it_matched_marked_and_escaped(client):
    make_quote(text='He wrote <script>alert("x")</script> about the caliphate.')
    make_press_release(
        title="Caliphate claims", summary="", body="<p>The caliphate &amp; oil.</p>"
    )

    page = search(client, q="caliphate").content.decode()

    assert "<mark>caliphate</mark>" in page
    assert "<mark>Caliphate</mark> claims</a>" in page
    assert "The <mark>caliphate</mark> &amp; oil." in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert '<script>alert("x")' not in page


def test_a_quote_found_keeps_its_line_breaks(client):
    make_quote(text="First, the caliphate.\n\nThen, the rest.")

    page = search(client, q="caliphate").content.decode()

    assert "<p>First, the <mark>caliphate</mark>.</p>" in page
    assert "<p>Then, the rest.</p>" in page


def test_search_box_keeps_the_query(client):
    page = search(client, q="al-Askari").content.decode()

    assert 'value="al-Askari"' in page
    assert "<h1>Search results for “al-Askari”</h1>" in page


def test_nothing_found_says_so_and_suggests_what_to_try(client):
    response = search(client, q="zzyzx")

    assert response.status_code == 200
    assert response.context["total"] == 0
    assert "Nothing matches “zzyzx”. Try fewer words" in text_of(response)


def test_search_page_without_query_invites_a_search(client):
    response = search(client)

    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>Search</h1>" in page
    assert "Type a word or a name above" in page


# Bad input -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"q": "x" * 201}, "Search for at most 200 characters, please."),
        ({"q": "x" * 10_240}, "Search for at most 200 characters, please."),
        ({"q": "oil\x00"}, "Null characters are not allowed."),
        ({"q": "oil", "type": "videos"}, "Showing every kind of result."),
        ({"q": "-oil"}, "Type a word to look for"),
        ({"q": '""'}, "Type a word to look for"),
        ({"q": "oil", "type": "press", "page": "0"}, "Page numbers start at 1"),
        ({"q": "oil", "type": "press", "page": "x" * 10_240}, "not understood"),
        ({"q": "oil", "type": "press", "page": "99999"}, "There is only one page"),
        ({"q": "oil", "type": "press", "page": "9" * 100}, "There is only one page"),
    ],
)
def test_bad_input_gives_a_page_with_a_message(client, params, message):
    make_press_release(title="Oil revenue")

    response = search(client, **params)

    assert response.status_code == 200
    assert message in text_of(response)


@pytest.mark.parametrize(
    "q",
    [
        "Ḥizballāh",
        "Kata’ib ‘Hezbollah’",
        "𝔥𝔢𝔷𝔟𝔬𝔩𝔩𝔞𝔥 ☃ 🚀",
        "\u202eoil\u200b\ufeff",
        "\x01\x02\x03\x04\x05 oil",
        "حزب الله",
        "( ) ! & | : * <-> '",
        "or or -or",
        "a " * 99,
        "%_\\",
    ],
)
def test_odd_queries_give_a_page_not_an_error(client, q):
    make_quote(text="Oil and Hezbollah.")
    make_press_release(title="Oil revenue")

    for params in ({"q": q}, {"q": q, "type": "quotes"}, {"q": q, "type": "press"}):
        response = search(client, **params)
        assert response.status_code == 200, params


def test_a_type_without_a_query_invites_a_search(client):
    response = search(client, type="quotes", page="3")

    assert response.status_code == 200
    assert "Type a word or a name above" in text_of(response)


# Query budget ----------------------------------------------------------------


def _fill(n_rows, organization):
    for n in range(n_rows):
        person = make_person(name=f"Speaker {n}", organization=organization)
        make_press_release(title=f"Hezbollah {n}", tags=[f"t{n}", "a"])
        make_quote(
            text=f"Hezbollah {n}", organization=organization, person=person, tags=["a"]
        )
        make_resource(title=f"Hezbollah {n}", tags=[f"t{n}"])


def test_search_page_costs_a_fixed_number_of_queries(
    client, django_assert_max_num_queries
):
    kh = make_organization(name="Hezbollah", profile=make_resource(title="KH"))
    _fill(1, kh)
    with CaptureQueriesContext(connection) as few:
        search(client, q="hezbollah")

    _fill(60, kh)
    # Two for the names, then a count and the first few of each kind; the
    # quotes and resources of the organisation named are counted first.
    with django_assert_max_num_queries(10):
        response = search(client, q="hezbollah")
    # The resources include the named organisation's own page.
    assert {key: s.count for key, s in sections(response).items()} == {
        "resources": 62,
        "press": 61,
        "quotes": 61,
    }
    with CaptureQueriesContext(connection) as many:
        search(client, q="hezbollah")
    assert len(many) == len(few)

    with django_assert_max_num_queries(5):
        response = search(client, q="hezbollah", type="quotes", page="2")
    assert len(listed(response)) == 20
    assert "Speaker" in text_of(response)


def test_more_results_than_can_be_ranked_are_listed_newest_first(client, monkeypatch):
    monkeypatch.setattr("cepsite.fulltext.matching.RANKED_LIMIT", 6)
    quotes = [
        make_quote(text=f"Oil statement {n}.", said_on=date(2010 + n, 1, 1))
        for n in range(8)
    ]

    overview = search(client, q="oil")
    listing = search(client, q="oil", type="quotes")

    assert found(overview, "quotes") == quotes[:2:-1]
    page = overview.content.decode()
    assert 'Their words <span class="count">(more than 6)</span>' in page
    assert "See the first 6 their words" in page
    assert listed(listing) == quotes[:1:-1]
    assert "More than 6 results: too many to rank" in text_of(listing)
    assert 'href="/quotes/?q=oil">The archive</a>' in text_of(listing)
