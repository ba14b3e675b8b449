"""
Tags, one vocabulary for every app (django-taggit's ``Tag``, carried by the
site's own ``TaggedItem``), and the reads that every page with tags makes:
the items carrying a tag, one item's tags, and a tag's slug.

Every tag has a usable slug, an ASCII one that the URLconf's ``<slug:…>``
matches: its name transliterated (``cepsite.slugs``), or ``tag-<pk>`` for a
name with nothing to spell ("?!"). The services make tags that way
(``services.tags_get_or_create``, ``services.tag_save``); taggit's own
path transliterates too (``TAGGIT_STRIP_UNICODE_WHEN_SLUGIFYING``), and the
pages link only a tag whose slug is usable, so a tag made any other way
never breaks a page.
"""

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.db.models.functions import Lower
from taggit.forms import TagField
from taggit.models import Tag

from cepsite.models import TaggedItem
from cepsite.pagecache import cached_result
from cepsite.slugs import ascii_slug, is_usable_slug

__all__ = [
    "SiteTagField",
    "Tag",
    "TaggedItem",
    "available_tag_slug",
    "fallback_tag_slug",
    "is_usable_slug",
    "tag_slug_for",
    "tags_of",
    "with_tag",
]

SLUG_MAX_LENGTH = Tag._meta.get_field("slug").max_length
NAME_MAX_LENGTH = Tag._meta.get_field("name").max_length


class SiteTagField(TagField):
    """An item form's tags, each name short enough to be a tag."""

    def clean(self, value):
        names = super().clean(value)
        too_long = [name for name in names if len(name) > NAME_MAX_LENGTH]
        if too_long:
            raise forms.ValidationError(
                "A tag has at most %(limit)d characters: shorten “%(name)s…”.",
                code="tag_too_long",
                params={"limit": NAME_MAX_LENGTH, "name": too_long[0][:40]},
            )
        return names


def tag_slug_for(name):
    """The slug ``name`` spells, ASCII; ``""`` when it spells none."""
    return ascii_slug(name, SLUG_MAX_LENGTH)


def fallback_tag_slug(tag):
    """The slug of a saved tag whose name spells none: ``tag-<pk>``."""
    return f"tag-{tag.pk}"


def available_tag_slug(base, *, exclude_pk=None, taken=None):
    """
    ``base``, or ``base-2``, ``base-3``…: the first that no other tag has.
    One query, or none when ``taken`` gives every slug in use.
    """
    if taken is None:
        # A long base loses its end to the suffix: the prefix finds those too.
        others = Tag.objects.filter(slug__startswith=base[: SLUG_MAX_LENGTH - 10])
        if exclude_pk is not None:
            others = others.exclude(pk=exclude_pk)
        taken = set(others.values_list("slug", flat=True))
    slug, n = base, 1
    while slug in taken:
        n += 1
        suffix = f"-{n}"
        slug = base[: SLUG_MAX_LENGTH - len(suffix)].rstrip("-_") + suffix
    return slug


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
