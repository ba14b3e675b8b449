"""
Finding the stored item each row stands for, and what that item has now, so
that a row which changes nothing is reported unchanged and left alone.
"""

from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError

from cepsite.tagging import TaggedItem
from press.models import PressRelease
from quotes.models import Quote

from .names import batched
from .schema import PRESS


def match_by_slug(existing, slug, old_slug):
    """Return the stored item with ``slug``, else the one ``old_slug`` renames."""
    current, renamed = existing.get(slug), existing.get(old_slug)
    if current and renamed:
        raise ValidationError(f"old_slug: another item already has the slug “{slug}”.")
    return current or renamed


def quote_key(values):
    """Return what identifies a quote: its kind, text, person and date."""
    said_on = values.get("said_on")
    person = values.get("person")
    return (
        values["kind"],
        values["text"],
        person.pk if person else None,
        said_on,
        values.get("said_on_precision") if said_on else None,
    )


def existing_quotes(texts):
    """Return the stored quotes with any of ``texts``, by :func:`quote_key`."""
    existing = {}
    for chunk in batched(texts):
        for quote in (
            Quote.objects.filter(text__in=chunk)
            .select_related("person", "organization")
            .order_by("pk")
        ):
            key = quote_key(
                {
                    "kind": quote.kind,
                    "text": quote.text,
                    "person": quote.person,
                    "said_on": quote.said_on,
                    "said_on_precision": quote.said_on_precision,
                }
            )
            existing.setdefault(key, quote)
    return existing


def current_links(row_type, pks):
    """Return the stored items' tag names and resource slugs, by primary key."""
    tags, resources = defaultdict(set), defaultdict(set)
    content_type = ContentType.objects.get_for_model(row_type.model)
    for chunk in batched(pks):
        for pk, name in TaggedItem.objects.filter(
            content_type=content_type, object_id__in=chunk
        ).values_list("object_id", "tag__name"):
            tags[pk].add(name.lower())
        if row_type is PRESS:
            for pk, slug in PressRelease.resources.through.objects.filter(
                pressrelease_id__in=chunk
            ).values_list("pressrelease_id", "resource__slug"):
                resources[pk].add(slug)
    return tags, resources


def action(plan):
    """Return "created", "updated" or "unchanged": what saving the plan does."""
    if plan.instance.pk is None:
        return "created"
    if (
        plan.fields_changed
        or plan.tags_changed
        or plan.resources_changed
        or plan.sources_changed
    ):
        return "updated"
    return "unchanged"
