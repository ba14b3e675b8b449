"""
Original words: the quote as said, beside the translation, with its language
and direction, its translation credit; in downloads, the export, and search.
"""

import io
import json

import pytest
from django.core.management import call_command
from django.db import connection

from quotes.models import Quote, text_direction
from tests.factories import make_quote, quote_admin_data

pytestmark = pytest.mark.django_db

ARABIC = "إن الجهاد فرض على كل مسلم"


def _arabic_quote(**fields):
    fields.setdefault("text", "Jihad is a duty upon every Muslim.")
    return make_quote(
        original_text=ARABIC,
        original_language="ar",
        translation_credit="CEP translation",
        **fields,
    )


def test_the_quote_page_shows_the_original_right_to_left(client):
    quote = _arabic_quote()

    body = client.get(quote.get_absolute_url()).content.decode()

    assert "Original words (Arabic)" in body
    assert f'lang="ar" dir="rtl"><p>{ARABIC}</p>' in body
    assert "Translation: CEP translation" in body
    assert body.index("Jihad is a duty") < body.index(ARABIC)


def test_an_original_in_a_left_to_right_language(client):
    quote = make_quote(original_text="Nous vaincrons.", original_language="fr")

    body = client.get(quote.get_absolute_url()).content.decode()

    assert 'lang="fr" dir="ltr"' in body
    assert "Original words (French)" in body


def test_an_original_of_unknown_language_lets_the_browser_decide(client):
    quote = make_quote(original_text="كلمات")

    body = client.get(quote.get_absolute_url()).content.decode()

    assert '<blockquote class="quote-detail__original-text" dir="auto">' in body


def test_a_quote_without_original_words_has_no_such_section(client):
    body = client.get(make_quote().get_absolute_url()).content.decode()

    assert "Original words" not in body


@pytest.mark.parametrize(
    ("language", "direction"),
    [
        ("ar", "rtl"),
        ("fa-IR", "rtl"),
        ("ur", "rtl"),
        ("he", "rtl"),
        ("ps", "rtl"),
        ("ckb", "rtl"),
        ("az-Arab", "rtl"),
        ("ku-Latn", "ltr"),
        ("en", "ltr"),
        ("", "auto"),
    ],
)
def test_the_direction_of_each_language(language, direction):
    assert text_direction(language) == direction


def test_an_editor_gives_the_original_words_in_the_admin(admin_client):
    data = quote_admin_data(
        original_text=ARABIC, original_language="ar", translation_credit="CEP"
    )

    response = admin_client.post("/admin/quotes/quote/add/", data)

    assert response.status_code == 302
    quote = Quote.objects.get()
    assert (quote.original_text, quote.original_language) == (ARABIC, "ar")


def test_downloads_carry_the_original_words(client):
    _arabic_quote()

    (row,) = json.loads(b"".join(client.get("/quotes/download.json").streaming_content))

    assert row["original_text"] == ARABIC
    assert row["original_language"] == "ar"
    assert row["translation_credit"] == "CEP translation"
    text = b"".join(client.get("/quotes/download.csv").streaming_content).decode()
    assert ARABIC in text


def test_the_export_carries_the_original_words_and_imports_them(tmp_path):
    _arabic_quote()
    output = tmp_path / "export.jsonl"
    call_command("export_content", "--output", output, stdout=io.StringIO())
    (record,) = [json.loads(line) for line in output.read_text().splitlines()]
    assert (record["original_text"], record["original_language"]) == (ARABIC, "ar")
    assert record["translation_credit"] == "CEP translation"
    Quote.objects.all().delete()

    call_command("import_content", str(output), stdout=io.StringIO())

    quote = Quote.objects.get()
    assert (quote.original_text, quote.translation_credit) == (
        ARABIC,
        "CEP translation",
    )


def test_the_archive_finds_a_word_of_the_original(client):
    found = _arabic_quote()
    make_quote(text="Other words entirely.")

    response = client.get("/quotes/", {"q": "الجهاد"})

    assert [quote.pk for quote in response.context["quotes"]] == [found.pk]


def test_site_search_finds_a_word_of_the_original(client):
    found = _arabic_quote()
    make_quote(text="Other words entirely.")

    body = client.get("/search/", {"q": "مسلم"}).content.decode()

    assert found.get_absolute_url() in body


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the search vector is PostgreSQL's"
)
def test_the_search_vector_follows_a_change_of_the_original(client):
    quote = _arabic_quote()
    Quote.objects.filter(pk=quote.pk).update(original_text="الموت لأمريكا")

    assert list(client.get("/quotes/", {"q": "الجهاد"}).context["quotes"]) == []
    response = client.get("/quotes/", {"q": "لأمريكا"})
    assert [item.pk for item in response.context["quotes"]] == [quote.pk]


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the search vector is PostgreSQL's"
)
def test_the_original_is_indexed_word_for_word(db):
    quote = _arabic_quote()

    vector = (
        Quote.objects.filter(pk=quote.pk).values_list("search_vector", flat=True).get()
    )

    for word in ARABIC.split():
        assert f"'{word}'" in vector
