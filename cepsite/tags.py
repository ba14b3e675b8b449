"""Everything published under one tag, across press, quotes and resources."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib.contenttypes.models import ContentType
from django.db import connections, router
from django.urls import reverse
from taggit.models import Tag, TaggedItem

from cepsite.sql import select_list
from press.models import PressRelease
from quotes.models import Quote
from resources.models import Resource

SECTION_LIMIT = 10


@dataclass
class TagSection:
    """One kind of content under a tag: the first few items and the total."""

    key: str
    title: str
    items: list
    count: int
    see_all_url: str


def with_tag(queryset, tag):
    """
    The rows of ``queryset`` that carry ``tag``: ``queryset.filter(tags=tag)``,
    asked so that PostgreSQL can use its indexes.

    ``filter(tags=...)`` joins on the tag item's integer ``object_id`` cast to
    the model's bigint key, and no index answers the cast: the database can
    only start from the tag's items, every one of them (tens of thousands for
    a popular tag), where "the newest ten" should read ten. ``id IN (the
    tag's items)`` compares the columns themselves, so either side can lead.
    """
    items = TaggedItem.objects.filter(
        content_type=ContentType.objects.get_for_model(queryset.model), tag=tag
    )
    return queryset.filter(pk__in=items.values("object_id"))


def tags_of(item):
    """
    The tags of one saved item, by name (whatever the case), in one query.

    What a detail page shows. ``item.tags.all()`` asks the same of the
    database, but builds the query with taggit's manager on every page, and
    with ``prefetch_related("tags")`` runs Django's prefetching machinery
    too: about a millisecond of Python where the database spends a tenth of
    that. Written in SQL (see :mod:`cepsite.sql`).
    """
    connection = connections[router.db_for_read(Tag)]
    quote = connection.ops.quote_name
    tag_column = quote(TaggedItem._meta.get_field("tag").column)
    sql = f"""
        SELECT {select_list(connection, Tag, "t")}
        FROM {quote(Tag._meta.db_table)} t
        JOIN {quote(TaggedItem._meta.db_table)} i ON i.{tag_column} = t.id
        WHERE i.content_type_id = %s AND i.object_id = %s
        ORDER BY LOWER(t.name), t.id
    """
    content_type = ContentType.objects.get_for_model(item)
    return list(Tag.objects.raw(sql, [content_type.pk, item.pk]))


def _see_all(url_name, tag):
    return f"{reverse(url_name)}?{urlencode({'tag': tag.slug})}"


def content_for_tag(tag, *, limit=SECTION_LIMIT):
    """
    The sections of a tag page, in reading order, each with the newest
    ``limit`` published items and a count of all of them. A section with
    nothing published is still returned, with a count of zero.
    """
    press = with_tag(PressRelease.objects.published(), tag)
    quotes = with_tag(Quote.objects.published(), tag)
    resources = with_tag(Resource.objects.published(), tag)
    return [
        TagSection(
            key="press",
            title="Press releases",
            items=list(
                press.defer("body", "search_vector").order_by("-publish_at", "-pk")[
                    :limit
                ]
            ),
            count=press.count(),
            see_all_url=_see_all("press:list", tag),
        ),
        TagSection(
            key="quotes",
            title="Their words",
            items=list(
                quotes.defer("search_vector").with_attribution().newest_first()[:limit]
            ),
            count=quotes.count(),
            see_all_url=_see_all("quotes:archive", tag),
        ),
        TagSection(
            key="resources",
            title="Resources",
            items=list(
                resources.defer("body", "search_vector").order_by("title")[:limit]
            ),
            count=resources.count(),
            see_all_url=_see_all("resources:list", tag),
        ),
    ]
