"""
The history of press releases, quotes and resources: versions kept by
django-reversion, the admin pages that list, compare and restore them, built
on django-reversion-compare.

reversion-compare gives the compare page's address, the list of versions,
the walk over the fields that finds those that changed, and a comparison of
the raw data for a version that no longer loads. This module says how each
change reads (word by word; rich text rendered, with its source beside it),
adds the item's tags, which reversion-compare cannot follow, and keeps the
rules of who may compare and restore. A restore ends in the services: the
old address of a page it moves keeps working, and cached pages go stale.
It brings back a version's content but keeps the item's status and dates
(whether and when readers see it) unless the editor asks for those too,
and then says plainly what readers see now. How a change reads, field by
field, is in ``cepsite.admin.changes``.
"""

from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import urlencode

import reversion
from django.contrib import messages
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.text import capfirst
from reversion.errors import RevertError
from reversion.models import Version
from reversion_compare.admin import BaseCompareVersionAdmin

from cepsite import services
from cepsite.tagging import TaggedItem

from .changes import (
    NOT_VERSIONED,
    FieldChange,
    chosen_versions,
    compared_fields,
    field_change,
    readable,
    tag_names,
)

# What decides whether and when readers see an item: a restore keeps their
# current values unless the editor ticks this box on the restore form.
PUBLISHING_FIELDS = ("status", "publish_at", "withdrawn_at", "withdrawal_note")
RESTORE_PUBLISHING = "restore_publishing"


def register(model):
    """
    Keep versions of ``model`` with its tags (the rows linking it to them),
    so that restoring a version restores its tags too.
    """
    if not reversion.is_registered(TaggedItem):
        reversion.register(TaggedItem)
    if not reversion.is_registered(model):
        reversion.register(model, exclude=NOT_VERSIONED, follow=["tagged_items"])


def _stored_fields(version):
    try:
        return version.field_dict
    except RevertError:
        # Data the model no longer reads: the form says what it can.
        return None


def publishing_fields(model):
    """The fields of ``PUBLISHING_FIELDS`` that ``model`` has."""
    names = {field.name for field in model._meta.concrete_fields}
    return [name for name in PUBLISHING_FIELDS if name in names]


@dataclass(frozen=True)
class PublicView:
    """What readers see of an item: whether it is public, and where."""

    public: bool
    label: str
    url: str | None
    content: tuple

    @classmethod
    def of(cls, model, pk):
        item = model._base_manager.filter(pk=pk).first()
        if item is None:
            return cls(False, "deleted", None, ())
        public = getattr(item, "is_public", False)
        content = tuple(
            (field.attname, getattr(item, field.attname))
            for field in compared_fields(model)
            if not field.many_to_many
        )
        return cls(
            public,
            getattr(item, "visibility_label", ""),
            item.get_absolute_url() if hasattr(item, "get_absolute_url") else None,
            content,
        )


def restore_message(before, after):
    """
    What a restore changed for readers, from what they saw ``before`` to what
    they see ``after``: ``(level, text)``, a warning whenever they see a
    change.
    """
    if before.public and not after.public:
        return messages.WARNING, (
            f"Readers no longer see this item: it is now {after.label.lower()}, "
            "as the restored version was. Its public page answers "
            "“not found” until it is published again."
        )
    if after.public and not before.public:
        return messages.WARNING, (
            f"This item is now public at {after.url}, as the restored version "
            "was: readers see it from now on."
        )
    if after.public and before.content != after.content:
        moved = f" Its address is now {after.url}." if after.url != before.url else ""
        return messages.WARNING, (
            f"Readers now see the restored version on the public site.{moved}"
        )
    if not after.public and after.label:
        return messages.INFO, (
            f"Readers see no change: the item is not public ({after.label.lower()})."
        )
    return None


class HistoryAdmin(BaseCompareVersionAdmin):
    """
    Every save through the admin keeps a version of the item, its tags
    included, with who saved it and the change message. The history page
    compares any two versions and restores one; the list links to deleted
    items, which can be restored the same way.
    """

    object_history_template = "admin/cepsite/object_history.html"
    compare_template = "admin/cepsite/compare.html"
    revision_form_template = "admin/cepsite/revision_form.html"

    def reversion_register(self, model, **kwargs):
        register(model)

    @contextmanager
    def create_revision(self, request):
        if request.method != "POST":
            # Nothing is saved: no revision, and no transaction around a page.
            yield
            return
        # The item is added to the revision by hand, once its tags are saved
        # (see save_related): on its own, reversion would store it as the
        # model is saved, with the tags it had before.
        with reversion.create_revision(manage_manually=True):
            reversion.set_user(request.user)
            yield

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if reversion.is_active():
            reversion.add_to_revision(form.instance)

    def delete_model(self, request, obj):
        self._keep_last_version(request, [obj])
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        self._keep_last_version(request, queryset)
        super().delete_queryset(request, queryset)

    def _keep_last_version(self, request, objs):
        # An item imported or made in a shell has no version yet; keeping one
        # as it is deleted makes every deletion undoable.
        with reversion.create_revision(manage_manually=True):
            reversion.set_user(request.user)
            reversion.set_comment("Deleted.")
            for obj in objs:
                reversion.add_to_revision(obj)

    # Restoring.

    def may_restore(self, request, version):
        """Whether the user may make ``version`` the current state again."""
        return self.has_change_permission(request)

    def _restore(self, request, version, view, *args, keeps=None):
        if not self.may_restore(request, version):
            raise PermissionDenied
        if request.method != "POST":
            return view(request, *args)
        if keeps and not request.POST.get(RESTORE_PUBLISHING):
            request.restore_keeps = keeps
        before = PublicView.of(self.model, version.object_id)
        # Reversion writes the version's rows straight to the database
        # before the form is saved; the service sees the address before.
        response = services.item_restore(
            model=self.model, pk=version.object_id, restore=lambda: view(request, *args)
        )
        if response.status_code == 302:
            message = restore_message(
                before, PublicView.of(self.model, version.object_id)
            )
            if message:
                messages.add_message(request, *message)
        return response

    def save_model(self, request, obj, form, change):
        # A restore that keeps the item's publishing state: the version's
        # status and dates, written back by reversion, give way to these.
        for name, value in getattr(request, "restore_keeps", {}).items():
            setattr(obj, name, value)
        super().save_model(request, obj, form, change)

    def _current_publishing(self, object_id):
        fields = publishing_fields(self.model)
        if not fields:
            return None
        return self.model._base_manager.filter(pk=object_id).values(*fields).first()

    def revision_view(self, request, object_id, version_id, extra_context=None):
        version = get_object_or_404(
            self._versions(), pk=version_id, object_id=unquote(object_id)
        )
        current = self._current_publishing(version.object_id)
        context = {
            **(extra_context or {}),
            "restore_publishing": RESTORE_PUBLISHING,
            "version_publishing": self._publishing_summary(_stored_fields(version)),
            "current_publishing": self._publishing_summary(current),
        }
        return self._restore(
            request,
            version,
            super().revision_view,
            object_id,
            version_id,
            context,
            keeps=current,
        )

    def _publishing_summary(self, values):
        """How ``values`` of the publishing fields read, or None without any."""
        if not values:
            return None
        fields = {field.name: field for field in self.model._meta.concrete_fields}
        return [
            (capfirst(fields[name].verbose_name), readable(fields[name], values[name]))
            for name in publishing_fields(self.model)
            if name in values and name != "withdrawal_note"
        ]

    def recover_view(self, request, version_id, extra_context=None):
        # Only versions of this admin's model: reversion's own view would
        # recover any model's version through any admin.
        version = get_object_or_404(self._versions(), pk=version_id)
        return self._restore(request, version, super().recover_view, version_id)

    # History and comparison.

    def _versions(self, object_id=None):
        if object_id is None:
            return Version.objects.get_for_model(self.model)
        return Version.objects.get_for_object_reference(self.model, object_id)

    def _url(self, view, *args):
        opts = self.model._meta
        name = f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_{view}"
        return reverse(name, args=args)

    def _get_action_list(self, request, object_id, extra_context=None):
        # Newest first: each version links to its comparison with the one
        # before it, and to its restore only for those who may restore it.
        actions = super()._get_action_list(request, object_id, extra_context)
        compare_url = self._url("compare", quote(unquote(object_id)))
        for action, older in zip(actions, [*actions[1:], None], strict=True):
            version = action["version"]
            action["may_restore"] = self.may_restore(request, version)
            if older is not None:
                query = urlencode({"from": older["version"].pk, "to": version.pk})
                action["compare_url"] = f"{compare_url}?{query}"
        return actions

    @cached_property
    def compare_fields(self):
        # Read by reversion-compare, which otherwise walks reverse relations
        # too, a query each.
        return [field.name for field in compared_fields(self.model)]

    def fallback_compare(self, obj_compare):
        # Called by reversion-compare for each field it finds changed. Its own
        # diff is by character, of the HTML source; this one is by word, rich
        # text rendered. The values are read by attribute name, which is how
        # reversion stores them.
        return field_change(
            obj_compare.field,
            obj_compare.compare_obj1.version_record.field_dict,
            obj_compare.compare_obj2.version_record.field_dict,
        )

    def changes_between(self, old, new):
        """The fields that differ from version ``old`` (or nothing) to ``new``."""
        if old is None:
            changes = [
                field_change(field, {}, new.field_dict)
                for field in compared_fields(new._model)
            ]
            old_tags = []
        else:
            compared, _ = self.compare(new._object_version.object, old, new)
            changes = [entry["diff"] for entry in compared]
            old_tags = tag_names(old)
        changes.append(
            FieldChange("Tags", ", ".join(old_tags), ", ".join(tag_names(new)))
        )
        # reversion-compare counts a foreign key as changed whenever anything
        # in the version is; only what reads differently is a change.
        return [change for change in changes if change.old != change.new]

    def compare_view(self, request, object_id, extra_context=None):
        """What changed between two versions: by default, the latest two."""
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        object_id = unquote(object_id)
        versions = list(
            self._versions(object_id).select_related("revision__user").order_by("pk")
        )
        if not versions:
            raise Http404("This item has no versions.")
        old, new = chosen_versions(versions, request.GET)
        original = self.model._base_manager.filter(pk=object_id).first()
        try:
            changes = self.changes_between(old, new)
        except RevertError as error:
            # Data the model no longer reads, after a migration: compare the
            # stored data as it is.
            item = original or self.model(pk=object_id)
            return self.compare_raw(request, item, old or new, new, error)
        request.current_app = self.admin_site.name
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": f"Changes to {new.object_repr}",
            "object_id": object_id,
            "original": original,
            "versions": versions[::-1],
            "old": old,
            "new": new,
            "changes": changes,
            "history_url": self._url("history", quote(object_id)),
            **(extra_context or {}),
        }
        return TemplateResponse(request, self.compare_template, context)
