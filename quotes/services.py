"""
The quotes app's write paths with rules: a quote's ordered sources, and what
capturing and checking a source records.
"""

from collections import Counter

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from cepsite.pagecache import content_changed
from cepsite.publishing import Status

from .facets import YearOf
from .models import (
    CategoryTally,
    OrganizationTally,
    Quote,
    QuoteTally,
    Source,
    YearTally,
)
from .tallies import NONE

# The fields a row of the import or a caller may give a source.
SOURCE_FIELDS = (
    "publisher",
    "title",
    "url",
    "published_on",
    "published_on_precision",
    "accessed_on",
    "language",
    "archive_url",
)


@transaction.atomic
def quote_first_source_sync(*, quote: Quote) -> Quote:
    """
    Make ``quote.source_title`` and ``source_url`` the first source's title
    and URL (blank without sources), as older imports and readers expect.
    """
    first = quote.sources.order_by("position", "pk").first()
    title, url = (first.title, first.url) if first else ("", "")
    if (quote.source_title, quote.source_url) != (title, url):
        quote.source_title, quote.source_url = title, url
        quote.save(update_fields=["source_title", "source_url", "updated_at"])
        content_changed()
    return quote


@transaction.atomic
def quote_sources_set(*, quote: Quote, sources: list[Source]) -> list[Source]:
    """
    Give ``quote`` exactly ``sources`` (unsaved ``Source`` rows), in that
    order: each is checked as the admin checks it, and any error leaves the
    quote's sources as they were.
    """
    for position, source in enumerate(sources):
        source.quote = quote
        source.position = position
        source.full_clean()
    quote.sources.all().delete()
    Source.objects.bulk_create(sources)
    quote_first_source_sync(quote=quote)
    content_changed()
    return sources


def source_check(source: Source, *, label: str = "") -> None:
    """Raise a ValidationError naming ``label`` (such as "sources[2]") and field."""
    try:
        source.full_clean(exclude=["quote"])
    except ValidationError as error:
        prefix = f"{label}." if label else ""
        raise ValidationError(
            [
                f"{prefix}{name}: {message}"
                for name, messages in error.message_dict.items()
                for message in messages
            ]
        ) from error


@transaction.atomic
def source_capture_store(
    *, source: Source, warc: bytes, sha256: str, captured_at=None
) -> Source:
    """Keep ``warc`` as ``source``'s captured copy, replacing any older one."""
    old = source.snapshot.name
    source.snapshot.save(f"source-{source.pk}.warc.gz", ContentFile(warc), save=False)
    source.snapshot_sha256 = sha256
    source.captured_at = captured_at or timezone.now()
    source.save(update_fields=["snapshot", "snapshot_sha256", "captured_at"])
    if old and old != source.snapshot.name:
        transaction.on_commit(lambda: source.snapshot.storage.delete(old))
    content_changed()
    return source


@transaction.atomic
def source_link_record(*, source: Source, status: str, checked_at=None) -> Source:
    """Record what checking ``source``'s link found, and when."""
    source.link_status = status
    source.checked_at = checked_at or timezone.now()
    if status == Source.LinkStatus.DEAD:
        source.offline_since = source.offline_since or source.checked_at
    else:
        source.offline_since = None
    source.full_clean(exclude=["quote"])
    source.save(update_fields=["link_status", "checked_at", "offline_since"])
    content_changed()
    return source


@transaction.atomic
def quote_tallies_rebuild() -> None:
    """
    Count every tally of quotes/tallies.py again from the items, as the
    triggers keep them: for a database whose tallies were lost or loaded
    around the triggers.
    """
    counted = Quote.objects.filter(status=Status.PUBLISHED, withdrawn_at__isnull=True)
    rows = (
        counted.order_by()
        .values_list("organization_id", YearOf("said_on"), "kind")
        .annotate(number=Count("*"))
    )
    by_organization, by_year, tallies = Counter(), Counter(), []
    for organization_key, year, kind, number in rows:
        organization_key, year = organization_key or NONE, year or NONE
        tallies.append(
            QuoteTally(
                organization_key=organization_key, year=year, kind=kind, number=number
            )
        )
        by_organization[(organization_key, kind)] += number
        by_year[(year, kind)] += number
    links = (
        Quote.categories.through.objects.filter(quote__in=counted)
        .order_by()
        .values_list("category_id", "quote__kind")
        .annotate(number=Count("*"))
    )
    for model in (QuoteTally, OrganizationTally, YearTally, CategoryTally):
        model.objects.all().delete()
    QuoteTally.objects.bulk_create(tallies)
    OrganizationTally.objects.bulk_create(
        OrganizationTally(organization_key=key, kind=kind, number=number)
        for (key, kind), number in by_organization.items()
    )
    YearTally.objects.bulk_create(
        YearTally(year=year, kind=kind, number=number)
        for (year, kind), number in by_year.items()
    )
    CategoryTally.objects.bulk_create(
        CategoryTally(category_key=key, kind=kind, number=number)
        for key, kind, number in links
    )
    content_changed()
