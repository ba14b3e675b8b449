"""The public corrections of published items."""

from django.db import transaction
from django.utils import timezone

from cepsite.models import Correction
from cepsite.pagecache import content_changed


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
