"""Suggestions for the archive's filter boxes at /quotes/suggest/."""

import pytest
from django.db import connection
from django.urls import reverse

from quotes.models import Category
from quotes.suggest import suggestions
from tests.factories import make_organization, make_person, make_quote

pytestmark = pytest.mark.django_db

SUGGEST = reverse("quotes:suggest")

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL only: trigram index"
)


def suggest(client, field, q):
    response = client.get(SUGGEST, {"field": field, "q": q})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return response.json()


@pytest.fixture
def names():
    kh = make_organization(
        name="Kata'ib Hezbollah", short_name="KH", aliases="Hezbollah Brigades"
    )
    make_organization(name="Harakat al-Nujaba", slug="nujaba")
    make_person(name="Abu Ali al-Askari", slug="askari", organization=kh)
    make_person(name="Abu Muhammad al-Adnani", slug="adnani")
    return kh


def test_organisations_are_suggested_by_name_as_typed(client, names):
    found = suggest(client, "organization", "Kataib")

    assert found[0] == {"slug": names.slug, "label": "Kata'ib Hezbollah (KH)"}
    assert all(set(item) == {"slug", "label"} for item in found)


def test_organisations_are_suggested_by_alias(client, names):
    found = suggest(client, "organization", "Hezbollah Brigades")

    assert found[0]["slug"] == names.slug


def test_people_are_suggested_with_their_organisation(client, names):
    found = suggest(client, "person", "askari")

    assert found[0] == {
        "slug": "askari",
        "label": "Abu Ali al-Askari, Kata'ib Hezbollah (KH)",
    }


def test_tags_on_quotes_are_suggested_by_their_beginning(client):
    make_quote(tags=["Iraq", "Iran", "Syria"])
    from cepsite.tagging import Tag

    Tag.objects.create(name="Iraqi elections", slug="iraqi-elections")

    found = suggest(client, "tag", "ira")

    # A tag that labels no quote would lead to an empty archive.
    assert found == [
        {"slug": "iran", "label": "Iran"},
        {"slug": "iraq", "label": "Iraq"},
    ]


def test_categories_are_suggested_by_their_beginning(client):
    Category.objects.create(name="Pro-violence", slug="pro-violence", definition="x")
    Category.objects.create(name="Anti-Israel", slug="anti-israel", definition="x")

    assert suggest(client, "category", "Pro") == [
        {"slug": "pro-violence", "label": "Pro-violence"}
    ]
    assert suggest(client, "category", "anti-isr") == [
        {"slug": "anti-israel", "label": "Anti-Israel"}
    ]


@pytest.mark.parametrize("field", ["organization", "person", "tag", "category"])
@pytest.mark.parametrize("q", ["", "   ", "x" * 5000, "%_\\'\"<>", "؟!"])
def test_blank_overlong_or_odd_entries_never_fail(client, names, field, q):
    found = suggest(client, field, q)

    assert isinstance(found, list)
    if not q.strip() or len(q) == 5000:
        assert found == []


@pytest.mark.parametrize("field", ["", "speaker", "organization[]"])
def test_an_unknown_field_is_a_json_error(client, field):
    response = client.get(SUGGEST, {"field": field, "q": "kh"})

    assert response.status_code == 400
    assert "must be one of" in response.json()["error"]


def test_suggestions_are_kept_under_the_content_version(
    client, names, page_cache, django_assert_max_num_queries
):
    # The page cache sets a version with the first page it serves.
    client.get(reverse("quotes:archive"))
    first = suggestions("organization", "kataib")
    with django_assert_max_num_queries(0):
        assert suggestions("organization", "kataib") == first


def test_a_suggestion_costs_one_query(client, names, django_assert_num_queries):
    with django_assert_num_queries(1):
        suggest(client, "organization", "kataib")
    with django_assert_num_queries(1):
        suggest(client, "category", "pro")


@postgresql_only
def test_misspelt_names_are_suggested(client, names):
    assert suggest(client, "organization", "Katib Hezbolah")[0]["slug"] == names.slug
    assert suggest(client, "person", "al-Adnany")[0]["slug"] == "adnani"


def _plan(sql):
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        # The captured SQL has its parameters in place already.
        cursor.execute(f"EXPLAIN {sql}")
        return "\n".join(row[0] for row in cursor.fetchall())


@postgresql_only
@pytest.mark.parametrize("field", ["organization", "person", "tag", "category"])
def test_suggestions_are_answered_from_indexes(client, names, field):
    from django.test.utils import CaptureQueriesContext

    make_quote(tags=["Iraq"])
    Category.objects.create(name="Pro-violence", slug="pro-violence", definition="x")
    with CaptureQueriesContext(connection) as queries:
        suggest(client, field, "kat" if field in ("organization", "person") else "pr")
    selects = [q["sql"] for q in queries.captured_queries if "SELECT" in q["sql"]]
    assert selects
    for sql in selects:
        # With sequential scans priced out, a plan that still holds one has
        # no index to use.
        plan = _plan(sql)
        assert "Seq Scan" not in plan, plan
