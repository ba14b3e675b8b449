"""
Search through the public API of cepsite.fulltext on whichever database the
suite runs: on SQLite the simple fallback, on PostgreSQL full-text search.
Both must find the same expected items.
"""

from datetime import date

import pytest

from cepsite.fulltext import highlight
from cepsite.publishing import Status
from cepsite.site.search import search_site
from quotes.models import Quote
from quotes.search import search_quotes
from resources.names import find_names
from tests.factories import (
    make_organization,
    make_person,
    make_press_release,
    make_quote,
    make_resource,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def isis():
    page = make_resource(title="ISIS", kind="group", summary="A jihadist group.")
    return make_organization(name="ISIS", aliases="ISIL\nDaesh", profile=page)


@pytest.fixture
def baghdadi(isis):
    return make_person(name="Abu Bakr al-Baghdadi", organization=isis)


def test_words_are_found_in_quotes_press_and_resources():
    quote = make_quote(text="The caliphate will return.")
    release = make_press_release(title="Caliphate claims")
    resource = make_resource(title="Caliphate", kind="topic")
    make_quote(text="Unrelated words.")

    results = search_site("caliphate")

    assert list(results.quotes) == [quote]
    assert list(results.press) == [release]
    assert list(results.resources) == [resource]


def test_every_word_must_match_and_a_minus_excludes():
    both = make_quote(text="Oil fields in the north.")
    make_quote(text="Oil fields near Rome.")
    make_quote(text="Fields of wheat.")

    assert list(search_quotes(Quote.objects.published(), "oil fields -rome")) == [both]


def test_a_quoted_phrase_must_appear_as_written():
    phrase = make_quote(text="We will take Rome.")
    make_quote(text="Rome will take time.")

    assert list(search_quotes(Quote.objects.published(), '"take Rome"')) == [phrase]


def test_names_and_aliases_find_an_organisations_quotes_first(isis, baghdadi):
    said = make_quote(text="We will return.", person=baghdadi, organization=isis)
    mention = make_quote(text="Daesh fighters retreated.", said_on=date(2024, 1, 1))
    make_quote(text="Unrelated words.")

    results = search_site("Daesh")

    assert list(results.quotes) == [said, mention]
    assert list(results.resources) == [isis.profile]
    assert [o.name for o in results.names.organizations] == ["ISIS"]


def test_a_surname_finds_the_person(baghdadi):
    assert find_names("Baghdadi").people == [baghdadi]


def test_title_matches_rank_above_body_matches():
    in_body = make_press_release(title="Statement", body="<p>On oil.</p>")
    in_title = make_press_release(title="Oil", body="<p>Nothing.</p>")

    assert list(search_site("oil").press) == [in_title, in_body]


def test_drafts_are_never_found():
    make_quote(text="Secret caliphate plans.", status=Status.DRAFT)
    make_press_release(title="Caliphate draft", status=Status.DRAFT)

    results = search_site("caliphate")

    assert list(results.quotes) == []
    assert list(results.press) == []


def test_search_narrows_a_filtered_archive(isis):
    kept = make_quote(text="Strike now.", organization=isis)
    make_quote(text="Strike now.")

    queryset = Quote.objects.published().by_organization(isis)

    assert list(search_quotes(queryset, "strike")) == [kept]


def test_a_blank_query_finds_nothing_on_the_site_and_leaves_the_archive_alone():
    make_quote(text="Words.")
    queryset = Quote.objects.published()

    assert search_quotes(queryset, "") is queryset
    assert list(search_site("").quotes) == []


def test_snippets_mark_words_and_escape_everything_else():
    make_quote(text="He wrote <script>alert(1)</script> about the caliphate.")

    (quote,) = search_quotes(Quote.objects.published(), "caliphate")

    assert "&lt;script&gt;" in quote.search_snippet
    assert "<script>" not in quote.search_snippet
    assert "<mark>caliphate</mark>" in quote.search_snippet


def test_highlight_escapes_text_and_marks_each_word():
    marked = highlight('Oil & "gas" <b>', "oil gas")

    assert marked == "<mark>Oil</mark> &amp; &quot;<mark>gas</mark>&quot; &lt;b&gt;"


def test_highlight_cuts_long_text_around_the_first_match():
    text = " ".join(f"w{n}" for n in range(100)) + " target " + "tail " * 50

    marked = highlight(text, "target", words=12)

    assert "<mark>target</mark>" in marked
    assert marked.startswith("… ") and marked.endswith(" …")
    assert len(marked.split()) <= 14


def test_a_quote_snippet_is_its_whole_text_with_its_line_breaks():
    words = " ".join(f"w{n}" for n in range(80))
    make_quote(text=f"{words} caliphate.\n\nThe end.")

    (quote,) = search_quotes(Quote.objects.published(), "caliphate")

    assert quote.search_snippet == f"{words} <mark>caliphate</mark>.\n\nThe end."


def test_titles_of_press_and_resources_are_marked_too():
    make_press_release(title="Oil & gas revenue")

    (release,) = search_site("revenue").press

    assert release.search_title == "Oil &amp; gas <mark>revenue</mark>"


@pytest.mark.parametrize("q", ["Kataib Hezbollah", "Kata’ib Hezbollah", "kata'ib"])
def test_names_are_found_whatever_the_apostrophe(q):
    kh = make_organization(name="Kata'ib Hezbollah", short_name="KH")

    assert find_names(q).organizations == [kh]


@pytest.fixture
def rank_at_most_three(monkeypatch):
    monkeypatch.setattr("cepsite.fulltext.matching.RANKED_LIMIT", 3)


def test_more_matches_than_can_be_ranked_come_newest_first(rank_at_most_three):
    in_source = make_quote(text="Words.", source_title="Oil", said_on=date(2024, 1, 1))
    others = [
        make_quote(text="Oil, oil and oil.", said_on=date(2010 + n, 1, 1))
        for n in range(4)
    ]

    found = list(search_quotes(Quote.objects.published(), "oil"))

    assert found == [in_source, *reversed(others)]
    assert not hasattr(found[0], "search_rank")
    assert "<mark>Oil</mark>" in found[1].search_snippet


def test_the_site_counts_up_to_the_ranking_limit_and_says_there_are_more(
    rank_at_most_three,
):
    for n in range(5):
        make_press_release(title=f"Oil report {n}")
    make_quote(text="Oil.")

    results = search_site("oil")

    assert (results.press.count(), results.press.is_broad) == (3, True)
    assert len(list(results.press)) == 3
    assert (results.quotes.count(), results.quotes.is_broad) == (1, False)
    assert results.quotes[0].search_rank > 0
