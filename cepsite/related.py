"""
Related content that crosses apps: press related to a press release or a
resource, and the quotes of the organisation or person a resource describes.

Everything here is published (``.published()``, or its conditions in SQL):
related blocks are shown to anonymous readers, even on a page a member of
staff is previewing.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.contrib.contenttypes.models import ContentType
from django.db import connections, router
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from taggit.models import TaggedItem

from cepsite.publishing import Status
from press.models import PressRelease
from quotes.models import Quote
from resources.models import Resource

RELATED_PRESS_LIMIT = 5
SPEAKER_QUOTES_LIMIT = 5


def shared_tag_count(model, tag_ids):
    """
    An expression counting how many of ``tag_ids`` each row of ``model``
    carries, for ``annotate()``. A correlated subquery, run once per row:
    for a few rows only (:func:`most_shared_first` ranks many).
    """
    tagged = (
        TaggedItem.objects.filter(
            content_type=ContentType.objects.get_for_model(model),
            object_id=OuterRef("pk"),
            tag_id__in=tag_ids,
        )
        .order_by()
        .values("object_id")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(tagged), 0)


# What a list of releases never shows.
_UNLISTED_FIELDS = ("body", "search_vector")
_LISTED_COLUMNS = [
    field.column
    for field in PressRelease._meta.concrete_fields
    if field.name not in _UNLISTED_FIELDS
]


def _listed_press():
    """Published releases without what a list of them never shows."""
    return PressRelease.objects.published().defer(*_UNLISTED_FIELDS)


def _most_shared_first_sql(connection, tag_count, exclude):
    quote = connection.ops.quote_name
    columns = ", ".join(f"r.{quote(column)}" for column in _LISTED_COLUMNS)
    releases = quote(PressRelease._meta.db_table)
    items = quote(TaggedItem._meta.db_table)
    tags = ", ".join(["%s"] * tag_count)
    published = "r.status = %s AND r.publish_at <= %s"
    if exclude:
        published += " AND r.id <> %s"
    return f"""
        SELECT * FROM (
          SELECT * FROM (
            SELECT {columns}, s.shared_tags, 0 AS part
            FROM {releases} r
            JOIN (
              SELECT object_id, COUNT(*) AS shared_tags FROM {items}
              WHERE content_type_id = %s AND tag_id IN ({tags})
              GROUP BY object_id HAVING COUNT(*) >= 2
              -- Sorted here, so that the join can stop at the limit.
              ORDER BY shared_tags DESC
            ) s ON r.id = s.object_id
            WHERE {published}
            ORDER BY s.shared_tags DESC, r.publish_at DESC, r.id DESC
            LIMIT %s
          ) best
          UNION ALL
          SELECT * FROM (
            SELECT {columns}, 1 AS shared_tags, 1 AS part
            FROM {releases} r
            WHERE {published} AND r.id IN (
              SELECT object_id FROM {items}
              WHERE content_type_id = %s AND tag_id IN ({tags})
            )
            ORDER BY r.publish_at DESC, r.id DESC
            LIMIT %s
          ) newest
        ) ranked
        ORDER BY part, shared_tags DESC, publish_at DESC, id DESC
    """


def most_shared_first(tag_ids, *, limit, exclude=None):
    """
    The first ``limit`` published releases (but ``exclude``, a key) that
    carry any of ``tag_ids``: those carrying the most first, then the
    newest; each with ``shared_tags``, how many. Bodies are not read.

    One query in two parts, so that PostgreSQL never reads every candidate
    (a popular tag labels thousands of releases):

    - the releases sharing two tags or more, ranked from the tags' own
      items (an index-only scan, grouped and sorted by how many they
      share) and only then joined to the releases: few releases share
      several tags, and the join stops at ``limit``;
    - the newest releases carrying any of the tags, read down the
      releases' date index, which also stops at ``limit``.

    When the first part fills fewer than ``limit`` places it holds every
    release sharing two tags or more, so the second part's other releases
    share exactly one, and follow in date order. The ORM cannot join a
    sorted subquery, so the query is written in SQL, which also spares
    building three querysets on every page that shows related press.
    """
    connection = connections[router.db_for_read(PressRelease)]
    content_type = ContentType.objects.get_for_model(PressRelease).pk
    published = [
        Status.PUBLISHED,
        connection.ops.adapt_datetimefield_value(timezone.now()),
    ]
    if exclude is not None:
        published.append(exclude)
    items = [content_type, *tag_ids]
    ranked = PressRelease.objects.raw(
        _most_shared_first_sql(connection, len(tag_ids), exclude is not None),
        [*items, *published, limit, *published, *items, limit * 2],
    )
    chosen, seen = [], set()
    # A release of the newest part that is also among the best-sharing
    # ones shares more than one tag: keep it where that part placed it.
    for release in ranked:
        if release.pk not in seen:
            seen.add(release.pk)
            chosen.append(release)
    return chosen[:limit]


def related_press(release, *, limit=RELATED_PRESS_LIMIT):
    """
    Other published releases sharing tags with ``release``: those sharing
    the most first, then the newest. ``release.tags`` may be prefetched.
    """
    tag_ids = [tag.pk for tag in release.tags.all()]
    if not tag_ids:
        return []
    return most_shared_first(tag_ids, limit=limit, exclude=release.pk)


def press_for_resource(resource, *, limit=RELATED_PRESS_LIMIT):
    """
    Published releases that link to ``resource`` (first) or share its tags
    (most shared first), newest first within each. ``resource.tags`` may be
    prefetched.

    One query for each kind rather than one asking of every release whether
    it links or shares: a resource has a few links, and the sharing ones are
    ranked from the tags' items (see :func:`most_shared_first`).
    """
    tag_ids = [tag.pk for tag in resource.tags.all()]
    published = _listed_press()
    linking = published.filter(resources=resource)
    if not tag_ids:
        return list(linking.order_by("-publish_at", "-pk")[:limit])
    linking = linking.annotate(
        shared_tags=shared_tag_count(PressRelease, tag_ids)
    ).order_by("-shared_tags", "-publish_at", "-pk")
    releases = list(linking[:limit])
    # Asked even when the linking releases fill the list, so that the page
    # always sends the same queries. When they do not, every linking
    # release is in the list, and the first ``limit`` sharing ones hold
    # enough others; leaving the links out in SQL instead would make
    # PostgreSQL read every release.
    linked = {release.pk for release in releases}
    sharing = most_shared_first(tag_ids, limit=limit)
    releases += [release for release in sharing if release.pk not in linked]
    return releases[:limit]


@dataclass
class SpeakerQuotes:
    """The latest words of the organisations or people a resource describes."""

    quotes: list = field(default_factory=list)
    # (label, URL of the archive filtered to that speaker)
    archive_links: list = field(default_factory=list)

    def __bool__(self):
        return bool(self.quotes)


def _archive_url(parameter, slug):
    return f"{reverse('quotes:archive')}?{urlencode({parameter: slug})}"


def quotes_for_resource(resource, *, limit=SPEAKER_QUOTES_LIMIT):
    """
    For a group or person resource, the latest published quotes of the
    organisations or people whose profile it is, with links to the archive
    filtered to each. Other kinds of resource have no speaker.
    """
    if resource.kind == Resource.Kind.GROUP:
        speakers = list(resource.organizations.all())
        parameter, condition = "organization", Q(organization__in=speakers)
    elif resource.kind == Resource.Kind.PERSON:
        speakers = list(resource.people.all())
        parameter, condition = "person", Q(person__in=speakers)
    else:
        return SpeakerQuotes()
    if not speakers:
        return SpeakerQuotes()
    quotes = list(
        Quote.objects.published()
        .defer("search_vector")
        .filter(condition)
        .with_attribution()
        .newest_first()[:limit]
    )
    links = [
        (speaker.name, _archive_url(parameter, speaker.slug)) for speaker in speakers
    ]
    return SpeakerQuotes(quotes=quotes, archive_links=links)
