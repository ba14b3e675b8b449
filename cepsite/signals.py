"""Content changes that make cached pages stale."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from taggit.models import Tag, TaggedItem

from press.models import PressRelease
from quotes.models import Quote
from resources.models import Organization, Person, Resource

from .pagecache import content_changed

CONTENT_MODELS = (PressRelease, Quote, Resource, Organization, Person, Tag, TaggedItem)


def _on_change(sender, **kwargs):
    content_changed()


def connect():
    for model in CONTENT_MODELS:
        post_save.connect(_on_change, sender=model, dispatch_uid=f"pc-save-{model}")
        post_delete.connect(_on_change, sender=model, dispatch_uid=f"pc-del-{model}")
    m2m_changed.connect(
        _on_change,
        sender=PressRelease.resources.through,
        dispatch_uid="pc-press-resources",
    )
