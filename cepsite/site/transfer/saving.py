"""
Saving the rows an import checked: resources and press releases through
``items_save``, as the admin saves one, so that a renamed published page
keeps its old address; quotes and every item's tags in bulk.
"""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from cepsite.services import content_changed, items_save
from cepsite.tagging import TaggedItem
from quotes.models import Quote

from .names import BATCH, TagBook, batched
from .schema import PRESS, QUOTE, RESOURCE
from .sources import save_sources


@dataclass
class Plan:
    """What to do with one valid row: its item, changed but not saved, and links."""

    line: int
    instance: models.Model
    fields_changed: bool
    tags: list | None
    warnings: list
    resources: list | None = None
    tags_changed: bool = False
    resources_changed: bool = False
    # A quote's sources, unsaved, when its row gives them; the title and URL
    # its first source had, as stored, for a quote saved without sources.
    sources: list | None = None
    stored_first_source: tuple = ("", "")
    sources_changed: bool = False
    # "created", "updated" or "unchanged", once compared with what is stored.
    action: str = ""


def save(plans, *, resources_by_slug):
    """Save what the plans, lists by row type, create or change."""
    if all(plan.action == "unchanged" for group in plans.values() for plan in group):
        return
    tags = TagBook()
    for row_type in (RESOURCE, PRESS):
        items_save(
            items=[
                plan.instance
                for plan in plans[row_type.name]
                if plan.action != "unchanged"
            ]
        )
        _save_tags(row_type, plans[row_type.name], tags)
    for plan in plans[PRESS.name]:
        if plan.action == "created" or plan.resources_changed:
            plan.instance.resources.set(
                resources_by_slug[slug] for slug in plan.resources or []
            )
    _save_quotes(plans[QUOTE.name])
    save_sources(plans[QUOTE.name])
    _save_tags(QUOTE, plans[QUOTE.name], tags)
    # Quotes, tags and links are written in bulk, past item_save.
    content_changed()


def _save_quotes(plans):
    # Quote.save() makes the date the first day of its period; the importer
    # did the same when it checked each row, so a bulk insert may skip it.
    Quote.objects.bulk_create(
        [plan.instance for plan in plans if plan.action == "created"],
        batch_size=BATCH,
    )
    updated = [plan.instance for plan in plans if plan.action == "updated"]
    now = timezone.now()
    for quote in updated:
        quote.updated_at = now
    Quote.objects.bulk_update(
        updated, [*QUOTE.form.base_fields, "updated_at"], batch_size=BATCH
    )


def _save_tags(row_type, plans, tags):
    plans = [plan for plan in plans if plan.tags_changed]
    content_type = ContentType.objects.get_for_model(row_type.model)
    stale = [plan.instance.pk for plan in plans if plan.action == "updated"]
    for chunk in batched(stale):
        TaggedItem.objects.filter(
            content_type=content_type, object_id__in=chunk
        ).delete()
    TaggedItem.objects.bulk_create(
        (
            TaggedItem(
                content_type=content_type,
                object_id=plan.instance.pk,
                tag=tags.get(name),
            )
            for plan in plans
            for name in plan.tags
        ),
        batch_size=BATCH,
    )
