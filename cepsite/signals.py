"""
Content changes that make cached pages stale or move a published page, and
the staff roles kept in step with the database after every migration.
"""

from django.apps import apps as global_apps
from django.db import DEFAULT_DB_ALIAS
from django.db.models.signals import (
    m2m_changed,
    post_delete,
    post_migrate,
    post_save,
    pre_save,
)
from taggit.models import Tag, TaggedItem

from press.models import PressRelease
from quotes.models import Quote
from resources.models import Organization, Person, Resource

from . import services
from .pagecache import content_changed
from .publishing import Status
from .roles import sync_roles

CONTENT_MODELS = (PressRelease, Quote, Resource, Organization, Person, Tag, TaggedItem)
# Content whose public address is its slug.
SLUGGED_MODELS = (PressRelease, Resource)


def _on_change(sender, **kwargs):
    content_changed()


def _note_published_slug(sender, instance, update_fields=None, **kwargs):
    # Whatever saves the item (the admin, an import, a restored version),
    # a published page that moves keeps its old address.
    instance._published_slug_before_save = None
    if instance.pk is None or (update_fields and "slug" not in update_fields):
        return
    stored = (
        sender._base_manager.filter(pk=instance.pk).values("slug", "status").first()
    )
    if (
        stored
        and stored["status"] == Status.PUBLISHED
        and stored["slug"] != instance.slug
    ):
        instance._published_slug_before_save = stored["slug"]


def _redirect_old_slug(sender, instance, **kwargs):
    old_slug = getattr(instance, "_published_slug_before_save", None)
    if old_slug:
        services.remember_old_slug(instance=instance, old_slug=old_slug)
        instance._published_slug_before_save = None


def _sync_roles(sender, apps=global_apps, using=DEFAULT_DB_ALIAS, **kwargs):
    # After ``flush`` too, which empties the groups the data migration made.
    sync_roles(apps, using=using)


def connect():
    post_migrate.connect(
        _sync_roles,
        sender=global_apps.get_app_config("cepsite"),
        dispatch_uid="cepsite-sync-roles",
    )
    for model in SLUGGED_MODELS:
        pre_save.connect(
            _note_published_slug, sender=model, dispatch_uid=f"slug-pre-{model}"
        )
        post_save.connect(
            _redirect_old_slug, sender=model, dispatch_uid=f"slug-post-{model}"
        )
    for model in CONTENT_MODELS:
        post_save.connect(_on_change, sender=model, dispatch_uid=f"pc-save-{model}")
        post_delete.connect(_on_change, sender=model, dispatch_uid=f"pc-del-{model}")
    m2m_changed.connect(
        _on_change,
        sender=PressRelease.resources.through,
        dispatch_uid="pc-press-resources",
    )
