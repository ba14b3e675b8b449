"""The archive of extremists' words at /quotes/: filters, facets, paging."""

import html
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cepsite.dates import Precision
from cepsite.publishing import Status
from quotes.models import Quote
from quotes.views import ArchiveView
from tests.factories import make_organization, make_person, make_quote

pytestmark = pytest.mark.django_db

ARCHIVE = reverse("quotes:archive")


def get_archive(client, **params):
    return client.get(ARCHIVE, params)


def listed(response):
    return list(response.context["quotes"])


def page_text(response):
    return html.unescape(response.content.decode())


@pytest.fixture
def kh():
    return make_organization(
        name="Kata'ib Hezbollah", short_name="KH", aliases="Hezbollah Brigades"
    )


@pytest.fixture
def askari(kh):
    return make_person(
        name="Abu Ali al-Askari", aliases="Abu Ali al-Asgari", organization=kh
    )


def test_archive_lists_published_items_newest_first(client):
    old = make_quote(said_on=date(2019, 5, 1))
    new = make_quote(said_on=date(2024, 1, 2))
    middle = make_quote(said_on=date(2021, 7, 3))

    response = get_archive(client)

    assert response.status_code == 200
    assert listed(response) == [new, middle, old]


def test_undated_items_come_after_dated_ones(client):
    undated = make_quote(said_on=None)
    dated = make_quote(said_on=date(2001, 1, 1))

    assert listed(get_archive(client)) == [dated, undated]


def test_card_shows_text_attribution_date_context_kind_and_permanent_link(
    client, kh, askari
):
    quote = make_quote(
        text="We will not stop.",
        person=askari,
        organization=kh,
        role="Security Official",
        context="In response to the strikes:",
        said_on=date(2023, 3, 1),
        said_on_precision=Precision.MONTH,
    )
    make_quote(kind=Quote.Kind.FACT, text="A fact without a date.", said_on=None)

    text = page_text(get_archive(client))

    assert "We will not stop." in text
    assert "Abu Ali al-Askari, Kata'ib Hezbollah (KH) Security Official" in text
    assert '<time datetime="2023-03">Mar. 2023</time>' in text
    assert "In response to the strikes:" in text
    assert "Date undetermined" in text
    assert "Fact" in text
    assert f'href="{quote.get_absolute_url()}"' in text


def test_filters_by_organization_slug(client, kh):
    theirs = make_quote(organization=kh)
    make_quote(organization=make_organization())

    assert listed(get_archive(client, organization=kh.slug)) == [theirs]


def test_organization_may_be_given_by_its_name(client, kh):
    theirs = make_quote(organization=kh)
    make_quote(organization=make_organization())

    assert listed(get_archive(client, organization="kata'ib hezbollah")) == [theirs]


def test_filters_by_person_slug(client, askari):
    theirs = make_quote(person=askari)
    make_quote(person=make_person())

    assert listed(get_archive(client, person=askari.slug)) == [theirs]


def test_person_may_be_given_by_a_name_only_they_have(client, askari):
    theirs = make_quote(person=askari)

    assert listed(get_archive(client, person="ABU ALI AL-ASKARI")) == [theirs]


def test_a_name_two_people_share_asks_which_one_with_links(client):
    first = make_person(name="Abu Muhammad")
    second = make_person(name="Abu Muhammad")

    response = get_archive(client, person="Abu Muhammad")

    assert response.status_code == 400
    text = page_text(response)
    assert "Several people may be called “Abu Muhammad”. Did you mean" in text
    assert f"?person={first.slug}" in text
    assert f"?person={second.slug}" in text
    # Namesakes are told apart in the links.
    assert f"Abu Muhammad ({first.slug})" in text
    assert f"Abu Muhammad ({second.slug})" in text


@pytest.mark.parametrize("kind", [Quote.Kind.QUOTE, Quote.Kind.FACT, Quote.Kind.TWEET])
def test_filters_by_kind(client, kind):
    made = {k: make_quote(kind=k) for k in Quote.Kind}

    assert listed(get_archive(client, kind=kind)) == [made[kind]]


def test_filters_by_tag_slug(client):
    tagged = make_quote(tags=["Iraq"])
    make_quote(tags=["Syria"])
    make_quote()

    assert listed(get_archive(client, tag="iraq")) == [tagged]


@pytest.mark.parametrize(
    "query",
    [
        "STRIKES",  # the words
        "occasion",  # the context
        "al-askari",  # the person's name
        "asgari",  # the person's alias
        "kata'ib",  # the organisation's name
        "kh",  # the organisation's short name
        "brigades",  # the organisation's alias
    ],
)
def test_text_search_matches_words_context_names_and_aliases(client, kh, askari, query):
    found = make_quote(
        text="The strikes will be answered.",
        context="On the occasion of the funeral:",
        person=askari,
        organization=kh,
    )
    make_quote(text="Unrelated words.", organization=make_organization())

    assert listed(get_archive(client, q=query)) == [found]


def test_text_search_needs_every_word_but_not_their_order(client):
    both = make_quote(text="Resistance is the only path.")
    make_quote(text="Resistance continues.")

    assert listed(get_archive(client, q="path resistance")) == [both]


def test_text_search_keeps_a_quoted_phrase_together(client):
    phrase = make_quote(text="the narrow path of resistance")
    make_quote(text="resistance is the narrow path")

    assert listed(get_archive(client, q='"path of resistance"')) == [phrase]


def test_text_search_puts_the_best_match_first_then_the_newest(client):
    in_source = make_quote(
        text="Words.", source_title="Oil revenue report", said_on=date(2024, 1, 1)
    )
    in_text_old = make_quote(text="Oil revenue funds us.", said_on=date(2019, 1, 1))
    in_text_new = make_quote(text="Oil revenue is ours.", said_on=date(2021, 1, 1))

    response = get_archive(client, q="oil revenue")

    assert listed(response) == [in_text_new, in_text_old, in_source]


def test_text_search_marks_the_words_found_in_each_card(client):
    make_quote(text="Oil <b>revenue</b> funds us.\n\nAnd more.")

    page = get_archive(client, q="revenue").content.decode()

    assert "<p>Oil &lt;b&gt;<mark>revenue</mark>&lt;/b&gt; funds us.</p>" in page
    assert "<p>And more.</p>" in page


def test_text_search_treats_sql_wildcards_as_plain_characters(client):
    make_quote(text="Nothing special here.")
    percent = make_quote(text="A 100% certain victory.")

    assert listed(get_archive(client, q="100%")) == [percent]
    assert listed(get_archive(client, q="_")) == []


def test_filters_combine(client, kh, askari):
    wanted = make_quote(
        person=askari,
        organization=kh,
        kind=Quote.Kind.TWEET,
        text="Strike them.",
        said_on=date(2023, 3, 12),
        tags=["iraq"],
    )
    make_quote(person=askari, organization=kh, kind=Quote.Kind.QUOTE, tags=["iraq"])
    make_quote(
        person=askari, organization=kh, kind=Quote.Kind.TWEET, said_on=date(2020, 1, 1)
    )
    make_quote(organization=kh, kind=Quote.Kind.TWEET, text="Strike them.")
    make_quote(person=askari, kind=Quote.Kind.TWEET, tags=["syria"])

    response = get_archive(
        client,
        organization=kh.slug,
        person=askari.slug,
        kind="tweet",
        tag="iraq",
        q="strike",
        **{"from": "2023", "to": "2023-03"},
    )

    assert listed(response) == [wanted]


# Date ranges -----------------------------------------------------------------


def dated(day, precision=Precision.DAY):
    return make_quote(said_on=day, said_on_precision=precision)


def test_year_range_includes_every_item_of_that_year(client):
    year = dated(date(2022, 1, 1), Precision.YEAR)
    month = dated(date(2022, 12, 1), Precision.MONTH)
    first = dated(date(2022, 1, 1))
    last = dated(date(2022, 12, 31))
    dated(date(2021, 12, 31))
    dated(date(2023, 1, 1))
    dated(date(2023, 1, 1), Precision.YEAR)

    response = get_archive(client, **{"from": "2022", "to": "2022"})

    assert set(listed(response)) == {year, month, first, last}


def test_month_precise_quote_falls_inside_its_month(client):
    march = dated(date(2023, 3, 1), Precision.MONTH)
    dated(date(2023, 4, 1), Precision.MONTH)
    dated(date(2023, 2, 28))

    response = get_archive(client, **{"from": "2023-03", "to": "2023-03"})

    assert listed(response) == [march]


def test_month_precise_quote_falls_inside_a_day_range_covering_its_month(client):
    march = dated(date(2023, 3, 1), Precision.MONTH)

    response = get_archive(client, **{"from": "2023-03-01", "to": "2023-03-31"})

    assert listed(response) == [march]


def test_within_keeps_a_month_precise_quote_out_of_part_of_its_month(client):
    dated(date(2023, 3, 1), Precision.MONTH)

    for start, end in [("2023-03-01", "2023-03-30"), ("2023-03-02", "2023-03-31")]:
        response = get_archive(client, dates="within", **{"from": start, "to": end})
        assert listed(response) == []


def test_within_keeps_a_year_precise_quote_out_of_part_of_its_year(client):
    year = dated(date(2023, 1, 1), Precision.YEAR)

    within = {"dates": "within", "from": "2023-01"}
    assert listed(get_archive(client, **within, to="2023-11")) == []
    assert listed(get_archive(client, **within, to="2023-12")) == [year]


def test_day_range_is_inclusive_at_both_ends(client):
    first = dated(date(2023, 3, 10))
    last = dated(date(2023, 3, 12))
    dated(date(2023, 3, 9))
    dated(date(2023, 3, 13))

    response = get_archive(client, **{"from": "2023-03-10", "to": "2023-03-12"})

    assert listed(response) == [last, first]


def test_from_alone_starts_at_the_first_day_of_its_period(client):
    inside = dated(date(2023, 3, 1))
    dated(date(2023, 2, 28))

    assert listed(get_archive(client, **{"from": "2023-03"})) == [inside]


def test_to_alone_ends_at_the_last_day_of_its_period(client):
    inside = dated(date(2023, 3, 31))
    dated(date(2023, 4, 1))

    assert listed(get_archive(client, to="2023-03")) == [inside]


def test_to_the_last_representable_day_keeps_every_dated_item(client):
    quote = dated(date(2023, 3, 31))
    make_quote(said_on=None)

    assert listed(get_archive(client, to="9999-12-31")) == [quote]


def test_date_filter_leaves_out_undated_items(client):
    make_quote(said_on=None)

    assert listed(get_archive(client, **{"from": "1900"})) == []


# Filters that cannot be used -------------------------------------------------


@pytest.mark.parametrize(
    ("params", "message"),
    [
        (
            {"organization": "no-such-group"},
            "No organisation is called “no-such-group”.",
        ),
        ({"person": "nobody"}, "No person is called “nobody”."),
        ({"tag": "no-such-tag"}, "No tag is called “no-such-tag”."),
        ({"kind": "poem"}, "Choose quotes, facts or tweets."),
        ({"from": "yesterday"}, "Use a year (2023), a month (2023-03)"),
        ({"to": "2023-13"}, "Months run from 01 to 12."),
        ({"from": "2023-02-30"}, "That day does not exist in that month."),
        ({"from": "2024", "to": "2023"}, "“To” is before “From”."),
        ({"q": "x" * 201}, "Search for at most 200 characters."),
    ],
)
def test_unusable_filter_explains_itself_and_shows_nothing(client, params, message):
    make_quote()

    response = get_archive(client, **params)

    assert response.status_code == 400
    assert message in page_text(response)
    assert listed(response) == []
    assert response.context["paginator"].count == 0
    assert response.context["organization_facets"] == []


def test_unusable_filter_has_a_link_that_removes_only_it(client, kh):
    response = get_archive(client, organization="nope", kind="fact")

    assert f'href="{ARCHIVE}?kind=fact">Remove this filter' in page_text(response)


def test_form_keeps_the_values_the_reader_typed(client):
    response = get_archive(client, q="path", kind="fact", **{"from": "2023-99"})

    text = page_text(response)
    assert 'name="q" value="path"' in text
    assert '<option value="fact" selected>' in text
    assert 'name="from" value="2023-99"' in text


# Active filters --------------------------------------------------------------


def test_active_filters_are_listed_with_links_that_remove_each_one(client, kh, askari):
    make_quote(person=askari, organization=kh, tags=["iraq"], kind="tweet")
    params = {
        "organization": kh.slug,
        "person": askari.slug,
        "kind": "tweet",
        "tag": "iraq",
        "q": "words",
        "from": "2023",
        "to": "2023-12",
        "page": "1",
    }

    response = get_archive(client, **params)

    shown = {
        note.label: (note.text, dict(note.without.items()))
        for note in response.context["active_filters"]
    }
    url_names = {
        "Organisation": "organization",
        "Person": "person",
        "Kind": "kind",
        "Tag": "tag",
        "Words": "q",
        "From": "from",
        "To": "to",
    }
    assert shown["Organisation"][0] == "Kata'ib Hezbollah (KH)"
    assert shown["Person"][0] == "Abu Ali al-Askari"
    assert shown["Kind"][0] == "Tweet"
    assert shown["Words"][0] == "“words”"
    text = page_text(response)
    for label, name in url_names.items():
        remaining = {k: v for k, v in params.items() if k not in (name, "page")}
        assert shown[label][1] == remaining
        query = "&".join(f"{k}={v}" for k, v in remaining.items())
        assert f'href="{ARCHIVE}?{query}">Remove' in text


def test_removing_the_last_filter_links_to_the_whole_archive(client):
    make_quote(kind="fact")

    text = page_text(get_archive(client, kind="fact"))

    assert f'href="{ARCHIVE}">Remove' in text


def test_results_count_is_shown(client):
    for _ in range(3):
        make_quote(kind="fact")
    make_quote(kind="quote")

    text = page_text(get_archive(client, kind="fact"))

    assert "3 items match these filters" in text


# Facets ----------------------------------------------------------------------


def test_facets_count_organisations_and_years_of_the_current_result(client, kh):
    other = make_organization(name="Harakat al-Nujaba")
    make_quote(organization=kh, said_on=date(2023, 1, 5), kind="tweet")
    make_quote(organization=kh, said_on=date(2023, 6, 5), kind="tweet")
    make_quote(organization=kh, said_on=date(2021, 6, 5), kind="tweet")
    make_quote(organization=other, said_on=None, kind="tweet")
    make_quote(organization=other, said_on=date(2023, 1, 1), kind="fact")

    response = get_archive(client, kind="tweet")

    organizations = [
        (facet["slug"], facet["count"])
        for facet in response.context["organization_facets"]
    ]
    years = [
        (facet["year"], facet["count"]) for facet in response.context["year_facets"]
    ]
    assert organizations == [(kh.slug, 3), (other.slug, 1)]
    assert years == [(2023, 2), (2021, 1), (None, 1)]


def test_facet_links_narrow_the_current_result(client, kh):
    make_quote(organization=kh, said_on=date(2023, 1, 5), kind="tweet")

    text = page_text(get_archive(client, kind="tweet", page="1"))

    assert f'href="{ARCHIVE}?kind=tweet&organization={kh.slug}">' in text
    assert f'href="{ARCHIVE}?kind=tweet&from=2023&to=2023">2023</a>' in text


def test_year_facet_link_gives_that_years_items(client):
    inside = make_quote(said_on=date(2022, 6, 1))
    make_quote(said_on=date(2023, 6, 1))

    response = get_archive(client, **{"from": "2022", "to": "2022"})

    assert listed(response) == [inside]


# Searches that match more than can be counted ----------------------------------


@pytest.fixture
def count_at_most_three(monkeypatch):
    monkeypatch.setattr("cepsite.fulltext.matching.RANKED_LIMIT", 3)


@pytest.fixture
def five_oil_quotes(kh):
    """Five quotes about oil, the three newest by two organisations."""
    other = make_organization(name="Harakat al-Nujaba")
    return [
        make_quote(text="Oil one.", organization=kh, said_on=date(2019, 1, 1)),
        make_quote(text="Oil two.", organization=kh, said_on=date(2020, 1, 1)),
        make_quote(text="Oil three.", organization=other, said_on=date(2021, 1, 1)),
        make_quote(text="Oil four.", organization=kh, said_on=date(2022, 1, 1)),
        make_quote(text="Oil five.", organization=kh, said_on=date(2022, 6, 1)),
    ]


def test_a_search_counts_up_to_the_limit_and_says_there_are_more(
    client, count_at_most_three, five_oil_quotes
):
    make_quote(text="Gas.")

    response = get_archive(client, q="oil")

    assert response.context["paginator"].count == 3
    assert response.context["results_capped"]
    assert listed(response) == five_oil_quotes[:1:-1]
    text = page_text(response)
    assert (
        "More than 3 items match these filters: narrow your search with the "
        "filters. The first 3 are listed."
    ) in text
    assert "(more than 3 results)" in text
    assert "Download every match for research" in text


def test_a_search_too_broad_to_count_has_no_facets_but_says_why(
    client, count_at_most_three, five_oil_quotes
):
    response = get_archive(client, q="oil")

    assert response.context["organization_facets"] == []
    assert response.context["year_facets"] == []
    text = page_text(response)
    assert (
        "More than 3 items match: too many to count by organisation and year. "
        "Narrow your search with the filters to see them counted here."
    ) in text
    assert 'id="facet-years-heading"' not in text


def test_a_broad_search_pages_through_its_first_results(
    client, count_at_most_three, five_oil_quotes, monkeypatch
):
    monkeypatch.setattr(ArchiveView, "paginate_by", 2)

    first = get_archive(client, q="oil")
    second = get_archive(client, q="oil", page="2")
    beyond = get_archive(client, q="oil", page="3")

    assert first.context["paginator"].num_pages == 2
    assert listed(first) == [five_oil_quotes[4], five_oil_quotes[3]]
    assert listed(second) == [five_oil_quotes[2]]
    assert beyond.context["page_obj"].number == 2
    assert beyond.context["page_message"]


def test_a_search_within_the_limit_is_counted_and_summed_up_exactly(
    client, kh, count_at_most_three, five_oil_quotes
):
    response = get_archive(client, q="oil", **{"from": "2022"})

    assert response.context["paginator"].count == 2
    assert not response.context["results_capped"]
    assert [f["count"] for f in response.context["organization_facets"]] == [2]
    assert [f["year"] for f in response.context["year_facets"]] == [2022]
    text = page_text(response)
    assert "2 items match these filters" in text
    assert "too many to count" not in text


def test_without_words_the_archive_counts_everything_and_lists_the_first(
    client, count_at_most_three, five_oil_quotes
):
    response = get_archive(client)

    assert response.context["results_total"] == 5
    assert response.context["results_listed_in_part"]
    assert response.context["paginator"].count == 3
    assert not response.context["results_capped"]
    assert sum(f["count"] for f in response.context["year_facets"]) == 5
    text = page_text(response)
    assert "5 items. The first 3 are listed: narrow them" in text
    assert "More than" not in text


def test_a_page_past_the_first_listed_shows_the_last_listed(
    client, count_at_most_three, five_oil_quotes
):
    response = get_archive(client, page="3")

    assert response.context["page_obj"].number == 1
    assert len(listed(response)) == 3
    assert "There is only one page" in page_text(response)


def test_filters_the_tallies_do_not_count_are_counted_up_to_the_limit(
    client, count_at_most_three, five_oil_quotes, kh
):
    # Dates narrow the result beyond what the tallies count: it is counted
    # as far as the limit, and beyond, neither counted nor summed up.
    response = get_archive(client, **{"from": "2010", "to": "2030"})
    assert response.context["results_capped"]
    assert response.context["paginator"].count == 3
    assert response.context["year_facets"] == []
    assert "More than 3 items match these filters" in page_text(response)

    within = get_archive(client, organization=kh.slug, **{"from": "2022"})
    assert not within.context["results_capped"]
    assert within.context["paginator"].count == 2
    assert sum(f["count"] for f in within.context["year_facets"]) == 2


# Drafts and scheduled items --------------------------------------------------


def test_drafts_and_scheduled_items_are_absent_from_results_counts_and_facets(
    client, kh
):
    public = make_quote(organization=kh, said_on=date(2023, 1, 1), text="Public.")
    hidden_org = make_organization(name="Hidden Group")
    make_quote(
        organization=hidden_org,
        status=Status.DRAFT,
        said_on=date(2010, 1, 1),
        text="Draft.",
    )
    make_quote(
        organization=hidden_org,
        publish_at=timezone.now() + timedelta(days=1),
        said_on=date(2011, 1, 1),
        text="Scheduled.",
    )

    response = get_archive(client)

    assert listed(response) == [public]
    assert response.context["paginator"].count == 1
    assert [f["slug"] for f in response.context["organization_facets"]] == [kh.slug]
    assert [f["year"] for f in response.context["year_facets"]] == [2023]
    text = page_text(response)
    assert "Hidden Group" not in text
    assert "Draft." not in text
    assert "Scheduled." not in text


def test_text_search_does_not_find_drafts(client):
    make_quote(status=Status.DRAFT, text="A secret draft.")

    assert listed(get_archive(client, q="secret")) == []


# Pagination ------------------------------------------------------------------


def test_pages_hold_25_items_and_keep_the_filters(client):
    for _ in range(30):
        make_quote(kind="fact")
    make_quote(kind="quote")

    first = get_archive(client, kind="fact")
    second = get_archive(client, kind="fact", page="2")

    assert len(listed(first)) == 25
    assert len(listed(second)) == 5
    assert all(quote.kind == "fact" for quote in listed(second))
    assert 'href="?kind=fact&page=2"' in page_text(first)
    assert 'href="?kind=fact&page=1"' in page_text(second)


@pytest.mark.parametrize(
    ("page", "expected_page"), [("0", 1), ("-3", 1), ("abc", 1), ("99999", 2)]
)
def test_page_numbers_out_of_range_show_a_real_page_with_a_note(
    client, page, expected_page
):
    for _ in range(30):
        make_quote()

    response = get_archive(client, page=page)

    assert response.status_code == 200
    assert response.context["page_obj"].number == expected_page
    assert response.context["page_message"]


# Query budgets ---------------------------------------------------------------


@pytest.fixture
def crowded_archive():
    """60 items, each by its own person of its own organisation, with tags."""
    for n in range(60):
        organization = make_organization()
        make_quote(
            organization=organization,
            person=make_person(organization=organization),
            said_on=date(2000 + n % 20, 1 + n % 12, 1),
            tags=[f"tag-{n}", f"topic-{n % 7}"],
        )


def count_queries(client, **params):
    with CaptureQueriesContext(connection) as queries:
        response = get_archive(client, **params)
    assert response.status_code == 200
    return len(queries)


def test_unfiltered_archive_stays_within_its_query_budget(
    client, crowded_archive, django_assert_max_num_queries
):
    # The count and both facets come from one query grouped by organisation
    # and year; then the organisations' names, the categories counted, the
    # page and its items' categories. PostgreSQL reads the counts from its
    # tallies instead: organisations, years and the scheduled items to leave
    # out; categories and theirs (quotes/tallies.py).
    budget = 8 if connection.vendor == "postgresql" else 5
    with django_assert_max_num_queries(budget):
        response = get_archive(client)
    assert len(listed(response)) == 25
    assert response.context["paginator"].count == 60
    assert sum(f["count"] for f in response.context["year_facets"]) == 60


def test_archive_of_one_organisation_reads_it_once(
    client, crowded_archive, django_assert_num_queries
):
    organization = Quote.objects.select_related("organization").first().organization
    make_quote(organization=organization, said_on=date(1999, 5, 1))

    # The organisation named, the count and facets, the categories, the
    # page and its categories: the facet names the organisation the form read.
    # PostgreSQL reads the count from its tallies, less the scheduled items.
    with django_assert_num_queries(6 if connection.vendor == "postgresql" else 5):
        response = get_archive(client, organization=organization.slug)
    assert response.context["organization_facets"] == [
        {
            "slug": organization.slug,
            "name": organization.name,
            "short_name": organization.short_name,
            "count": 2,
        }
    ]
    assert len(listed(response)) == 2


def test_filtered_archive_stays_within_its_query_budget(
    client, crowded_archive, django_assert_max_num_queries
):
    quote = Quote.objects.select_related("organization", "person").first()
    quote.tags.add("iraq")

    # Three for the filters; for the words, two for the names they may be
    # (cepsite.names) and one to find whether so few match that they can be
    # ranked (which counts them too); then the two facets and the page.
    with django_assert_max_num_queries(9):
        response = get_archive(
            client,
            organization=quote.organization.slug,
            person=quote.person.slug,
            tag="iraq",
            kind="quote",
            q="words",
            **{"from": "1990", "to": "2030"},
        )
    assert listed(response) == [quote]


def test_archive_queries_do_not_grow_with_the_page_size(
    client, crowded_archive, monkeypatch
):
    monkeypatch.setattr(ArchiveView, "paginate_by", 5)
    small = count_queries(client)

    monkeypatch.setattr(ArchiveView, "paginate_by", 60)
    large = count_queries(client)

    assert small == large


def test_a_broad_search_stays_within_its_query_budget(
    client, crowded_archive, count_at_most_three, django_assert_max_num_queries
):
    # Two for the names the words may be, one to find that too many match to
    # rank (which counts them too), then the page and its categories; no
    # facets.
    with django_assert_max_num_queries(5):
        response = get_archive(client, q="words")
    assert response.context["results_capped"]
    assert len(listed(response)) == 3


def test_broad_search_queries_do_not_grow_with_the_page_size(
    client, crowded_archive, monkeypatch
):
    monkeypatch.setattr("cepsite.fulltext.matching.RANKED_LIMIT", 40)
    monkeypatch.setattr(ArchiveView, "paginate_by", 5)
    small = count_queries(client, q="words")

    monkeypatch.setattr(ArchiveView, "paginate_by", 60)
    large = count_queries(client, q="words")

    assert small == large


def test_a_searchs_facets_match_those_of_the_same_items_unsearched(client, kh):
    other = make_organization(name="Harakat al-Nujaba")
    make_quote(organization=kh, said_on=date(2023, 1, 5), text="Oil for drones.")
    make_quote(organization=kh, said_on=date(2021, 6, 5), text="The oil money.")
    make_quote(organization=other, said_on=None, text="No oil, no peace.")
    make_quote(organization=other, said_on=date(2023, 2, 1), text="Oil again.")
    make_quote(organization=other, said_on=date(2023, 3, 1), text="More oil.")
    make_quote(organization=None, said_on=date(2020, 1, 1), text="Oil, unsigned.")
    make_quote(organization=kh, said_on=date(2023, 1, 5), text="Nothing of note.")

    searched = get_archive(client, q="oil")
    expected = (
        Quote.objects.published()
        .exclude(text="Nothing of note.")
        .facets(organizations=10)
    )

    assert searched.context["organization_facets"] == expected.organizations
    assert searched.context["year_facets"] == expected.years
    assert [(f["slug"], f["count"]) for f in expected.organizations] == [
        (other.slug, 3),
        (kh.slug, 2),
    ]
    assert [(f["year"], f["count"]) for f in expected.years] == [
        (2023, 3),
        (2021, 1),
        (2020, 1),
        (None, 1),
    ]


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the newest-first indexes are PostgreSQL's (SQLite has no NULLS LAST)",
)
def test_one_kind_is_read_newest_first_from_its_own_index():
    for n in range(30):
        make_quote(kind=Quote.Kind.FACT if n % 3 else Quote.Kind.QUOTE)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
    facts = Quote.objects.published().filter(kind=Quote.Kind.FACT).newest_first()
    assert "quote_kind_newest" in facts[50:75].explain()
