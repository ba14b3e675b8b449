"""
The archive's current result as a CSV or JSON file, for researchers.

The file is streamed: rows are read from the database a chunk at a time,
with one more query a chunk for their tags and one for their sources, and
written out as they come, so the whole archive downloads without being held
in memory.
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

from .models import Quote, Source

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
    "original_text",
    "original_language",
    "translation_credit",
    "source_title",
    "source_url",
    "sources",
    "url",
    "tags",
]

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
}

# Spreadsheets run a cell that starts with one of these as a formula, even
# after spaces, and some read the full-width signs as the ASCII ones.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


def source_record(source):
    """One source as downloads, the export and the API give it."""
    return {
        "publisher": source.publisher,
        "title": source.title,
        "url": source.url,
        "published_on": machine_partial_date(
            source.published_on, source.published_on_precision
        )
        or "",
        "accessed_on": source.accessed_on.isoformat() if source.accessed_on else "",
        "language": source.language,
        "archive_url": source.archive_url,
        "link_status": source.link_status,
        "captured_at": source.captured_at.isoformat() if source.captured_at else "",
    }


def _source_cell(source):
    """A source in one line of a CSV cell: "Publisher: Title <URL>, 2023"."""
    text = ": ".join(part for part in (source["publisher"], source["title"]) if part)
    if source["url"]:
        text = f"{text} <{source['url']}>".strip()
    if source["published_on"]:
        text = f"{text}, {source['published_on']}"
    return text


def quote_row(quote, *, url, tags, sources=()):
    """
    One quote as the download shows it, its tags as a sorted list, its
    sources (see :func:`source_record`) in order.
    """
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
        "original_text": quote.original_text,
        "original_language": quote.original_language,
        "translation_credit": quote.translation_credit,
        "source_title": quote.source_title,
        "source_url": quote.source_url,
        "sources": list(sources),
        "url": url,
        "tags": sorted(tags, key=str.lower),
    }


def _spreadsheet_safe(value):
    """Return the cell with a leading apostrophe if a spreadsheet would run it."""
    if isinstance(value, str) and (
        value.startswith(_FORMULA_START) or value.lstrip().startswith(_FORMULA_START)
    ):
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
        sources = defaultdict(list)
        for source in Source.objects.filter(
            quote_id__in=[quote.pk for quote in chunk]
        ).order_by("quote_id", "position", "pk"):
            sources[source.quote_id].append(source_record(source))
        yield [
            quote_row(
                quote,
                url=absolute + quote.get_absolute_url(),
                tags=tags[quote.pk],
                sources=sources[quote.pk],
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
            row["sources"] = " | ".join(_source_cell(s) for s in row["sources"])
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
