"""
Full-text and name search on PostgreSQL (cepsite.fulltext, cepsite.names):
ranking, web search syntax, folding, names with typos, freshness, safety.
"""

import time
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cepsite.publishing import Status
from cepsite.site.search import search_site
from quotes.models import Quote
from quotes.search import first_results, search_quotes
from resources.names import find_names
from tests.factories import (
    make_organization,
    make_person,
    make_press_release,
    make_quote,
    make_resource,
)

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="PostgreSQL full-text search"
    ),
]


def found(queryset):
    return list(queryset)


@pytest.fixture
def isis():
    page = make_resource(
        title="ISIS",
        kind="group",
        summary="A jihadist group that held territory in Iraq and Syria.",
    )
    return make_organization(
        name="ISIS",
        aliases="ISIL\nDaesh\nthe Islamic State",
        profile=page,
    )


@pytest.fixture
def kh():
    return make_organization(
        name="Kata'ib Hezbollah",
        short_name="KH",
        aliases="Kataib Hizballah\nHezbollah Brigades",
    )


@pytest.fixture
def baghdadi(isis):
    page = make_resource(title="Abu Bakr al-Baghdadi", kind="person")
    return make_person(name="Abu Bakr al-Baghdadi", organization=isis, profile=page)


def quotes_for(q, queryset=None):
    return found(search_quotes(queryset or Quote.objects.published(), q))


# Ranking --------------------------------------------------------------------


def test_a_title_match_outranks_a_summary_match_which_outranks_a_body_match():
    in_body = make_press_release(
        title="Statement", summary="On events.", body="<p>Sanctions on oil.</p>"
    )
    in_title = make_press_release(
        title="Oil sanctions", summary="On events.", body="<p>Nothing.</p>"
    )
    in_summary = make_press_release(
        title="Statement", summary="Oil money.", body="<p>Nothing.</p>"
    )
    make_press_release(title="Unrelated", summary="Other.", body="<p>Other.</p>")

    results = search_site("oil")

    assert found(results.press) == [in_title, in_summary, in_body]


def test_a_speakers_name_weighs_more_than_the_words_of_a_quote(isis, baghdadi):
    mentions = make_quote(text="They said Baghdadi was hiding.")
    said = make_quote(text="We will return.", person=baghdadi, organization=isis)

    assert quotes_for("Baghdadi") == [said, mentions]


def test_equal_ranks_come_newest_first():
    older = make_quote(text="The caliphate endures.", said_on=date(2015, 1, 1))
    newer = make_quote(text="The caliphate endures.", said_on=date(2019, 1, 1))

    assert quotes_for("caliphate") == [newer, older]


def test_words_are_stemmed_in_english():
    quote = make_quote(text="They were killing civilians.")

    assert quotes_for("kills") == [quote]
    assert quotes_for("civilian") == [quote]


# Web search syntax ------------------------------------------------------------


def test_a_quoted_phrase_matches_the_words_in_that_order_only():
    phrase = make_quote(text="We will take Rome.")
    make_quote(text="Rome will take time.")

    assert quotes_for('"take Rome"') == [phrase]


def test_a_minus_excludes_a_word():
    kept = make_quote(text="Oil fields in the north.")
    make_quote(text="Oil fields near Rome.")

    assert quotes_for("oil -rome") == [kept]


def test_or_matches_either_word():
    rome = make_quote(text="March on Rome.")
    baghdad = make_quote(text="March on Baghdad.")
    make_quote(text="March on Kabul.")

    assert set(quotes_for("rome or baghdad")) == {rome, baghdad}


def test_a_query_of_exclusions_only_or_stop_words_finds_nothing():
    make_quote(text="The oil and the fields.")

    assert quotes_for("-oil") == []
    assert quotes_for("the and") == []
    assert found(search_site("-oil").quotes) == []


# Folding ------------------------------------------------------------------


@pytest.mark.parametrize("query", ["Kata'ib", "Kataib", "Kata’ib", "kataib"])
@pytest.mark.parametrize("written", ["Kata'ib", "Kataib", "Kata’ib"])
def test_apostrophe_variants_are_one_word(written, query):
    quote = make_quote(text=f"A statement by {written} fighters.")

    assert quotes_for(query) == [quote]


def test_accents_are_folded_both_ways():
    accented = make_quote(text="Ḥizballāh declared victory.")
    plain = make_quote(text="Hizballah declared victory.", said_on=date(2020, 1, 1))

    assert set(quotes_for("Hizballah")) == {accented, plain}
    assert set(quotes_for("Ḥizballāh")) == {accented, plain}


def test_a_hyphenated_name_matches_with_or_without_the_hyphen():
    hyphen = make_quote(text="Abu Bakr al-Baghdadi spoke.")
    space = make_quote(text="Abu Bakr al Baghdadi spoke.", said_on=date(2020, 1, 1))

    for query in ["al-Baghdadi", "al Baghdadi", "Baghdadi"]:
        assert set(quotes_for(query)) == {hyphen, space}, query


# Names ----------------------------------------------------------------------


def test_an_alias_finds_the_organisation_its_quotes_and_its_page_first(isis):
    quote = make_quote(text="We will remain.", organization=isis)
    make_quote(text="Unrelated words.")
    mention = make_press_release(title="Daesh in retreat")

    results = search_site("Daesh")

    assert [o.name for o in results.names.organizations] == ["ISIS"]
    assert found(results.quotes) == [quote]
    assert found(results.resources)[0] == isis.profile
    assert found(results.press) == [mention]


def test_a_misspelt_organisation_name_finds_it_and_its_quotes(kh):
    quote = make_quote(text="The Americans will leave Iraq.", organization=kh)
    make_quote(text="Unrelated words.")

    names = find_names("Katib Hezbolah")

    assert names.organizations == [kh]
    assert names.is_name_query
    assert quotes_for("Katib Hezbolah") == [quote]


def test_a_name_with_more_quotes_than_can_be_ranked_is_counted_by_its_index(
    kh, monkeypatch
):
    monkeypatch.setattr("cepsite.fulltext.matching.RANKED_LIMIT", 3)
    quotes = [
        make_quote(text=f"Statement {n}.", organization=kh, said_on=date(2020, 1, n))
        for n in range(1, 6)
    ]
    make_quote(text="Kata'ib Hezbollah is mentioned by someone else.")
    names = find_names("Katib Hezbolah")

    with CaptureQueriesContext(connection) as queries:
        results = first_results(
            Quote.objects.published(), "Katib Hezbolah", names=names
        )
        assert results.is_capped
        assert results.count() == 3

    # The organisation's own quotes are more than the limit: one query,
    # without looking for the words at all.
    assert len(queries) == 1
    assert "@@" not in queries.captured_queries[0]["sql"]
    # Too many to rank: newest first.
    assert list(results)[:2] == [quotes[4], quotes[3]]


def test_a_name_with_few_quotes_also_finds_the_quotes_that_mention_it(kh):
    own = make_quote(text="We stand firm.", organization=kh)
    mention = make_quote(text="Kataib Hizballah fired again.")
    make_quote(text="Unrelated words.")

    results = first_results(Quote.objects.published(), "Kataib Hizballah")

    assert results.count() == 2
    assert not results.is_capped
    # The group's own words first.
    assert list(results) == [own, mention]


def test_a_surname_finds_the_person_and_their_page(baghdadi):
    names = find_names("Baghdadi")
    results = search_site("Baghdadi")

    assert names.people == [baghdadi]
    assert found(results.resources)[0] == baghdadi.profile


def test_a_short_name_matches_whole_words_only(kh):
    make_organization(name="Khalid Brigade")

    assert find_names("KH").organizations == [kh]


def test_unrelated_names_are_not_found(kh, isis, baghdadi):
    assert not find_names("oil revenue")
    assert not find_names("Nasrallah")


def test_a_name_among_other_words_narrows_rather_than_widens(isis, baghdadi):
    about_oil = make_quote(text="The oil is ours.", person=baghdadi)
    make_quote(text="We will return.", person=baghdadi)
    other = make_quote(text="Baghdadi sold the oil.", said_on=date(2020, 1, 1))

    assert not find_names("Baghdadi oil").is_name_query
    assert quotes_for("Baghdadi oil") == [about_oil, other]


# Combining with the archive's filters -------------------------------------


def test_search_combines_with_organisation_and_date_filters(isis, kh):
    wanted = make_quote(
        text="Strike the bases.", organization=kh, said_on=date(2020, 2, 1)
    )
    make_quote(text="Strike the bases.", organization=kh, said_on=date(2023, 2, 1))
    make_quote(text="Strike the bases.", organization=isis, said_on=date(2020, 2, 1))

    queryset = (
        Quote.objects.published()
        .by_organization(kh)
        .filter(said_on__range=(date(2020, 1, 1), date(2020, 12, 31)))
    )

    assert quotes_for("strike", queryset) == [wanted]


def test_a_blank_query_leaves_the_queryset_alone():
    queryset = Quote.objects.published()

    assert search_quotes(queryset, "  ") is queryset


# Visibility and freshness -------------------------------------------------


def test_drafts_and_scheduled_items_are_never_found():
    later = timezone.now() + timedelta(days=3)
    make_quote(text="Secret caliphate plans.", status=Status.DRAFT)
    make_quote(text="Scheduled caliphate plans.", publish_at=later)
    make_press_release(title="Caliphate draft", status=Status.DRAFT)
    make_resource(title="Caliphate", status=Status.DRAFT)
    public = make_quote(text="Public caliphate plans.")

    results = search_site("caliphate")

    assert found(results.quotes) == [public]
    assert found(results.press) == []
    assert found(results.resources) == []


def test_editing_publishing_and_deleting_change_results_at_once():
    quote = make_quote(text="The old words.", status=Status.DRAFT)
    assert quotes_for("old") == []

    quote.status = Status.PUBLISHED
    quote.save()
    assert quotes_for("old") == [quote]

    quote.text = "The new words."
    quote.save()
    assert quotes_for("old") == []
    assert quotes_for("new") == [quote]

    Quote.objects.filter(pk=quote.pk).update(context="At the rally:")
    assert quotes_for("rally") == [quote]

    quote.delete()
    assert quotes_for("new") == []


def test_renaming_an_organisation_updates_its_quotes_and_page_at_once(isis):
    quote = make_quote(text="We will remain.", organization=isis)
    assert quotes_for("Dawla") == []

    isis.aliases += "\nad-Dawla al-Islamiya"
    isis.save()

    assert quotes_for("Dawla") == [quote]
    assert found(search_site("Dawla").resources) == [isis.profile]


def test_press_and_resources_follow_edits_too():
    release = make_press_release(title="Truce", summary="", body="")
    resource = make_resource(title="Truce", summary="", body="")

    release.title = "Ceasefire"
    release.save()
    resource.summary = "The ceasefire."
    resource.save()

    results = search_site("ceasefire")
    assert found(results.press) == [release]
    assert found(results.resources) == [resource]
    assert found(search_site("truce").press) == []


def test_a_bulk_import_of_ten_thousand_quotes_is_quick_and_searchable(kh):
    quotes = [
        Quote(
            text=f"Imported statement number {n} about the militia.",
            organization=kh,
            status=Status.PUBLISHED,
            publish_at=timezone.now() - timedelta(days=1),
            said_on=date(2020, 1, 1) + timedelta(days=n % 1000),
        )
        for n in range(10_000)
    ]

    started = time.perf_counter()
    Quote.objects.bulk_create(quotes, batch_size=2_000)
    elapsed = time.perf_counter() - started

    # Without the trigger this takes about a second here; a trigger that
    # scanned the table per row would take minutes.
    assert elapsed < 30
    assert search_quotes(Quote.objects.published(), "militia 9999").count() == 1
    assert search_quotes(Quote.objects.published(), "KH").count() == 10_000


# Snippets -------------------------------------------------------------------


def test_a_snippet_marks_the_matched_words_and_escapes_the_text():
    make_quote(text='He wrote <script>alert("x")</script> about the caliphate.')

    (quote,) = quotes_for("caliphate")

    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in quote.search_snippet
    assert "<mark>caliphate</mark>" in quote.search_snippet
    assert "<script>" not in quote.search_snippet


def test_a_snippet_marks_stems_and_folded_words():
    make_quote(text="Ḥizballāh fighters were killing.")

    (quote,) = quotes_for("hizballah killed")

    assert quote.search_snippet == (
        "<mark>Ḥizballāh</mark> fighters were <mark>killing</mark>."
    )


def test_a_rich_text_snippet_shows_words_not_markup():
    make_press_release(
        title="Statement",
        summary="",
        body='<p>Oil &amp; <a href="/x">gas</a> &lt;b&gt; revenue.</p>',
    )

    (release,) = found(search_site("revenue").press)

    assert release.search_snippet == ("Oil &amp; gas &lt;b&gt; <mark>revenue</mark>.")


# Cost -----------------------------------------------------------------------


def test_site_search_costs_a_fixed_number_of_queries(isis, baghdadi):
    for n in range(30):
        make_quote(text=f"Oil statement {n}.", person=baghdadi, organization=isis)
        make_press_release(title=f"Oil report {n}")
        make_resource(title=f"Oil field {n}")

    with CaptureQueriesContext(connection) as queries:
        results = search_site("oil Baghdadi")
        for _key, queryset in results.sections:
            queryset.count()
            for item in queryset[:10]:
                str(item.search_snippet)
                if isinstance(item, Quote):
                    item.attribution  # noqa: B018

    # Two for the names, then at most a count and a page for each kind (a
    # kind with nothing found needs no page).
    assert len(queries) <= 2 + 3 * 2


def test_the_quote_search_uses_the_gin_index():
    make_quote(text="The caliphate.")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
    with CaptureQueriesContext(connection) as queries:
        search_quotes(Quote.objects.all(), "caliphate")
    # After the two for the names, the one that finds the matches.
    sql = queries.captured_queries[-1]["sql"]
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {sql}")
        plan = "\n".join(row[0] for row in cursor.fetchall())

    assert "quotes_quote_search" in plan
