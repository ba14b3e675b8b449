"""
Hostile import files: every malformed line is a numbered error and nothing
is saved; downloaded CSV cells never run as spreadsheet formulas.
"""

import csv
import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from cepsite import services
from quotes.models import Quote
from tests.factories import make_press_release, make_quote
from tests.test_import_export import (
    _flush_content,
    content_counts,
    failed_import,
    quote_record,
    resource_record,
    run_import,
    write_csv,
)

pytestmark = pytest.mark.django_db

DEEP = 100_000

GOOD_FIRST = json.dumps(quote_record(text="A good first line."))
GOOD_LAST = json.dumps(quote_record(text="A good last line."))


def write_lines(tmp_path, middle, name="content.jsonl"):
    """A file whose line 2, between two good rows, is ``middle`` (text or bytes)."""
    if isinstance(middle, str):
        middle = middle.encode("utf-8")
    path = tmp_path / name
    path.write_bytes(
        GOOD_FIRST.encode() + b"\n" + middle + b"\n" + GOOD_LAST.encode() + b"\n"
    )
    return path


MALFORMED_LINES = {
    "nul in a text": (
        json.dumps(quote_record(text="Before\u0000after.")),
        "line 2: text: holds a NUL character.",
    ),
    "nul in a person's name": (
        json.dumps(quote_record(person="Abu\u0000Ali")),
        "line 2: person: holds a NUL character.",
    ),
    "nul in a tag": (
        json.dumps(quote_record(tags=["Ir\u0000aq"])),
        "line 2: tags: holds a NUL character.",
    ),
    "nul in a key": (
        json.dumps({**quote_record(), "te\u0000xt": "x"}),
        "line 2: a key holds a NUL character.",
    ),
    "a byte that is not utf-8": (
        json.dumps(quote_record(text="CAFE")).encode().replace(b"CAFE", b"caf\xe9"),
        "line 2: text: is not UTF-8 text.",
    ),
    "half of a utf-16 pair": (
        json.dumps(quote_record(text="\ud800")),
        "line 2: text: is not UTF-8 text.",
    ),
    "arrays nested 100,000 deep": (
        "[" * DEEP + "]" * DEEP,
        "line 2: not valid JSON (nested too deeply).",
    ),
    "objects nested 100,000 deep": (
        '{"a":' * DEEP + "1" + "}" * DEEP,
        "line 2: not valid JSON (nested too deeply).",
    ),
    "a value nested 100,000 deep": (
        json.dumps(quote_record(text="x"))[:-1] + ', "context": ' + "[" * DEEP,
        "line 2: not valid JSON (nested too deeply).",
    ),
    "a key given twice": (
        json.dumps(quote_record(text="First text."))[:-1] + ', "text": "Second."}',
        "line 2: the key “text” is given twice.",
    ),
    "a type that is a list": (
        json.dumps(quote_record(type=["quote"])),
        "line 2: type: write one of resource, press, quote.",
    ),
    "a number for a date and time": (
        json.dumps(quote_record(publish_at=12345)),
        "line 2: publish_at: Enter a valid date/time.",
    ),
    "a number for a date": (
        json.dumps(quote_record(featured_on=2024)),
        "line 2: featured_on: Enter a valid date.",
    ),
    "a boolean for a withdrawal date": (
        json.dumps(quote_record(withdrawn_at=True)),
        "line 2: withdrawn_at: Enter a valid date/time.",
    ),
    "a number of 100,000 digits": (
        json.dumps(quote_record())[:-1] + ', "role": ' + "9" * DEEP + "}",
        "line 2: not valid JSON (a number too long to read).",
    ),
}


@pytest.mark.parametrize(
    ("line", "expected"), MALFORMED_LINES.values(), ids=MALFORMED_LINES.keys()
)
def test_a_malformed_line_is_a_numbered_error_and_nothing_is_saved(
    tmp_path, line, expected
):
    err, message = failed_import(write_lines(tmp_path, line))

    assert err.splitlines() == [f"{tmp_path / 'content.jsonl'}: {expected}"]
    assert message == "Problems on 1 line; nothing was imported."
    assert content_counts() == [0, 0, 0, 0, 0, 0]


def test_skip_invalid_saves_the_good_lines_around_a_malformed_one(tmp_path):
    path = write_lines(tmp_path, json.dumps(quote_record(text="Nul\u0000here.")))

    out, err = run_import(path, "--skip-invalid")

    assert "line 2: text: holds a NUL character." in err
    assert "Skipped 1 line with problems." in out
    assert sorted(Quote.objects.values_list("text", flat=True)) == [
        "A good first line.",
        "A good last line.",
    ]


def test_a_sixty_megabyte_quote_text_is_refused(tmp_path):
    size = 60 * 1024 * 1024
    err, _ = failed_import(
        write_lines(tmp_path, json.dumps(quote_record(text="x" * size)))
    )

    assert (
        "line 2: text: Ensure this value has at most 1000000 characters "
        f"(it has {size})." in err
    )
    assert content_counts() == [0, 0, 0, 0, 0, 0]


def test_the_text_cap_is_a_setting(tmp_path, settings):
    settings.IMPORT_MAX_TEXT_LENGTH = 30
    path = write_lines(tmp_path, json.dumps(quote_record(text="x" * 31)))

    err, _ = failed_import(path)

    assert err.splitlines() == [
        f"{path}: line 2: text: Ensure this value has at most 30 characters "
        "(it has 31)."
    ]


def test_char_fields_are_capped_at_their_column_length(tmp_path):
    path = write_lines(
        tmp_path, json.dumps(quote_record(text="Long role.", role="r" * 201))
    )

    err, _ = failed_import(path)

    assert (
        "line 2: role: Ensure this value has at most 200 characters (it has 201)."
        in err
    )


def test_an_image_name_longer_than_its_column_is_refused(tmp_path):
    path = tmp_path / "content.jsonl"
    path.write_text(
        json.dumps(resource_record(image="a" * 101 + ".jpg", image_alt="A map."))
        + "\n",
        encoding="utf-8",
    )

    err, _ = failed_import(path)

    assert (
        "line 1: image: Ensure this value has at most 100 characters (it has 105)."
        in err
    )
    assert content_counts() == [0, 0, 0, 0, 0, 0]


CSV_HEADER = "type,kind,text,person,said_on,status,publish_at,tags\n"


def csv_row(text, tags="Iraq"):
    return (
        f"quote,quote,{text},Abu Ali,2023,published,2024-01-02T09:30:00-05:00,{tags}\n"
    )


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("Nul\x00here", "line 3: text: holds a NUL character."),
        ("caf\udce9", "line 3: text: is not UTF-8 text."),
    ],
    ids=["nul", "not utf-8"],
)
def test_a_malformed_csv_row_is_a_numbered_error(tmp_path, cell, expected):
    path = tmp_path / "content.csv"
    text = CSV_HEADER + csv_row("Good.") + csv_row(cell) + csv_row("Also good.")
    path.write_bytes(text.encode("utf-8", errors="surrogateescape"))

    err, message = failed_import(path)

    assert err.splitlines() == [f"{path}: {expected}"]
    assert message == "Problems on 1 line; nothing was imported."
    assert content_counts() == [0, 0, 0, 0, 0, 0]


@pytest.mark.parametrize(
    "cell",
    [
        "[" * 60_000 + "]" * 60_000,
        '[{"url": "https://a.example/", "url": "https://b.example/"}]',
    ],
    ids=["nested 60,000 deep", "a key given twice"],
)
def test_a_malformed_json_cell_in_a_csv_file_is_a_numbered_error(tmp_path, cell):
    header = CSV_HEADER.replace(",tags\n", ",sources\n")
    quoted = '"' + cell.replace('"', '""') + '"'
    path = write_csv(tmp_path, header + csv_row("Good.", tags=quoted))

    err, _ = failed_import(path)

    assert err.splitlines() == [
        f"{path}: line 2: sources: give a JSON list of sources in this column."
    ]
    assert content_counts() == [0, 0, 0, 0, 0, 0]


def test_a_nul_in_a_csv_tag_is_a_numbered_error(tmp_path):
    path = write_csv(tmp_path, CSV_HEADER + csv_row("Good.", tags="Ir\x00aq"))

    err, _ = failed_import(path)

    assert "line 2: tags: holds a NUL character." in err


def test_a_csv_header_with_a_nul_is_refused(tmp_path):
    path = write_csv(tmp_path, CSV_HEADER.replace("kind", "ki\x00nd") + csv_row("A."))

    err, _ = failed_import(path)

    assert "line 1: a column name holds a NUL character." in err


# Downloads opened in a spreadsheet

FORMULAS = [
    "=HYPERLINK(1)",
    " =1+1",
    "\u3000=1+1",
    "\n=1+1",
    "\t=1+1",
    "\r=1+1",
    "+1+1",
    "  -1+1",
    "@SUM(A1)",
    "＝HYPERLINK(1)",
    "  ＝1+1",
    "＋1",
    "－1",
    "＠SUM(A1)",
]


@pytest.mark.parametrize("text", FORMULAS, ids=[repr(text) for text in FORMULAS])
def test_csv_cells_a_spreadsheet_would_run_are_neutralised(client, text):
    make_quote(kind="tweet", text=text, context=text)

    response = client.get(reverse("quotes:download_csv"))

    body = b"".join(response.streaming_content).decode("utf-8")
    (row,) = csv.DictReader(io.StringIO(body))
    # Model cleaning may trim the text; what was stored is what is guarded.
    stored = Quote.objects.get().text
    assert row["text"] == "'" + stored
    assert row["context"] == "'" + text


@pytest.mark.parametrize("text", ["Plain words.", "1-2 March", "a = b", "e-mail"])
def test_csv_cells_that_are_not_formulas_are_left_alone(client, text):
    make_quote(kind="tweet", text=text)

    response = client.get(reverse("quotes:download_csv"))

    body = b"".join(response.streaming_content).decode("utf-8")
    (row,) = csv.DictReader(io.StringIO(body))
    assert row["text"] == text


# Withdrawals travel with the content


def test_a_withdrawn_item_is_exported_and_imported_withdrawn(tmp_path, client):
    release = make_press_release(title="Withdrawn before the export")
    services.items_withdraw(
        queryset=type(release).objects.filter(pk=release.pk), note="Misattributed."
    )
    output = tmp_path / "export.jsonl"
    call_command("export_content", "--output", output, stdout=io.StringIO())
    (record,) = [json.loads(line) for line in output.read_text().splitlines()]
    assert record["withdrawal_note"] == "Misattributed."
    assert record["withdrawn_at"]

    _flush_content()
    run_import(output)

    assert client.get(release.get_absolute_url()).status_code == 410
    assert "Misattributed." in client.get(release.get_absolute_url()).text
