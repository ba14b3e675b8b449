"""The public read API at /api/v1/: published items only, cursors, limits."""

import re
from datetime import date, timedelta

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from cepsite.publishing import Status
from cepsite.site.api.cursor import SALT
from quotes.models import Category, Quote
from tests.factories import (
    make_organization,
    make_person,
    make_press_release,
    make_quote,
    make_resource,
    make_source,
)

pytestmark = pytest.mark.django_db

QUOTES = "/api/v1/quotes/"
LATER = timezone.now() + timedelta(days=3)


def _get(client, path, **params):
    response = client.get(path, params)
    assert response["Content-Type"].startswith("application/json")
    return response


def _hidden(**fields):
    """Three items of one kind that readers may not see: draft, scheduled, withdrawn."""
    return [
        {"status": Status.DRAFT, **fields},
        {"publish_at": LATER, **fields},
        {"withdrawn_at": timezone.now(), "withdrawal_note": "Misattributed.", **fields},
    ]


def test_quote_item_carries_url_partial_dates_sources_tags_and_categories(client):
    organization = make_organization(name="Kata'ib Hezbollah", short_name="KH")
    person = make_person(name="Abu Ali al-Askari", organization=organization)
    quote = make_quote(
        person=person,
        organization=organization,
        role="Security Official",
        said_on=date(2023, 3, 1),
        said_on_precision=Quote.Precision.MONTH,
        original_text="كلمات",
        original_language="ar",
        tags=["iraq"],
    )
    category = Category.objects.create(
        name="Pro-violence", slug="pro-violence", definition="d"
    )
    quote.categories.add(category)
    make_source(
        quote,
        publisher="Al-Manar",
        url="https://example.org/a",
        published_on=date(2023, 1, 1),
        published_on_precision="year",
    )

    response = _get(client, QUOTES)

    assert response.status_code == 200
    [item] = response.json()["items"]
    assert item["url"] == f"http://testserver/quotes/{quote.pk}/"
    assert item["said_on"] == "2023-03"
    assert item["said_on_precision"] == "month"
    assert item["attribution"] == (
        "Abu Ali al-Askari, Kata'ib Hezbollah (KH) Security Official"
    )
    assert item["sources"][0]["publisher"] == "Al-Manar"
    assert item["sources"][0]["published_on"] == "2023"
    assert item["tags"] == [{"name": "iraq", "slug": "iraq"}]
    assert item["categories"] == [{"name": "Pro-violence", "slug": "pro-violence"}]
    assert item["original_language"] == "ar"
    assert response.json()["next"] is None


@pytest.mark.parametrize("hidden", _hidden())
def test_hidden_quotes_never_appear(client, hidden):
    shown = make_quote(text="Public words.")
    secret = make_quote(text="Secret words.", **hidden)

    listed = _get(client, QUOTES).json()["items"]
    detail = _get(client, f"{QUOTES}{secret.pk}/")

    assert [item["id"] for item in listed] == [shown.pk]
    assert detail.status_code in (404, 410)


def test_withdrawn_quote_answers_410_with_its_note(client):
    quote = make_quote(withdrawn_at=timezone.now(), withdrawal_note="Misattributed.")

    response = _get(client, f"{QUOTES}{quote.pk}/")

    assert response.status_code == 410
    assert response.json()["withdrawal_note"] == "Misattributed."


@pytest.mark.parametrize("hidden", _hidden())
def test_hidden_press_and_resources_never_appear(client, hidden):
    make_press_release(title="Public release")
    make_press_release(title="Hidden release", **hidden)
    make_resource(title="Public page")
    make_resource(title="Hidden page", **hidden)

    press = _get(client, "/api/v1/press/").json()["items"]
    resources = _get(client, "/api/v1/resources/").json()["items"]

    assert [item["title"] for item in press] == ["Public release"]
    assert [item["title"] for item in resources] == ["Public page"]


@pytest.mark.parametrize("hidden", _hidden())
def test_people_organisations_and_tags_of_hidden_items_never_appear(client, hidden):
    shown_org, hidden_org = (
        make_organization(name="Shown"),
        make_organization(name="Hid"),
    )
    shown_person, hidden_person = make_person(name="Shown"), make_person(name="Hid")
    make_quote(organization=shown_org, person=shown_person, tags=["shown"])
    make_quote(organization=hidden_org, person=hidden_person, tags=["hid"], **hidden)
    make_press_release(tags=["hid-press"], **hidden)
    make_resource(tags=["hid-page"], **hidden)

    organizations = _get(client, "/api/v1/organizations/").json()["items"]
    people = _get(client, "/api/v1/people/").json()["items"]
    tags = _get(client, "/api/v1/tags/").json()["items"]

    assert [item["name"] for item in organizations] == ["Shown"]
    assert [item["name"] for item in people] == ["Shown"]
    assert [item["slug"] for item in tags] == ["shown"]


def test_profile_url_only_for_a_published_profile(client):
    public = make_resource(title="ISIS")
    draft = make_resource(title="Draft page", status=Status.DRAFT)
    make_quote(organization=make_organization(name="A", profile=public))
    make_quote(organization=make_organization(name="B", profile=draft))

    items = _get(client, "/api/v1/organizations/").json()["items"]

    assert [item["profile_url"] for item in items] == [
        f"http://testserver{public.get_absolute_url()}",
        None,
    ]


def test_categories_list_the_vocabulary(client):
    Category.objects.create(name="Anti-Israel", slug="anti-israel", definition="Def.")

    [item] = _get(client, "/api/v1/categories/").json()["items"]

    assert item["definition"] == "Def."
    assert item["url"].endswith("/quotes/?category=anti-israel")


def test_quotes_take_the_archive_filters(client):
    kh = make_organization(name="Kata'ib Hezbollah", short_name="KH")
    wanted = make_quote(organization=kh, kind="tweet", said_on=date(2021, 5, 2))
    make_quote(organization=kh, kind="quote", said_on=date(2021, 5, 2))
    make_quote(kind="tweet", said_on=date(2021, 5, 2))
    make_quote(organization=kh, kind="tweet", said_on=date(2019, 5, 2))

    response = _get(
        client,
        QUOTES,
        organization="KH",
        kind="tweet",
        **{"from": "2021", "to": "2021-06"},
    )

    assert [item["id"] for item in response.json()["items"]] == [wanted.pk]


def test_cursor_pages_do_not_shift_when_items_are_added(client):
    made = [make_quote(said_on=date(2020, 1, 1) + timedelta(days=n)) for n in range(5)]
    undated = make_quote(said_on=None)
    first = _get(client, QUOTES, limit=2).json()

    # Newer items, and one undated, arrive between two page reads.
    make_quote(said_on=date(2024, 1, 1))
    make_quote(said_on=None)
    pages = [first]
    while pages[-1]["next"]:
        pages.append(client.get(pages[-1]["next"]).json())

    seen = [item["id"] for page in pages for item in page["items"]]
    newest_first = [quote.pk for quote in reversed(made)]
    assert seen[:5] == newest_first
    assert undated.pk in seen[5:]
    assert len(seen) == len(set(seen))


def test_cursor_keeps_the_filters_in_the_next_link(client):
    for _ in range(3):
        make_quote(kind="fact")
    make_quote(kind="quote")

    page = _get(client, QUOTES, kind="fact", limit=2).json()
    second = client.get(page["next"]).json()

    assert "kind=fact" in page["next"]
    assert [item["kind"] for item in second["items"]] == ["fact"]


@pytest.mark.parametrize(
    "cursor",
    [
        "forged",
        signing.dumps({"k": ["2020-01-01", 1], "f": "x"}, salt="other"),
        signing.dumps({"k": ["not a date", 1], "f": "x"}, salt=SALT),
        signing.dumps({"k": "short", "f": "x"}, salt=SALT),
    ],
)
def test_forged_cursor_is_refused_with_a_json_400(client, cursor):
    make_quote()

    response = _get(client, QUOTES, cursor=cursor)

    assert response.status_code == 400
    assert "cursor" in response.json()["errors"]


def test_cursor_of_other_filters_is_refused(client):
    for _ in range(3):
        make_quote(kind="fact")
    token = _get(client, QUOTES, kind="fact", limit=1).json()["cursor"]

    response = _get(client, QUOTES, kind="tweet", cursor=token)

    assert response.status_code == 400
    assert "other filters" in response.json()["detail"]


def test_stale_cursor_is_refused(client, settings):
    for _ in range(2):
        make_quote()
    token = _get(client, QUOTES, limit=1).json()["cursor"]
    settings.API_CURSOR_MAX_AGE = -1

    response = _get(client, QUOTES, cursor=token)

    assert response.status_code == 400
    assert "expired" in response.json()["detail"]


@pytest.mark.parametrize(
    "params",
    [
        {"limit": 10**9},
        {"limit": 0},
        {"limit": "many"},
        {"from": "yesterday"},
        {"to": "2023-13"},
        {"from": "2024", "to": "2023"},
        {"organization": "<unknown>"},
        {"person": "nobody at all"},
        {"tag": "no-such-tag"},
        {"category": "x" * 101},
        {"kind": "poem"},
        {"dates": "sometimes"},
        {"q": "-only"},
        {"q": "\x00"},
        {"q": "x" * 5000},
    ],
)
def test_bad_parameters_get_a_json_400(client, params):
    make_quote()

    response = _get(client, QUOTES, **params)

    assert response.status_code == 400
    assert response.json()["detail"]


def test_a_page_larger_than_the_cap_points_at_the_datasets(client, settings):
    response = _get(client, QUOTES, limit=settings.API_PAGE_SIZE_MAX + 1)

    assert response.status_code == 400
    assert "/data/" in response.json()["detail"]


@pytest.mark.parametrize("path", ["/api/v1/quotes/0/", "/api/v1/quotes/99999999999/"])
def test_out_of_range_quote_numbers_are_not_server_errors(client, path):
    response = client.get(path)

    assert response.status_code in (400, 404)
    assert response.json()["detail"]


def test_quotes_page_query_count_is_flat(client, django_assert_max_num_queries):
    organization = make_organization()
    for n in range(40):
        quote = make_quote(
            organization=organization, person=make_person(), tags=[f"t{n}"]
        )
        make_source(quote)

    # quotes, sources, categories, tags; the session and the rest are not read.
    with django_assert_max_num_queries(4):
        response = client.get(QUOTES, {"limit": 30})

    assert len(response.json()["items"]) == 30


def test_api_allows_get_from_any_origin(client):
    response = client.get(QUOTES, headers={"Origin": "https://example.org"})

    assert response["Access-Control-Allow-Origin"] == "*"


def test_conditional_get_answers_304(client):
    make_quote()
    first = client.get(QUOTES)

    again = client.get(QUOTES, headers={"If-None-Match": first["ETag"]})

    assert first["ETag"]
    assert again.status_code == 304


def test_api_is_cached_and_refreshed_by_the_content_version(client, page_cache):
    quote = make_quote(text="Before.")
    assert client.get(QUOTES)["X-Cache"] == "miss"
    assert client.get(QUOTES)["X-Cache"] == "hit"

    quote.text = "After."
    quote.save()
    from cepsite.pagecache import content_changed

    content_changed()
    response = client.get(QUOTES)

    assert response["X-Cache"] == "miss"
    assert response.json()["items"][0]["text"] == "After."


def test_anonymous_clients_are_rate_limited_with_retry_after(client, settings):
    settings.RATELIMIT_ENABLE = True
    settings.API_RATE_LIMIT = "2/m"

    statuses = [client.get("/api/v1/tags/").status_code for _ in range(3)]
    refused = client.get("/api/v1/tags/")

    assert statuses == [200, 200, 429]
    assert int(refused["Retry-After"]) >= 1
    assert "/data/" in refused.json()["detail"]
    assert refused["Access-Control-Allow-Origin"] == "*"


def test_openapi_document_describes_every_resource(client):
    document = client.get("/api/v1/openapi.json").json()

    assert document["openapi"].startswith("3.")
    assert set(document["paths"]) >= {
        f"/api/v1/{name}/"
        for name in (
            "quotes",
            "organizations",
            "people",
            "press",
            "resources",
            "tags",
            "categories",
        )
    } | {"/api/v1/quotes/{pk}/"}


def test_docs_page_lists_operations_without_outside_scripts(client):
    response = client.get(reverse("api:docs"))

    body = response.content.decode()
    assert response.status_code == 200
    assert "/api/v1/quotes/" in body and "organization" in body
    sources = re.findall(r"<(?:script|link)[^>]+(?:src|href)=\"([^\"]+)\"", body)
    assert not [
        source
        for source in sources
        if "//" in source and not source.startswith("http://testserver/")
    ]
    assert "'self'" in response["Content-Security-Policy"]


def test_cache_keeps_pages_of_other_sizes_and_filters_apart(client, page_cache):
    for kind in ("fact", "fact", "quote"):
        make_quote(kind=kind)

    one = client.get(QUOTES, {"limit": 1}).json()["items"]
    two = client.get(QUOTES, {"limit": 2}).json()["items"]
    facts = client.get(QUOTES, {"kind": "fact"}).json()["items"]
    ignored = client.get(QUOTES, {"kind": "fact", "r": "random"})

    assert (len(one), len(two), len(facts)) == (1, 2, 2)
    assert ignored["X-Cache"] == "hit"


def test_head_answers_wherever_get_does(client):
    response = client.head(QUOTES)

    assert response.status_code == 200
    assert response.content == b""


def test_writes_are_refused(client):
    response = client.post(QUOTES, {})

    assert response.status_code == 405


@pytest.mark.parametrize(
    ("path", "budget"),
    [
        ("/api/v1/organizations/", 1),
        ("/api/v1/people/", 1),
        ("/api/v1/press/", 3),
        ("/api/v1/resources/", 2),
        ("/api/v1/tags/", 3),
        ("/api/v1/categories/", 1),
    ],
)
def test_list_query_counts_are_flat(
    client, django_assert_max_num_queries, path, budget
):
    for n in range(30):
        profile = make_resource(tags=[f"r{n}"])
        organization = make_organization(profile=profile)
        make_quote(organization=organization, person=make_person(profile=profile))
        make_press_release(tags=[f"p{n}"], resources=[profile])
        Category.objects.create(name=f"Category {n}", slug=f"c{n}", definition="d")

    with django_assert_max_num_queries(budget):
        response = client.get(path, {"limit": 25})

    assert len(response.json()["items"]) == 25


def test_api_root_links_every_resource_the_docs_and_the_datasets(client):
    index = client.get("/api/v1/").json()

    assert index["resources"]["quotes"] == "http://testserver/api/v1/quotes/"
    assert len(index["resources"]) == 7
    assert index["datasets"] == "http://testserver/data/"


def test_cursor_pages_through_dated_then_undated_items_one_by_one(client):
    dated = [make_quote(said_on=date(2021, 1, 1)) for _ in range(2)]
    undated = [make_quote(said_on=None) for _ in range(3)]
    page = _get(client, QUOTES, limit=1).json()
    seen = [item["id"] for item in page["items"]]
    while page["next"]:
        page = client.get(page["next"]).json()
        seen += [item["id"] for item in page["items"]]

    expected = [quote.pk for quote in reversed(dated)]
    expected += [quote.pk for quote in reversed(undated)]
    assert seen == expected
