"""
Tags, one vocabulary for every app (django-taggit's ``Tag``, carried by the
site's own ``TaggedItem``), and the two reads that every page with tags
makes: the items carrying a tag, and one item's tags.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models.functions import Lower
from taggit.models import Tag

from cepsite.models import TaggedItem
from cepsite.pagecache import cached_result

__all__ = ["Tag", "TaggedItem", "tags_of", "with_tag"]


def with_tag(queryset, tag):
    """
    The rows of ``queryset`` that carry ``tag``, asked as ``id IN (the tag's
    items)`` so that PostgreSQL can start from either side's index.
    """
    items = TaggedItem.objects.filter(
        content_type=ContentType.objects.get_for_model(queryset.model), tag=tag
    )
    return queryset.filter(pk__in=items.values("object_id"))


def tags_of(item):
    """
    The tags of one saved item, by name whatever the case: one query, kept
    under the page cache's content version as every detail page asks it.
    """
    content_type = ContentType.objects.get_for_model(item)

    def read():
        return list(
            Tag.objects.filter(
                tagged_items__content_type=content_type,
                tagged_items__object_id=item.pk,
            ).order_by(Lower("name"), "pk")
        )

    return cached_result(f"tags:{content_type.pk}:{item.pk}", read)
