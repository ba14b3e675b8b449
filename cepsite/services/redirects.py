"""Old addresses of published items, kept so they still lead to them."""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from cepsite.models import SlugRedirect


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
