"""
The write paths every content model shares, which the admin, the importer,
restoring a version and the demo loader all call: saving and deleting an
item, tagging it, merging tags, publishing, unpublishing and withdrawing
in bulk, and the public corrections of an item.

Each keeps what must follow a change: a published page whose slug changes
keeps its old address (a ``SlugRedirect``), and every cached page is made
stale (``content_changed``). Nothing here relies on model signals, so a bulk
``update()`` made through these functions cannot forget either.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from taggit.models import Tag

from cepsite.pagecache import content_changed
from cepsite.publishing import Publishable, Status

from .corrections import correction_add, correction_delete, correction_save
from .redirects import slug_redirect_create
from .tags import tag_create, tag_save, tags_get_or_create, tags_merge

__all__ = [
    "PublishResult",
    "content_changed",
    "correction_add",
    "correction_delete",
    "correction_save",
    "item_delete",
    "item_feature",
    "item_links_add",
    "item_restore",
    "item_save",
    "item_tags_set",
    "items_save",
    "items_delete",
    "items_publish",
    "items_unpublish",
    "items_withdraw",
    "slug_redirect_create",
    "tag_create",
    "tag_save",
    "tags_get_or_create",
    "tags_merge",
]


@dataclass(frozen=True)
class PublishResult:
    """Primary keys of the items that changed, split by when readers see them."""

    live: tuple = ()
    scheduled: tuple = ()

    @property
    def changed(self):
        return self.live + self.scheduled


def _has_public_address(model):
    return issubclass(model, Publishable) and any(
        field.name == "slug" for field in model._meta.concrete_fields
    )


def _published_slug(model, pk):
    """The slug the ``model`` item ``pk`` is published under, if it is."""
    if pk is not None and model is Tag:
        # A tag's page is public from its first published item on.
        return Tag.objects.filter(pk=pk).values_list("slug", flat=True).first()
    if pk is None or not _has_public_address(model):
        return None
    published = model._base_manager.filter(pk=pk, status=Status.PUBLISHED)
    return published.values_list("slug", flat=True).first()


@transaction.atomic
def item_save(*, item, update_fields=None):
    """
    Save ``item`` (any content model). A published item whose slug changes
    keeps its old address; every cached page goes stale.
    """
    items_save(items=[item], update_fields=update_fields)
    return item


@transaction.atomic
def items_save(*, items, update_fields=None):
    """
    Save ``items``, of one model, as :func:`item_save` does: their published
    slugs read in one query, the cached pages made stale once.
    """
    items = list(items)
    if not items:
        return items
    model = type(items[0])
    published = {}
    if _has_public_address(model) and (
        update_fields is None or "slug" in update_fields
    ):
        published = dict(
            model._base_manager.filter(
                pk__in=[item.pk for item in items if item.pk is not None],
                status=Status.PUBLISHED,
            ).values_list("pk", "slug")
        )
    for item in items:
        old_slug = published.get(item.pk)
        item.save(update_fields=update_fields)
        if old_slug and old_slug != item.slug:
            slug_redirect_create(item=item, old_slug=old_slug)
    content_changed()
    return items


@transaction.atomic
def item_restore(*, model, pk, restore):
    """
    Run ``restore()``, which writes an old version of the ``model`` item
    ``pk`` back (its tags among its rows), and return what it returns. A
    published address the restore changes keeps leading to the item; every
    cached page goes stale.
    """
    old_slug = _published_slug(model, pk)
    result = restore()
    item = model._base_manager.filter(pk=pk).first()
    if item is not None and old_slug and old_slug != item.slug:
        slug_redirect_create(item=item, old_slug=old_slug)
    content_changed()
    return result


@transaction.atomic
def item_delete(*, item):
    """Delete ``item`` and make every cached page stale."""
    item.delete()
    content_changed()


@transaction.atomic
def items_delete(*, queryset):
    """Delete the rows of ``queryset`` and make every cached page stale."""
    result = queryset.delete()
    content_changed()
    return result


@transaction.atomic
def item_tags_set(*, item, names):
    """Give ``item`` exactly the tags ``names`` (created when new)."""
    item.tags.set(tags_get_or_create(names=names))
    content_changed()
    return item


@transaction.atomic
def item_links_add(*, item, field, targets):
    """Link ``item`` to ``targets`` through its many-to-many ``field``."""
    getattr(item, field).add(*targets)
    content_changed()
    return item


def _locked_rows(queryset):
    # The queryset may come from an admin changelist, with DISTINCT or joins
    # that FOR UPDATE does not accept; lock the plain rows it selects instead.
    model = queryset.model
    return (
        model._base_manager.filter(pk__in=queryset.values("pk"))
        .order_by("pk")
        .select_for_update()
    )


@transaction.atomic
def items_publish(*, queryset):
    """
    Release every draft in ``queryset``. Each keeps its ``publish_at``: one
    whose time has come goes live, one dated in the future is scheduled.
    Items already published are left as they are.
    """
    now = timezone.now()
    drafts = list(
        _locked_rows(queryset)
        .filter(status=Status.DRAFT)
        .values_list("pk", "publish_at")
    )
    if not drafts:
        return PublishResult()
    queryset.model._base_manager.filter(pk__in=[pk for pk, _ in drafts]).update(
        status=Status.PUBLISHED, updated_at=now
    )
    content_changed()
    return PublishResult(
        live=tuple(pk for pk, publish_at in drafts if publish_at <= now),
        scheduled=tuple(pk for pk, publish_at in drafts if publish_at > now),
    )


@transaction.atomic
def items_unpublish(*, queryset):
    """
    Turn every published item in ``queryset`` back into a draft, scheduled
    ones included, and return the primary keys of those that changed.
    """
    published = list(
        _locked_rows(queryset)
        .filter(status=Status.PUBLISHED)
        .values_list("pk", flat=True)
    )
    if published:
        queryset.model._base_manager.filter(pk__in=published).update(
            status=Status.DRAFT, updated_at=timezone.now()
        )
        content_changed()
    return tuple(published)


@transaction.atomic
def items_withdraw(*, queryset, note=""):
    """
    Withdraw every published item in ``queryset`` not withdrawn yet, with
    ``note`` as the reason readers are shown, and return the primary keys of
    those that changed. They leave every list; their addresses answer 410.
    """
    note = note.strip()
    if not note:
        raise ValidationError({"withdrawal_note": "Say why the item is withdrawn."})
    changed = list(
        _locked_rows(queryset)
        .filter(status=Status.PUBLISHED, withdrawn_at__isnull=True)
        .values_list("pk", flat=True)
    )
    if changed:
        now = timezone.now()
        queryset.model._base_manager.filter(pk__in=changed).update(
            withdrawn_at=now, withdrawal_note=note, updated_at=now
        )
        content_changed()
    return tuple(changed)


@transaction.atomic
def item_feature(*, item, on):
    """
    Make ``item`` (a quote) the Daily Dose of the day ``on``: a day another
    item holds is refused with a ``ValidationError``, and nothing changes.
    """
    item.featured_on = on
    item.full_clean()
    item_save(item=item, update_fields=["featured_on", "updated_at"])
    return item
