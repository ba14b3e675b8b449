"""
Exporting content as JSON Lines: every item, drafts and scheduled ones
included, in the format the importer reads, so that an export imported into
an empty database gives the same content back.
"""

import json

from django.db.models import Prefetch

from press.models import PressRelease
from quotes.models import Quote
from resources.models import Resource

from .schema import (
    PRESS,
    QUOTE,
    RESOURCE,
    ROW_TYPES,
    press_record,
    quote_record,
    resource_record,
)

# Rows fetched (with their tags) per query: memory stays flat however many
# items there are.
CHUNK_SIZE = 1000


def _resources():
    return Resource.objects.order_by("pk").prefetch_related("tags")


def _press_releases():
    return PressRelease.objects.order_by("pk").prefetch_related(
        "tags", Prefetch("resources", queryset=Resource.objects.only("pk", "slug"))
    )


def _quotes():
    return (
        Quote.objects.order_by("pk")
        .select_related("person", "organization")
        .prefetch_related("tags", "sources")
    )


_SOURCES = {
    RESOURCE.name: (_resources, resource_record),
    PRESS.name: (_press_releases, press_record),
    QUOTE.name: (_quotes, quote_record),
}


def export_records(types=None):
    """Yield every item of the given row types (all by default) as a dict."""
    # Resources first, so that an import finds what press releases link to.
    for name in ROW_TYPES:
        if types and name not in types:
            continue
        queryset, record = _SOURCES[name]
        for item in queryset().iterator(chunk_size=CHUNK_SIZE):
            yield record(item)


def export_lines(types=None):
    """Yield every item as one line of JSON, without the line break."""
    for record in export_records(types):
        yield json.dumps(record, ensure_ascii=False)
