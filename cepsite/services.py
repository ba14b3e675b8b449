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

import uuid
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from taggit.models import Tag

from cepsite.models import Correction, SlugRedirect, TaggedItem
from cepsite.pagecache import content_changed
from cepsite.publishing import Publishable, Status
from cepsite.tagging import available_tag_slug, fallback_tag_slug, tag_slug_for

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


def _tag_slug_set(tag, taken):
    """
    Give ``tag`` the slug it should have: the one typed, else its name's,
    made ASCII and unique; ``tag-<pk>`` when neither spells anything.
    Returns whether that has to wait for the tag's key.
    """
    slug = tag_slug_for(tag.slug) or tag_slug_for(tag.name)
    if not slug and tag.pk is None:
        # Named with nothing to spell ("?!"): the tag is known by its key,
        # which it has once saved. Until then, a slug no other tag has.
        tag.slug = f"tag-new-{uuid.uuid4().hex}"
        return True
    tag.slug = available_tag_slug(
        slug or fallback_tag_slug(tag), exclude_pk=tag.pk, taken=taken
    )
    return False


def _tag_write(tag, taken=None):
    needs_key = _tag_slug_set(tag, taken)
    # The name was looked up whatever its case and the slug chosen free just
    # now; the table's unique constraints stand behind both.
    tag.full_clean(validate_unique=False)
    tag.save()
    if needs_key:
        tag.slug = available_tag_slug(
            fallback_tag_slug(tag), exclude_pk=tag.pk, taken=taken
        )
        tag.save(update_fields=["slug"])
    if taken is not None:
        taken.add(tag.slug)
    return tag


@transaction.atomic
def tag_create(*, name, taken_slugs=None):
    """
    Make the tag ``name``, which the caller knows is new whatever its case,
    with a usable slug. ``taken_slugs``, the set of every tag's slug when the
    caller holds it (an import does), saves looking them up and is kept up
    to date.
    """
    return _tag_write(Tag(name=name.strip()), taken_slugs)


@transaction.atomic
def tags_get_or_create(*, names):
    """
    The tags named ``names``, in order and once each, found whatever their
    case or made when new, each with a usable slug (see ``cepsite.tagging``).
    Pass them to taggit (``item.tags.set(...)``) so that it makes none itself.
    """
    tags = []
    for raw in names:
        name = raw.name if isinstance(raw, Tag) else str(raw).strip()
        if not name:
            continue
        tag = Tag.objects.filter(name__iexact=name).order_by("pk").first()
        if tag is None:
            tag = _tag_write(Tag(name=name))
        if tag not in tags:
            tags.append(tag)
    return tags


@transaction.atomic
def tag_save(*, tag):
    """
    Save ``tag``, made or renamed in the admin: a slug left empty is made
    from the name, typed accents and curly quotes become ASCII, and the
    address of a tag whose slug changes keeps leading to it.
    """
    old_slug = None
    if tag.pk is not None:
        old_slug = Tag.objects.filter(pk=tag.pk).values_list("slug", flat=True).first()
    _tag_write(tag)
    if old_slug and old_slug != tag.slug:
        slug_redirect_create(item=tag, old_slug=old_slug)
    content_changed()
    return tag


@transaction.atomic
def tags_merge(*, tags, into):
    """
    Merge ``tags`` (a queryset or list of tags) into the tag named ``into``,
    found whatever its case or made when new, and return that tag. Every
    item carrying one of ``tags`` carries the target instead, once however
    many of them it had; the merged tags are deleted, the target kept even
    when it is one of ``tags``.
    """
    name = into.strip()
    if not name:
        raise ValueError("The tag to merge into needs a name.")
    [target] = tags_get_or_create(names=[name])
    merged = [tag.pk for tag in tags if tag.pk != target.pk]
    if not merged:
        return target
    # Locked, so no item is tagged with them while their items move.
    list(Tag.objects.filter(pk__in=merged).order_by("pk").select_for_update())

    moving = TaggedItem.objects.filter(tag_id__in=merged)
    same_item = {
        "content_type": OuterRef("content_type"),
        "object_id": OuterRef("object_id"),
    }
    # An item that already carries the target, or carries another merged tag
    # listed before this one, keeps that row: this one would be a duplicate.
    moving.filter(
        Exists(TaggedItem.objects.filter(tag=target, **same_item))
        | Exists(moving.filter(pk__lt=OuterRef("pk"), **same_item))
    ).delete()
    moving.update(tag=target)
    Tag.objects.filter(pk__in=merged).delete()
    content_changed()
    return target


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
def slug_redirect_create(*, item, old_slug):
    """
    Send readers of ``old_slug``, an address ``item`` had while it was
    published, to wherever it is now. Called once the new slug is saved.
    """
    content_type = ContentType.objects.get_for_model(item)
    SlugRedirect.objects.update_or_create(
        content_type=content_type,
        old_slug=old_slug,
        defaults={"object_id": item.pk},
    )
    # The address the item has now is its own again, whatever it once led to.
    SlugRedirect.objects.filter(content_type=content_type, old_slug=item.slug).delete()


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
def correction_add(*, item, note, made_at=None, user=None):
    """Add a public correction ``note`` to ``item``, dated ``made_at`` (now)."""
    correction = Correction(
        item=item, note=note.strip(), made_at=made_at or timezone.now()
    )
    return correction_save(correction=correction, user=user)


@transaction.atomic
def correction_save(*, correction, user=None):
    """
    Save ``correction``, a public note on the item it names, shown on the
    item's page and at /corrections/; ``user`` is recorded on a new one.
    """
    if correction.pk is None and correction.created_by_id is None:
        correction.created_by = user
    correction.full_clean()
    correction.save()
    content_changed()
    return correction


@transaction.atomic
def correction_delete(*, correction):
    """Delete ``correction`` and make every cached page stale."""
    correction.delete()
    content_changed()


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
