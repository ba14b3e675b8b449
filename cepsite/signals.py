"""
Content changes that make cached pages stale, and the staff roles kept in
step with the database after every migration.
"""

from django.apps import apps as global_apps
from django.db import DEFAULT_DB_ALIAS
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from taggit.models import Tag, TaggedItem

from press.models import PressRelease
from quotes.models import Quote
from resources.models import Organization, Person, Resource

from .pagecache import content_changed
from .roles import sync_roles

CONTENT_MODELS = (PressRelease, Quote, Resource, Organization, Person, Tag, TaggedItem)


def _on_change(sender, **kwargs):
    content_changed()


def _sync_roles(sender, apps=global_apps, using=DEFAULT_DB_ALIAS, **kwargs):
    # After ``flush`` too, which empties the groups the data migration made.
    try:
        sync_roles(apps, using=using)
    except LookupError:
        # Migrated only part of the way: not every model the roles name exists.
        return


def connect():
    post_migrate.connect(
        _sync_roles,
        sender=global_apps.get_app_config("cepsite"),
        dispatch_uid="cepsite-sync-roles",
    )
    for model in CONTENT_MODELS:
        post_save.connect(_on_change, sender=model, dispatch_uid=f"pc-save-{model}")
        post_delete.connect(_on_change, sender=model, dispatch_uid=f"pc-del-{model}")
    m2m_changed.connect(
        _on_change,
        sender=PressRelease.resources.through,
        dispatch_uid="pc-press-resources",
    )
