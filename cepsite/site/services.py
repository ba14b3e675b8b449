"""The assembly's own write paths: the methodology page's sections."""

from django.db import transaction

from cepsite.pagecache import content_changed

from .models import MethodologySection


@transaction.atomic
def methodology_section_save(*, section: MethodologySection) -> MethodologySection:
    """Save a methodology section; cached pages go stale."""
    section.full_clean()
    section.save()
    content_changed()
    return section


@transaction.atomic
def methodology_sections_delete(*, queryset) -> int:
    """Delete methodology sections; cached pages go stale."""
    deleted, _ = queryset.delete()
    content_changed()
    return deleted
