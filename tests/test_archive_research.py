"""
The archive as a research instrument: filters that understand names,
categories, and dates at their precision.
"""

import html
from datetime import date

import pytest
from django.db import connection
from django.urls import reverse

from cepsite.dates import Precision
from quotes.forms import format_period
from quotes.models import Category
from tests.factories import make_organization, make_person, make_quote

pytestmark = pytest.mark.django_db

ARCHIVE = reverse("quotes:archive")

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL only: trigram matching"
)


def get_archive(client, **params):
    return client.get(ARCHIVE, params)


def listed(response):
    return list(response.context["quotes"])


def page_text(response):
    return html.unescape(response.content.decode())


def chips(response):
    return [(f.label, f.text) for f in response.context["active_filters"]]


@pytest.fixture
def kh():
    return make_organization(
        name="Kata'ib Hezbollah", short_name="KH", aliases="Hezbollah Brigades"
    )


@pytest.fixture
def adnani():
    return make_person(
        name="Abu Muhammad al-Adnani", aliases="Taha Subhi Falaha", slug="adnani-x"
    )


def make_category(name, **fields):
    fields.setdefault("slug", name.lower().replace(" ", "-"))
    fields.setdefault("definition", f"What {name} covers.")
    return Category.objects.create(name=name, **fields)


# Names ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed", ["KH", "kh", "Kataib Hezbollah", "KATA'IB HEZBOLLAH", "Hezbollah Brigades"]
)
def test_organisation_filter_takes_a_name_short_name_or_alias(client, kh, typed):
    theirs = make_quote(organization=kh)
    make_quote(organization=make_organization(name="Harakat al-Nujaba"))

    response = get_archive(client, organization=typed)

    assert response.status_code == 200
    assert listed(response) == [theirs]
    assert chips(response) == [("Organisation", "Kata'ib Hezbollah (KH)")]


@pytest.mark.parametrize("typed", ["al-Adnani", "adnani", "Abu Muhammad al Adnani"])
def test_person_filter_takes_part_of_a_name_or_an_alias(client, adnani, typed):
    theirs = make_quote(person=adnani)
    make_quote(person=make_person(name="Abu Bakr al-Baghdadi"))

    response = get_archive(client, person=typed)

    assert response.status_code == 200
    assert listed(response) == [theirs]
    assert chips(response) == [("Person", "Abu Muhammad al-Adnani")]


def test_a_name_two_organisations_share_offers_each_as_did_you_mean(client):
    first = make_organization(name="Hezbollah Brigades of Iraq")
    second = make_organization(name="Hezbollah Brigades of Syria")
    make_quote(organization=first)

    response = get_archive(client, organization="Hezbollah Brigades", kind="quote")

    assert response.status_code == 400
    assert listed(response) == []
    [problem] = response.context["problems"]
    assert "Did you mean" in problem.text
    offered = dict(problem.suggestions)
    assert set(offered) == {first.name, second.name}
    # Each link keeps the other filters and names one organisation.
    assert offered[first.name]["organization"] == first.slug
    assert offered[first.name]["kind"] == "quote"
    link = f"{ARCHIVE}?kind=quote&amp;organization={second.slug}"
    assert f'href="{link}"' in response.content.decode()


def test_an_unknown_name_keeps_the_clear_message(client, kh):
    response = get_archive(client, organization="Nobody At All")

    assert response.status_code == 400
    assert "No organisation is called “Nobody At All”." in page_text(response)
    assert listed(response) == []


def test_a_name_filter_costs_one_query_for_a_slug_and_two_for_a_name(
    client, kh, django_assert_max_num_queries
):
    make_quote(organization=kh)
    # The name, then the count, the names of the facet, the categories, the
    # page and its categories; PostgreSQL reads the count from its tallies,
    # less the scheduled items.
    with django_assert_max_num_queries(7 if connection.vendor == "postgresql" else 6):
        assert listed(get_archive(client, organization="KH"))


@postgresql_only
def test_a_misspelt_organisation_name_is_understood(client, kh):
    theirs = make_quote(organization=kh)

    response = get_archive(client, organization="Katib Hezbolah")

    assert listed(response) == [theirs]
    assert chips(response) == [("Organisation", "Kata'ib Hezbollah (KH)")]


@postgresql_only
def test_a_misspelt_person_name_is_understood(client, adnani):
    theirs = make_quote(person=adnani)

    assert listed(get_archive(client, person="al-Adnany")) == [theirs]


# Categories ---------------------------------------------------------------


def test_category_filter_takes_a_slug(client):
    violence = make_category("Pro-violence", slug="pro-violence")
    tagged = make_quote()
    tagged.categories.add(violence)
    make_quote()

    response = get_archive(client, category="pro-violence")

    assert listed(response) == [tagged]
    assert chips(response) == [("Category", "Pro-violence")]


def test_an_unknown_category_gets_the_clear_message(client):
    make_quote()

    response = get_archive(client, category="anti-everything")

    assert response.status_code == 400
    assert "No category is called “anti-everything”." in page_text(response)
    assert listed(response) == []


def test_categories_are_shown_on_cards_and_link_to_their_filter(client):
    category = make_category("Anti-Israel", slug="anti-israel")
    quote = make_quote()
    quote.categories.add(category)

    text = get_archive(client).content.decode()

    assert 'class="quote-card__categories"' in text
    assert f'href="{ARCHIVE}?category=anti-israel">Anti-Israel</a>' in text


def test_categories_are_shown_on_the_quote_page(client):
    category = make_category("Anti-Israel", slug="anti-israel")
    quote = make_quote()
    quote.categories.add(category)

    response = client.get(quote.get_absolute_url())

    assert response.status_code == 200
    assert response.context["categories"] == [category]
    assert f"{ARCHIVE}?category=anti-israel" in response.content.decode()


def test_category_facets_count_the_current_result(client, kh):
    violence = make_category("Pro-violence")
    israel = make_category("Anti-Israel")
    for n in range(3):
        quote = make_quote(organization=kh, said_on=date(2020, 1, n + 1))
        quote.categories.add(violence)
        if n == 0:
            quote.categories.add(israel)
    other = make_quote(organization=make_organization())
    other.categories.add(israel)

    response = get_archive(client, organization=kh.slug)

    assert response.context["category_facets"] == [
        {"slug": violence.slug, "name": "Pro-violence", "count": 3},
        {"slug": israel.slug, "name": "Anti-Israel", "count": 1},
    ]
    assert 'id="facet-categories-heading"' in response.content.decode()


def test_category_facets_of_a_search_count_its_matches(client):
    violence = make_category("Pro-violence")
    found = make_quote(text="Strike the convoy.")
    found.categories.add(violence)
    missed = make_quote(text="Peace talks.")
    missed.categories.add(violence)

    response = get_archive(client, q="convoy")

    assert response.context["category_facets"] == [
        {"slug": violence.slug, "name": "Pro-violence", "count": 1}
    ]


def test_archive_query_budget_is_flat_with_many_categories(
    client, django_assert_max_num_queries
):
    categories = [make_category(f"Category {n}") for n in range(30)]
    for n in range(40):
        quote = make_quote(said_on=date(2000 + n % 20, 1, 1))
        quote.categories.add(*categories[n % 10 : n % 10 + 8])

    # PostgreSQL's tallies take three queries more, each of a few rows: the
    # organisations, the years and the categories are tallied apart, and the
    # scheduled items left out of totals and categories.
    with django_assert_max_num_queries(8 if connection.vendor == "postgresql" else 5):
        response = get_archive(client)
    assert len(response.context["quotes"]) == 25
    assert len(response.context["category_facets"]) == 17

    with django_assert_max_num_queries(6):
        get_archive(client, category=categories[3].slug)


# Dates at their precision ------------------------------------------------------


def dated(said_on, precision=Precision.DAY, **fields):
    return make_quote(said_on=said_on, said_on_precision=precision, **fields)


def test_overlap_keeps_a_month_precise_item_and_says_it_may_be_outside(client):
    march = dated(date(2023, 3, 1), Precision.MONTH)
    inside = dated(date(2023, 3, 16))
    dated(date(2023, 3, 21))
    dated(date(2023, 4, 1), Precision.MONTH)

    response = get_archive(client, **{"from": "2023-03-15", "to": "2023-03-20"})

    assert set(listed(response)) == {march, inside}
    notes = {quote: quote.period_note for quote in listed(response)}
    assert notes[march] == "Mar. 2023: may be outside 15–20 Mar. 2023"
    assert notes[inside] == ""
    assert "Mar. 2023: may be outside 15–20 Mar. 2023" in page_text(response)


def test_overlap_is_the_default_and_within_keeps_only_wholly_inside_items(client):
    year = dated(date(2023, 1, 1), Precision.YEAR)
    day = dated(date(2023, 6, 10))
    period = {"from": "2023-06", "to": "2023-06"}

    assert set(listed(get_archive(client, **period))) == {year, day}
    assert set(listed(get_archive(client, dates="overlap", **period))) == {year, day}
    assert listed(get_archive(client, dates="within", **period)) == [day]


def test_overlap_with_only_a_start_or_an_end(client):
    year = dated(date(2022, 1, 1), Precision.YEAR)
    before = dated(date(2021, 12, 31))
    dated(None)

    assert listed(get_archive(client, **{"from": "2022-05-01"})) == [year]
    assert set(listed(get_archive(client, to="2022-05-01"))) == {year, before}


def test_a_wholly_inside_item_carries_no_note(client):
    dated(date(2023, 3, 1), Precision.MONTH)

    response = get_archive(client, **{"from": "2023-03", "to": "2023-03"})

    assert [quote.period_note for quote in listed(response)] == [""]


def test_bad_dates_choice_gets_a_clear_message(client):
    make_quote()

    response = get_archive(client, dates="sideways")

    assert response.status_code == 400
    assert "Dates may be “overlap” (the default) or “within”." in page_text(response)
    assert listed(response) == []


def test_the_form_offers_the_dates_choice(client):
    text = get_archive(client).content.decode()

    assert 'name="dates" value="overlap" id="id_dates_0" checked' in text
    assert 'name="dates" value="within"' in text
    within = get_archive(client, dates="within").content.decode()
    assert 'name="dates" value="within" id="id_dates_1" checked' in within


@pytest.mark.parametrize(
    ("start", "end", "said"),
    [
        (date(2023, 3, 15), date(2023, 3, 20), "15–20 Mar. 2023"),
        (date(2023, 3, 1), date(2023, 3, 31), "Mar. 2023"),
        (date(2023, 1, 1), date(2023, 12, 31), "2023"),
        (date(2023, 3, 5), date(2023, 3, 5), "5 Mar. 2023"),
        (date(2023, 3, 15), date(2024, 1, 2), "15 Mar. 2023–2 Jan. 2024"),
        (date(2023, 3, 15), None, "from 15 Mar. 2023"),
        (None, date(2023, 3, 20), "until 20 Mar. 2023"),
    ],
)
def test_periods_are_said_plainly(start, end, said):
    assert format_period(start, end) == said


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
def test_overlap_query_can_use_the_date_index():
    from quotes.models import Quote

    queryset = Quote.objects.published().overlapping(
        date(2023, 3, 15), date(2023, 3, 20)
    )
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        sql, params = queryset.query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Seq Scan" not in plan


# The category admin ------------------------------------------------------------


def test_editors_manage_categories_with_a_definition_in_the_admin(staff_client):
    add = reverse("admin:quotes_category_add")

    form = staff_client.get(add)
    assert form.status_code == 200
    assert "prepopulated" in form.content.decode()

    response = staff_client.post(
        add,
        {
            "name": "Pro-violence",
            "slug": "pro-violence",
            "definition": "Calls to kill.",
        },
    )

    assert response.status_code == 302
    category = Category.objects.get()
    assert (category.slug, category.definition) == ("pro-violence", "Calls to kill.")
    listing = staff_client.get(reverse("admin:quotes_category_changelist"))
    assert "Pro-violence" in listing.content.decode()


# Site search's "their words" ------------------------------------------------------


def test_their_words_lists_the_named_groups_words_before_mentions(client):
    lebanese = make_organization(name="Hezbollah")
    iraqi = make_organization(name="Kata'ib Hezbollah", short_name="KH")
    theirs = make_quote(organization=lebanese, said_on=date(2001, 1, 1), text="A.")
    also_theirs = make_quote(organization=iraqi, said_on=date(2002, 1, 1), text="B.")
    about = make_quote(said_on=date(2023, 1, 1), text="Hezbollah was named.")

    response = client.get(reverse("search"), {"q": "hezbollah"})

    assert response.status_code == 200
    listed_names = [name.name for name in response.context["names"]]
    assert {"Hezbollah", "Kata'ib Hezbollah (KH)"} <= set(listed_names)
    [section] = [s for s in response.context["sections"] if s.key == "quotes"]
    found = list(section.results)
    # The words of every group listed come before words that only name one.
    assert set(found[:2]) == {theirs, also_theirs}
    assert found[2] == about


@postgresql_only
def test_their_words_draws_on_every_name_the_search_lists_not_only_the_best(client):
    kh = make_organization(name="Kata'ib Hezbollah", short_name="KH")
    nujaba = make_organization(name="Harakat Hezbollah al-Nujaba")
    theirs = make_quote(organization=kh, text="The convoy will burn.")
    also_theirs = make_quote(organization=nujaba, text="We stand ready.")
    make_quote(organization=make_organization(name="ISIS"), text="Other words.")

    # Misspelt: no word matches, only the names do, one better than the other.
    response = client.get(reverse("search"), {"q": "Katib Hezbolah"})

    listed_names = [name.name for name in response.context["names"]]
    assert listed_names == ["Kata'ib Hezbollah (KH)", "Harakat Hezbollah al-Nujaba"]
    [section] = [s for s in response.context["sections"] if s.key == "quotes"]
    assert set(section.results) == {theirs, also_theirs}
