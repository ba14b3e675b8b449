"""The archive's result as CSV and JSON files, for researchers."""

import csv
import io
import json
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cepsite.dates import Precision
from cepsite.publishing import Status
from quotes import downloads
from tests.factories import make_organization, make_person, make_quote

pytestmark = pytest.mark.django_db

ARCHIVE = reverse("quotes:archive")
CSV_URL = reverse("quotes:download_csv")
JSON_URL = reverse("quotes:download_json")


def content(response):
    assert response.streaming
    return b"".join(response.streaming_content).decode("utf-8")


def csv_rows(response):
    return list(csv.DictReader(io.StringIO(content(response))))


def json_rows(response):
    return json.loads(content(response))


@pytest.fixture
def askari_quote():
    kh = make_organization(name="Kata'ib Hezbollah", short_name="KH", slug="kh")
    askari = make_person(name="Abu Ali al-Askari", organization=kh)
    return make_quote(
        text="We will drive them out.",
        person=askari,
        organization=kh,
        role="Security Official",
        context="On the strikes:",
        said_on=date(2023, 3, 12),
        said_on_precision=Precision.MONTH,
        source_title="Telegram",
        source_url="https://t.me/example/1",
        tags=["Iraq", "KH"],
    )


def test_csv_download_has_every_column_of_each_published_match(client, askari_quote):
    response = client.get(CSV_URL)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    today = timezone.localdate()
    assert response["Content-Disposition"] == (
        f'attachment; filename="quotes-{today:%Y-%m-%d}.csv"'
    )
    (row,) = csv_rows(response)
    assert row == {
        "id": str(askari_quote.pk),
        "kind": "quote",
        "text": "We will drive them out.",
        "person": "Abu Ali al-Askari",
        "role": "Security Official",
        "organization": "Kata'ib Hezbollah",
        "context": "On the strikes:",
        "said_on": "2023-03",
        "said_on_display": "Mar. 2023",
        "said_on_precision": "month",
        "original_text": "",
        "original_language": "",
        "translation_credit": "",
        "source_title": "Telegram",
        "source_url": "https://t.me/example/1",
        "sources": "",
        "url": f"http://testserver/quotes/{askari_quote.pk}/",
        "tags": "Iraq, KH",
    }


def test_json_download_has_the_same_fields_with_tags_as_a_list(client, askari_quote):
    undated = make_quote(kind="fact", text="A fact.", said_on=None)

    response = client.get(JSON_URL)

    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].endswith('.json"')
    first, second = json_rows(response)
    assert first["id"] == askari_quote.pk
    assert first["tags"] == ["Iraq", "KH"]
    assert (first["said_on"], first["said_on_display"]) == ("2023-03", "Mar. 2023")
    assert second["id"] == undated.pk
    assert (second["person"], second["said_on"], second["said_on_display"]) == (
        "",
        "",
        "Date undetermined",
    )
    assert set(first) == set(downloads.COLUMNS)


def test_an_empty_result_is_a_valid_file(client):
    assert json_rows(client.get(JSON_URL)) == []
    assert csv_rows(client.get(CSV_URL)) == []


def test_downloads_apply_the_archive_filters(client, askari_quote):
    make_quote(text="Another group.", said_on=date(2023, 3, 20))
    kh = askari_quote.organization
    make_quote(text="Too early.", organization=kh, said_on=date(2019, 1, 1))
    make_quote(kind="fact", text="A fact.", organization=kh, said_on=None)

    def texts(**params):
        return [row["text"] for row in csv_rows(client.get(CSV_URL, params))]

    assert texts(organization="kh", kind="quote", **{"from": "2023"}) == [
        "We will drive them out."
    ]
    assert texts(tag="iraq") == ["We will drive them out."]
    assert texts(q="drive") == ["We will drive them out."]
    assert texts(**{"from": "2023-03", "to": "2023-03"}) == [
        "Another group.",
        "We will drive them out.",
    ]


def test_drafts_and_scheduled_items_are_not_downloaded(client, staff_client):
    make_quote(text="Published.")
    make_quote(text="Draft.", status=Status.DRAFT)
    make_quote(text="Scheduled.", publish_at=timezone.now() + timedelta(days=1))

    for reader in (client, staff_client):
        assert [row["text"] for row in json_rows(reader.get(JSON_URL))] == [
            "Published."
        ]


@pytest.mark.parametrize("url", [CSV_URL, JSON_URL])
def test_filters_that_cannot_be_used_give_400_and_no_file(client, url):
    make_quote()

    response = client.get(url, {"from": "yesterday", "organization": "nobody"})

    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    text = response.content.decode()
    assert "Some filters could not be used" in text
    assert "No organisation is called “nobody”." in text
    assert "Use a year (2023)" in text


def test_download_takes_a_fixed_number_of_queries_however_many_rows(
    client, django_assert_max_num_queries
):
    kh = make_organization(name="Kata'ib Hezbollah", slug="kh")
    for n in range(120):
        person = make_person(name=f"Speaker {n}", organization=kh)
        make_quote(person=person, organization=kh, tags=[f"tag {n % 4}", "Iraq"])

    with django_assert_max_num_queries(4):
        rows = csv_rows(client.get(CSV_URL, {"organization": "kh"}))

    assert len(rows) == 120
    assert all(row["tags"].startswith("Iraq, tag ") for row in rows)


def test_download_is_streamed_in_chunks(client, monkeypatch):
    for _ in range(7):
        make_quote(tags=["Iraq"])
    monkeypatch.setattr(downloads, "CHUNK_SIZE", 3)

    response = client.get(JSON_URL)

    pieces = list(response.streaming_content)
    # The opening bracket, three chunks of rows, the closing bracket.
    assert len(pieces) == 5
    assert len(json.loads(b"".join(pieces))) == 7


def test_csv_cells_cannot_run_as_spreadsheet_formulas(client):
    quote = make_quote(kind="tweet", text='=HYPERLINK("http://evil")')

    (row,) = csv_rows(client.get(CSV_URL))
    (item,) = json_rows(client.get(JSON_URL))

    assert row["text"] == '\'=HYPERLINK("http://evil")'
    # JSON is not opened by spreadsheets: the words stay exactly as said.
    assert item["text"] == quote.text


def test_archive_page_links_to_the_downloads_with_its_filters(client):
    for _ in range(30):
        make_quote(kind="fact", person=None)

    response = client.get(ARCHIVE, {"kind": "fact", "page": "2"})

    page = response.content.decode()
    assert f'href="{CSV_URL}?kind=fact"' in page
    assert f'href="{JSON_URL}?kind=fact"' in page
    assert "Download all 30 items for research" in page


def test_archive_page_offers_no_download_of_nothing(client):
    response = client.get(ARCHIVE, {"kind": "tweet"})

    assert CSV_URL not in response.content.decode()
