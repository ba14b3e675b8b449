"""
Publishing and withdrawing content: the write paths behind the admin's bulk
actions, shared by anything else that releases or withdraws items; and
keeping the old addresses of published items working when their slug changes.
"""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from cepsite.models import SlugRedirect
from cepsite.pagecache import content_changed
from cepsite.publishing import Status


@dataclass(frozen=True)
class PublishResult:
    """Primary keys of the items that changed, split by when readers see them."""

    live: tuple = ()
    scheduled: tuple = ()

    @property
    def changed(self):
        return self.live + self.scheduled


def _locked_rows(queryset):
    # The queryset may come from an admin changelist, with DISTINCT or joins
    # that FOR UPDATE does not accept; lock the plain rows it selects instead.
    model = queryset.model
    return (
        model._base_manager.filter(pk__in=queryset.values("pk"))
        .order_by("pk")
        .select_for_update()
    )


def publish(*, queryset):
    """
    Release every draft in ``queryset``. Each keeps its ``publish_at``: one
    whose time has come goes live, one dated in the future is scheduled.
    Items already published are left as they are.
    """
    now = timezone.now()
    with transaction.atomic():
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
        # update() sends no signals; cached pages must still go stale.
        content_changed()
    return PublishResult(
        live=tuple(pk for pk, publish_at in drafts if publish_at <= now),
        scheduled=tuple(pk for pk, publish_at in drafts if publish_at > now),
    )


def unpublish(*, queryset):
    """
    Turn every published item in ``queryset`` back into a draft, scheduled
    ones included, and return the primary keys of those that changed.
    """
    with transaction.atomic():
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


def remember_old_slug(*, instance, old_slug):
    """
    Send readers of ``old_slug``, an address ``instance`` had while it was
    published, to wherever it is now. Called once the new slug is saved.
    """
    content_type = ContentType.objects.get_for_model(instance)
    with transaction.atomic():
        SlugRedirect.objects.update_or_create(
            content_type=content_type,
            old_slug=old_slug,
            defaults={"object_id": instance.pk},
        )
        # The address the item has now is its own again, whatever it once
        # led to.
        SlugRedirect.objects.filter(
            content_type=content_type, old_slug=instance.slug
        ).delete()
