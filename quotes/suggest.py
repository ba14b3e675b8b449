"""
Suggestions for the archive's filter boxes as the reader types: the
organisations, people, tags and categories a partial entry may mean, each
as ``{"slug", "label"}``, answered from indexes alone.

Organisations and people come from the name matcher's trigram index
(:func:`resources.names.suggest_names`), so "katib" finds "Kata'ib
Hezbollah"; tags and categories from a range of their unique slug index
that every slug beginning with the folded entry falls in.
"""

import hashlib

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef
from django.utils.text import slugify

from cepsite.fulltext.query import fold_name
from cepsite.pagecache import cached_result
from cepsite.tagging import Tag, TaggedItem
from resources.models import Organization, Person
from resources.names import suggest_names

from .models import Category, Quote

SUGGESTION_LIMIT = 10

# Longer than any name the boxes take: such an entry suggests nothing.
MAX_SUGGEST_LENGTH = 200

FIELDS = ("organization", "person", "tag", "category")


def _slug_prefix(queryset, prefix):
    """
    The rows of ``queryset`` whose slug starts with ``prefix``, by slug.
    The range is what a B-tree index on the slug can answer; ``startswith``
    keeps only true prefixes where a collation orders hyphens loosely.
    """
    following = prefix[:-1] + chr(ord(prefix[-1]) + 1)
    return queryset.filter(
        slug__gte=prefix, slug__lt=following, slug__startswith=prefix
    ).order_by("slug")


def _organizations(q):
    return [
        {"slug": found.slug, "label": found.display_name}
        for found in suggest_names(Organization, q, limit=SUGGESTION_LIMIT)
    ]


def _people(q):
    found = suggest_names(Person, q, limit=SUGGESTION_LIMIT)
    return [
        {
            "slug": person.slug,
            "label": (
                f"{person.name}, {person.organization.display_name}"
                if person.organization
                else person.name
            ),
        }
        for person in found
    ]


def _tags(q):
    prefix = slugify(fold_name(q))
    if not prefix:
        return []
    on_quotes = TaggedItem.objects.filter(
        content_type=ContentType.objects.get_for_model(Quote), tag=OuterRef("pk")
    )
    tags = _slug_prefix(Tag.objects.filter(Exists(on_quotes)), prefix)
    return [
        {"slug": slug, "label": name}
        for slug, name in tags.values_list("slug", "name")[:SUGGESTION_LIMIT]
    ]


def _categories(q):
    prefix = slugify(fold_name(q))
    if not prefix:
        return []
    categories = _slug_prefix(Category.objects.all(), prefix)
    return [
        {"slug": slug, "label": name}
        for slug, name in categories.values_list("slug", "name")[:SUGGESTION_LIMIT]
    ]


_SUGGESTERS = {
    "organization": _organizations,
    "person": _people,
    "tag": _tags,
    "category": _categories,
}


def find_suggestions(field, q):
    """
    Up to SUGGESTION_LIMIT ``{"slug", "label"}`` for what ``q`` may mean in
    the archive's ``field`` box, best first; none for a blank or overlong
    ``q``. ``field`` must be one of FIELDS. One query.
    """
    q = (q or "").strip()
    if not q or len(q) > MAX_SUGGEST_LENGTH:
        return []
    return _SUGGESTERS[field](q)


def suggestions(field, q):
    """:func:`find_suggestions`, kept under the content version."""
    q = (q or "").strip()
    if not q or len(q) > MAX_SUGGEST_LENGTH:
        return []
    digest = hashlib.sha256(q.encode()).hexdigest()
    return cached_result(
        f"suggest:{field}:{digest}", lambda: find_suggestions(field, q)
    )
