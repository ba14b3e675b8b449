"""
The archive's current result as a CSV or JSON file, for researchers.

The file is streamed: rows are read from the database a chunk at a time,
with one more query a chunk for their tags, and written out as they come,
so the whole archive downloads without being held in memory.
"""

import csv
import io
import json
from collections import defaultdict
from itertools import islice

from django.contrib.contenttypes.models import ContentType
from django.http import StreamingHttpResponse
from django.utils import timezone

from cepsite.dates import machine_partial_date

from .models import Quote

# Rows read per query, and written per piece of the response.
CHUNK_SIZE = 2000

COLUMNS = [
    "id",
    "kind",
    "text",
    "person",
    "role",
    "organization",
    "context",
    "said_on",
    "said_on_display",
    "said_on_precision",
    "source_title",
    "source_url",
    "url",
    "tags",
]

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
}

# Spreadsheets run a cell that starts with one of these as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def quote_row(quote, *, url, tags):
    """One quote as the download shows it, its tags as a sorted list."""
    return {
        "id": quote.pk,
        "kind": quote.kind,
        "text": quote.text,
        "person": quote.person.name if quote.person else "",
        "role": quote.role,
        "organization": quote.organization.name if quote.organization else "",
        "context": quote.context,
        "said_on": machine_partial_date(quote.said_on, quote.said_on_precision) or "",
        "said_on_display": quote.display_date,
        "said_on_precision": quote.said_on_precision if quote.said_on else "",
        "source_title": quote.source_title,
        "source_url": quote.source_url,
        "url": url,
        "tags": sorted(tags, key=str.lower),
    }


def _spreadsheet_safe(value):
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _chunks(quotes, request):
    """Rows, a list per chunk, for the quotes in their order."""
    # The site's address is worked out once; each row adds its own path.
    absolute = request.build_absolute_uri("/")[:-1]
    tagged = Quote.tags.through.objects.filter(
        content_type=ContentType.objects.get_for_model(Quote)
    )
    items = quotes.iterator(chunk_size=CHUNK_SIZE)
    while chunk := list(islice(items, CHUNK_SIZE)):
        # One query for the chunk's tags. (Prefetching them costs as many
        # queries, but builds a tag manager and its queryset for every row.)
        tags = defaultdict(list)
        for pk, name in tagged.filter(
            object_id__in=[quote.pk for quote in chunk]
        ).values_list("object_id", "tag__name"):
            tags[pk].append(name)
        yield [
            quote_row(
                quote, url=absolute + quote.get_absolute_url(), tags=tags[quote.pk]
            )
            for quote in chunk
        ]


def _csv_pieces(quotes, request):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    yield buffer.getvalue()
    for chunk in _chunks(quotes, request):
        buffer.seek(0)
        buffer.truncate()
        for row in chunk:
            row["tags"] = ", ".join(row["tags"])
            writer.writerow(_spreadsheet_safe(row[column]) for column in COLUMNS)
        yield buffer.getvalue()


def _json_pieces(quotes, request):
    yield "["
    separator = "\n"
    for chunk in _chunks(quotes, request):
        yield separator + ",\n".join(
            json.dumps(row, ensure_ascii=False) for row in chunk
        )
        separator = ",\n"
    yield "\n]\n"


_WRITERS = {"csv": _csv_pieces, "json": _json_pieces}


def download(quotes, *, file_format, request):
    """
    A streamed file of ``quotes`` (a ``QuoteQuerySet`` in the order wanted)
    in ``file_format``, "csv" or "json", named with today's date.
    """
    filename = f"quotes-{timezone.localdate():%Y-%m-%d}.{file_format}"
    return StreamingHttpResponse(
        _WRITERS[file_format](quotes, request),
        content_type=CONTENT_TYPES[file_format],
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
