"""
Related press: the published releases that share the most tags with a
release or a resource, and, for a resource, the releases that link to it.

One query, choosing from up to three parts, each sorted and limited by the
database so that none reads every release under a popular tag: the
releases linking to the resource; those sharing two tags or more, ranked by
how many; the newest carrying any of the tags. When the second part fills
fewer places than its limit, it held every release sharing two tags or
more, so what the third adds shares exactly one and follows in date order.
A release in several parts keeps its first place. Pages keep the result under the page cache's
content version (docs/decisions/0002-related-press.md).
"""

from django.contrib.contenttypes.models import ContentType
from functools import reduce
from operator import or_

from django.db.models import (
    Case,
    Count,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from cepsite.tagging import TaggedItem

NEWEST_FIRST = ("-publish_at", "-pk")


def _items(model, tag_ids):
    return TaggedItem.objects.filter(
        content_type=ContentType.objects.get_for_model(model), tag_id__in=tag_ids
    )


def _shared_tags(model, tag_ids):
    """How many of ``tag_ids`` the outer release carries."""
    counted = (
        _items(model, tag_ids)
        .filter(object_id=OuterRef("pk"))
        .order_by()
        .values("content_type")
        .annotate(shared=Count("*"))
        .values("shared")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def _keys(queryset, limit):
    return queryset.order_by("-shared_tags", *NEWEST_FIRST).values("pk")[:limit]


def _parts(releases, tag_ids, limit, linking_to):
    """The keys of each part's releases, as subqueries, in the parts' order."""
    model = releases.model
    shared = _shared_tags(model, tag_ids) if tag_ids else Value(0)
    ranked = releases.annotate(shared_tags=shared)
    if linking_to is not None:
        yield _keys(ranked.filter(resources=linking_to), limit)
    # Sharing two tags needs two tags.
    if len(tag_ids) >= 2:
        several = (
            _items(model, tag_ids)
            .order_by()
            .values("object_id")
            .annotate(shared=Count("*"))
            .filter(shared__gte=2)
            .values("object_id")
        )
        yield _keys(ranked.filter(pk__in=several), limit)
    if tag_ids:
        carrying = _items(model, tag_ids).values("object_id")
        yield (
            releases.filter(pk__in=carrying)
            .order_by(*NEWEST_FIRST)
            .values("pk")[:limit]
        )


def ranked_press(releases, tag_ids, *, limit, linking_to=None):
    """
    The first ``limit`` of ``releases`` that link to the resource
    ``linking_to`` (a key) or carry any of ``tag_ids``: the linking ones
    first, sharing the most tags, then the newest; then the others sharing
    the most tags, then the newest. Each has ``shared_tags``.
    """
    parts = list(_parts(releases, tag_ids, limit, linking_to))
    if not parts:
        return []
    part = Case(
        *(When(pk__in=keys, then=Value(number)) for number, keys in enumerate(parts)),
        output_field=IntegerField(),
    )
    shared = _shared_tags(releases.model, tag_ids) if tag_ids else Value(0)
    return list(
        releases.filter(reduce(or_, (Q(pk__in=keys) for keys in parts)))
        .annotate(part=part, shared_tags=shared)
        .order_by("part", "-shared_tags", *NEWEST_FIRST)[:limit]
    )
