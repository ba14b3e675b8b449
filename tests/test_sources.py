"""
Several sources per quote: edited in the quote's admin page, imported and
exported as a list, in the downloads, and listed in order on the quote page.
"""

import csv
import io
import json
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from quotes import services
from quotes.models import Quote, Source
from tests.factories import (
    make_organization,
    make_quote,
    make_source,
    make_staff_member,
    quote_admin_data,
    source_admin_data,
)

pytestmark = pytest.mark.django_db

PUBLISHED = "2024-01-02T09:30:00-05:00"
ADD_URL = reverse("admin:quotes_quote_add")


def _post_quote(admin_client, *sources, **fields):
    data = {**quote_admin_data(**fields), **source_admin_data(*sources)}
    return admin_client.post(ADD_URL, data)


def _row(**fields):
    return {
        "type": "quote",
        "kind": "quote",
        "text": "We will drive them out.",
        "said_on": "2023-03-12",
        "status": "published",
        "publish_at": PUBLISHED,
        **fields,
    }


def _import(tmp_path, *rows):
    path = tmp_path / "content.jsonl"
    path.write_text("".join(json.dumps(row) + "\n" for row in rows))
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_content", str(path), stdout=out, stderr=err)
    except CommandError:
        return None, err.getvalue()
    return out.getvalue(), err.getvalue()


# The admin


def test_an_editor_gives_a_quote_two_sources_in_order(admin_client):
    response = _post_quote(
        admin_client,
        {"publisher": "Al-Manar", "title": "The speech", "url": "https://a.org/1"},
        {
            "publisher": "Telegram channel of the group",
            "url": "https://t.me/group/5",
            "published_on": "2023-03-12",
            "language": "ar",
        },
    )

    assert response.status_code == 302
    quote = Quote.objects.get()
    first, second = quote.sources.order_by("position")
    assert (first.publisher, first.url) == ("Al-Manar", "https://a.org/1")
    assert (second.language, second.published_on) == ("ar", date(2023, 3, 12))
    assert (quote.source_title, quote.source_url) == ("The speech", "https://a.org/1")


@pytest.mark.parametrize(
    ("typed", "stored", "precision"),
    [
        ("Mar. 2023", date(2023, 3, 1), "month"),
        ("2023", date(2023, 1, 1), "year"),
        ("2023-03-12", date(2023, 3, 12), "day"),
    ],
)
def test_a_sources_date_is_typed_as_far_as_it_is_known(
    admin_client, typed, stored, precision
):
    response = _post_quote(admin_client, {"title": "The speech", "published_on": typed})

    assert response.status_code == 302
    source = Source.objects.get()
    assert (source.published_on, source.published_on_precision) == (
        stored,
        precision,
    )


def test_a_sources_date_that_means_nothing_is_a_form_error(admin_client):
    response = _post_quote(
        admin_client, {"title": "The speech", "published_on": "sometime in spring"}
    )

    assert response.status_code == 200
    assert not Quote.objects.exists()
    assert not Source.objects.exists()


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ({"url": "javascript:alert(1)"}, "Enter a valid URL."),
        ({"url": "ftp://files.example.org/a.pdf"}, "Give an http:// or https://"),
        ({"url": "file:///etc/passwd"}, "Enter a valid URL."),
        ({"publisher": "Al-Manar"}, "Give the source&#x27;s URL or its title."),
        (
            {"title": "Statement", "archive_url": "javascript:alert(1)"},
            "Enter a valid URL.",
        ),
    ],
)
def test_a_bad_source_is_a_form_error_and_nothing_is_saved(
    admin_client, source, message
):
    response = _post_quote(admin_client, {"title": "Good source"}, source)

    assert response.status_code == 200
    assert message in response.content.decode()
    errors = response.context["inline_admin_formsets"][0].formset.errors
    assert errors[0] == {}
    assert errors[1]
    assert not Quote.objects.exists()
    assert not Source.objects.exists()


def test_the_first_source_follows_the_order_the_editor_gives(admin_client):
    quote = make_quote()
    first = make_source(quote, title="First", url="https://a.org/1")
    second = make_source(quote, title="Second", url="https://a.org/2")
    services.quote_first_source_sync(quote=quote)
    data = quote_admin_data(text=quote.text)
    data.update(
        {
            "sources-TOTAL_FORMS": "2",
            "sources-INITIAL_FORMS": "2",
        }
    )
    for n, (source, position) in enumerate([(first, 5), (second, 1)]):
        data.update(
            {
                f"sources-{n}-id": str(source.pk),
                f"sources-{n}-quote": str(quote.pk),
                f"sources-{n}-position": str(position),
                f"sources-{n}-title": source.title,
                f"sources-{n}-url": source.url,
                f"sources-{n}-published_on_precision": "day",
            }
        )

    response = admin_client.post(
        reverse("admin:quotes_quote_change", args=[quote.pk]), data
    )

    assert response.status_code == 302
    quote.refresh_from_db()
    assert (quote.source_title, quote.source_url) == ("Second", "https://a.org/2")


def test_the_quote_change_page_shows_its_sources_inline(admin_client):
    quote = make_quote()
    make_source(quote, title="The speech", url="https://a.org/1")

    response = admin_client.get(reverse("admin:quotes_quote_change", args=[quote.pk]))

    body = response.content.decode()
    assert response.status_code == 200
    assert 'name="sources-0-url"' in body
    assert 'value="https://a.org/1"' in body
    assert "Not captured yet" in body


def test_sources_set_checks_every_source_before_changing_any(db):
    quote = make_quote()
    make_source(quote, title="Kept", url="https://a.org/kept")

    with pytest.raises(ValidationError):
        services.quote_sources_set(
            quote=quote,
            sources=[Source(title="New"), Source(url="javascript:alert(1)")],
        )

    assert list(quote.sources.values_list("title", flat=True)) == ["Kept"]


# Import and export


def test_an_import_gives_a_quote_its_sources_in_order(tmp_path):
    out, err = _import(
        tmp_path,
        _row(
            sources=[
                {"publisher": "Al-Manar", "title": "The speech", "url": "a.org/1"},
                {
                    "url": "https://t.me/group/5",
                    "published_on": "2023-03",
                    "accessed_on": "2023-04-01",
                    "language": "ar",
                    "archive_url": "https://web.archive.org/web/2023/t.me/group/5",
                },
            ]
        ),
    )

    assert err == ""
    quote = Quote.objects.get()
    first, second = quote.sources.all()
    assert first.url == "https://a.org/1"
    assert (second.published_on, second.published_on_precision) == (
        date(2023, 3, 1),
        "month",
    )
    assert second.accessed_on == date(2023, 4, 1)
    assert (quote.source_title, quote.source_url) == ("The speech", "https://a.org/1")


def test_an_older_file_gives_its_source_title_and_url_as_a_first_source(tmp_path):
    _import(tmp_path, _row(source_title="Telegram", source_url="https://t.me/x/1"))

    source = Source.objects.get()
    assert (source.title, source.url, source.position) == (
        "Telegram",
        "https://t.me/x/1",
        0,
    )


@pytest.mark.parametrize(
    ("sources", "message"),
    [
        ([{"title": "Fine"}, {"url": "javascript:alert(1)"}], "sources[2].url: Enter"),
        ([{"url": "ftp://example.org/a"}], "sources[1].url: Give an http:// or"),
        ([{"publisher": "Al-Manar"}], "sources[1].url: Give the source's URL"),
        ([{"title": "A", "colour": "red"}], "sources[1]: unknown key colour"),
        ([{"title": "A", "published_on": "March"}], "sources[1].published_on: Use"),
        (["https://a.org/"], "sources[1]: give an object"),
        ({"title": "A"}, "sources: give a list of sources."),
    ],
)
def test_a_bad_source_in_a_file_names_its_line_and_key(tmp_path, sources, message):
    out, err = _import(
        tmp_path, _row(text="Good.", sources=[{"title": "A"}]), _row(sources=sources)
    )

    assert out is None
    assert f"line 2: {message}" in err
    assert not Quote.objects.exists()
    assert not Source.objects.exists()


def test_a_source_url_of_another_scheme_in_an_older_file_is_refused(tmp_path):
    out, err = _import(tmp_path, _row(source_url="javascript:alert(1)"))

    assert out is None
    assert "line 1: source_url" in err
    assert not Quote.objects.exists()


def test_a_csv_file_gives_sources_as_json_in_one_cell(tmp_path):
    path = tmp_path / "quotes.csv"
    sources = json.dumps([{"title": "One", "url": "https://a.org/1"}, {"title": "Two"}])
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["type", "text", "said_on", "status", "publish_at", "sources"])
        writer.writerow(["quote", "Words.", "2023", "published", PUBLISHED, sources])

    call_command("import_content", str(path), stdout=io.StringIO())

    assert list(Source.objects.values_list("title", flat=True)) == ["One", "Two"]


def test_export_carries_the_sources_and_imports_unchanged(tmp_path):
    quote = make_quote(text="Exported words.")
    make_source(quote, publisher="Al-Manar", title="Speech", url="https://a.org/1")
    make_source(
        quote,
        url="https://t.me/g/2",
        published_on=date(2023, 1, 1),
        published_on_precision="year",
        language="ar",
    )
    services.quote_first_source_sync(quote=quote)
    output = tmp_path / "export.jsonl"
    call_command("export_content", "--output", output, stdout=io.StringIO())

    (record,) = [json.loads(line) for line in output.read_text().splitlines()]
    assert [source["url"] for source in record["sources"]] == [
        "https://a.org/1",
        "https://t.me/g/2",
    ]
    assert record["sources"][1]["published_on"] == "2023"
    out = io.StringIO()
    call_command("import_content", str(output), stdout=out)
    assert "1 unchanged" in out.getvalue()


def test_an_import_replaces_the_sources_of_a_quote_it_updates(tmp_path):
    _import(tmp_path, _row(sources=[{"title": "Old"}, {"title": "Older"}]))

    out, _ = _import(tmp_path, _row(sources=[{"title": "New", "url": "https://n.org"}]))

    assert "1 updated" in out
    quote = Quote.objects.get()
    assert list(quote.sources.values_list("title", flat=True)) == ["New"]
    assert (quote.source_title, quote.source_url) == ("New", "https://n.org")


# Downloads and the quote page


def test_downloads_list_each_quotes_sources(client):
    quote = make_quote()
    make_source(quote, publisher="Al-Manar", title="Speech", url="https://a.org/1")
    make_source(quote, title="Second", published_on=date(2023, 3, 12))

    rows = json.loads(b"".join(client.get("/quotes/download.json").streaming_content))
    (row,) = rows
    assert [source["title"] for source in row["sources"]] == ["Speech", "Second"]
    assert row["sources"][0]["link_status"] == "unchecked"
    text = b"".join(client.get("/quotes/download.csv").streaming_content).decode()
    (csv_row,) = csv.DictReader(io.StringIO(text))
    assert (
        csv_row["sources"] == "Al-Manar: Speech <https://a.org/1> | Second, 2023-03-12"
    )


def test_the_quote_page_lists_its_sources_in_order(client):
    quote = make_quote()
    make_source(quote, publisher="Al-Manar", title="The speech", url="https://a.org/1")
    make_source(quote, title="بيان", url="https://t.me/g/2", language="ar")

    body = client.get(quote.get_absolute_url()).content.decode()

    assert body.index("The speech") < body.index("بيان")
    assert 'href="https://a.org/1"' in body
    assert '<cite dir="auto" lang="ar">بيان</cite>' in body
    assert "Al-Manar" in body


def test_a_stored_address_of_another_scheme_is_never_a_link(client):
    quote = make_quote()
    Source.objects.bulk_create(
        [Source(quote=quote, title="Somewhere", url="javascript:alert(1)")]
    )

    body = client.get(quote.get_absolute_url()).content.decode()

    assert "Somewhere" in body
    assert "javascript:" not in body


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_quote_page_reads_its_sources_in_one_query(client):
    few = make_quote()
    make_source(few, url="https://a.org/")
    many = make_quote()
    for n in range(12):
        make_source(many, url=f"https://a.org/{n}")

    assert _queries(client, few.get_absolute_url()) == _queries(
        client, many.get_absolute_url()
    )


def test_the_archive_keeps_its_query_budget_with_many_sources(
    client, django_assert_num_queries
):
    kh = make_organization(name="Kata'ib Hezbollah", slug="kh")
    make_source(make_quote(organization=kh), url="https://a.org/")
    few = _queries(client, "/quotes/")
    for n in range(30):
        quote = make_quote(organization=kh)
        for m in range(5):
            make_source(quote, url=f"https://a.org/{n}/{m}")

    with django_assert_num_queries(few):
        assert client.get("/quotes/").status_code == 200


@pytest.mark.parametrize("role", ["contributor", "editor"])
def test_contributors_and_editors_edit_sources_on_the_quote_page(client, role):
    client.force_login(make_staff_member(f"staff-{role}", role=role))

    response = _post_quote(
        client, {"title": "The speech", "url": "https://a.org/1"}, status="draft"
    )

    assert response.status_code == 302
    assert Quote.objects.get().sources.get().url == "https://a.org/1"
