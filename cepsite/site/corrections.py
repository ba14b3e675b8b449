"""
The public record of corrections: those of one item, for its page, and
those of every item readers may see, newest first, for /corrections/ and
its feed.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from cepsite.models import Correction
from press.models import PressRelease
from quotes.models import Quote
from resources.models import Resource

# The content types that carry corrections, each with a public page.
CORRECTED_MODELS = (PressRelease, Quote, Resource)


def corrections_of(item):
    """The corrections of ``item``, newest first, as a list (one query)."""
    content_type = ContentType.objects.get_for_model(item)
    return list(
        Correction.objects.filter(content_type=content_type, object_id=item.pk)
        .only("made_at", "note")
        .order_by("-made_at", "-pk")
    )


def public_corrections():
    """
    Corrections of the items readers may see now, newest first, each with
    its item (fetched with one query for each content type on the page).
    """
    types = ContentType.objects.get_for_models(*CORRECTED_MODELS)
    public = Q()
    for model, content_type in types.items():
        public |= Q(
            content_type=content_type,
            object_id__in=model.objects.published().values("pk"),
        )
    return (
        Correction.objects.filter(public)
        .select_related("content_type")
        .prefetch_related("item")
        .order_by("-made_at", "-pk")
    )
