"""Making, renaming and merging tags, each with a usable slug."""

import uuid

from django.db import transaction
from django.db.models import Exists, OuterRef
from taggit.models import Tag

from cepsite.models import TaggedItem
from cepsite.pagecache import content_changed
from cepsite.tagging import available_tag_slug, fallback_tag_slug, tag_slug_for

from .redirects import slug_redirect_create


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
