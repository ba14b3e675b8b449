"""
The history of press releases, quotes and resources: versions kept by
django-reversion, what changed between two of them, and the admin pages
that list, compare and restore them.
"""

import datetime
import difflib
import re
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import urlencode

import reversion
from django.contrib.admin.utils import quote, unquote
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.text import capfirst
from reversion.admin import VersionAdmin
from reversion.models import Version
from taggit.models import Tag, TaggedItem

from cepsite.pagecache import content_changed

# Kept up to date by the database; a version of it means nothing.
NOT_VERSIONED = ("search_vector", "tags")
# Bookkeeping that changes on every save and tells an editor nothing.
NOT_COMPARED = ("id", "created_at", "updated_at")


def register(model):
    """
    Keep versions of ``model`` with its tags (the rows linking it to them),
    so that restoring a version restores its tags too.
    """
    if not reversion.is_registered(TaggedItem):
        reversion.register(TaggedItem)
    if not reversion.is_registered(model):
        reversion.register(model, exclude=NOT_VERSIONED, follow=["tagged_items"])


@dataclass(frozen=True)
class FieldChange:
    """One field that differs between two versions, as the admin shows it."""

    label: str
    old: str
    new: str

    @property
    def diff(self):
        return word_diff(self.old, self.new)


_TOKENS = re.compile(r"\s+|[^\s<>]+|[<>]")


def word_diff(old, new):
    """
    ``new`` with the words taken out of ``old`` in ``<del>`` and those put in
    within ``<ins>``; everything escaped, markup included, so rich text is
    compared as its source.
    """
    before, after = _TOKENS.findall(old), _TOKENS.findall(new)
    parts = []
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for operation, i1, i2, j1, j2 in matcher.get_opcodes():
        removed, added = "".join(before[i1:i2]), "".join(after[j1:j2])
        if operation == "equal":
            parts.append(format_html("{}", added))
            continue
        if removed:
            parts.append(format_html("<del>{}</del>", removed))
        if added:
            parts.append(format_html("<ins>{}</ins>", added))
    return SafeString("".join(parts))


def _tag_names(version):
    """The tags the item had in ``version``'s revision, sorted."""
    tagged_items = version.revision.version_set.filter(
        content_type=ContentType.objects.get_for_model(TaggedItem)
    )
    tag_ids = [
        tagged.field_dict["tag_id"]
        for tagged in tagged_items
        if str(tagged.field_dict["object_id"]) == version.object_id
        and tagged.field_dict["content_type_id"] == version.content_type_id
    ]
    names = dict(Tag.objects.filter(pk__in=tag_ids).values_list("pk", "name"))
    return sorted(names.get(pk, f"(deleted tag #{pk})") for pk in tag_ids)


def _related_text(model, pks):
    found = {obj.pk: str(obj) for obj in model._base_manager.filter(pk__in=pks)}
    return [found.get(pk, f"(deleted #{pk})") for pk in pks]


def _readable(field, value):
    if value is None or value == "":
        return ""
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.ManyToManyField):
        return ", ".join(sorted(_related_text(field.related_model, list(value))))
    if isinstance(field, models.ForeignKey):
        return _related_text(field.related_model, [value])[0]
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime.datetime):
        return date_format(timezone.localtime(value), "j M. Y, H:i")
    if isinstance(value, datetime.date):
        return date_format(value, "j M. Y")
    return str(value)


def readable_values(version):
    """``{label: text}`` of a version's fields, in the model's field order."""
    model = version._model
    values = version.field_dict
    readable = {}
    opts = model._meta
    for field in [*opts.concrete_fields, *opts.many_to_many]:
        if field.name in NOT_COMPARED or field.attname not in values:
            continue
        label = capfirst(field.verbose_name)
        readable[label] = _readable(field, values[field.attname])
    readable["Tags"] = ", ".join(_tag_names(version))
    return readable


def changes_between(old, new):
    """The fields that differ from version ``old`` to version ``new``."""
    before = readable_values(old) if old is not None else {}
    after = readable_values(new)
    return [
        FieldChange(label, before.get(label, ""), value)
        for label, value in after.items()
        if before.get(label, "") != value
    ]


def _int_or_none(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class HistoryAdmin(VersionAdmin):
    """
    Every save through the admin keeps a version of the item, its tags
    included, with who saved it and the change message. The history page
    compares any two versions and restores one; the list links to deleted
    items, which can be restored the same way.
    """

    object_history_template = "admin/cepsite/object_history.html"
    compare_template = "admin/cepsite/compare.html"

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

    def _restore(self, request, version, view, *args):
        if not self.may_restore(request, version):
            raise PermissionDenied
        response = view(request, *args)
        if request.method == "POST" and response.status_code == 302:
            # The restore saves through the models, whose signals already
            # mark cached pages stale; this says so where it matters.
            content_changed()
        return response

    def revision_view(self, request, object_id, version_id, extra_context=None):
        version = get_object_or_404(
            self._versions(), pk=version_id, object_id=unquote(object_id)
        )
        return self._restore(
            request, version, super().revision_view, object_id, version_id
        )

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

    def get_urls(self):
        opts = self.model._meta
        compare = path(
            "<path:object_id>/history/compare/",
            self.admin_site.admin_view(self.compare_view),
            name=f"{opts.app_label}_{opts.model_name}_compare",
        )
        return [compare, *super().get_urls()]

    def history_view(self, request, object_id, extra_context=None):
        versions = (
            self._versions(unquote(object_id))
            .select_related("revision__user")
            .order_by("pk")
        )
        entries, previous = [], None
        for version in versions:
            compare_url = None
            if previous is not None:
                query = urlencode({"from": previous.pk, "to": version.pk})
                compare_url = f"{self._url('compare', object_id)}?{query}"
            entries.append(
                {
                    "version": version,
                    "compare_url": compare_url,
                    "restore_url": self._url(
                        "revision", quote(version.object_id), version.pk
                    ),
                    "may_restore": self.may_restore(request, version),
                }
            )
            previous = version
        context = {"versions": entries[::-1], **(extra_context or {})}
        return super().history_view(request, object_id, context)

    def compare_view(self, request, object_id):
        """What changed between two versions: by default, the latest two."""
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        object_id = unquote(object_id)
        versions = list(
            self._versions(object_id).select_related("revision__user").order_by("pk")
        )
        if not versions:
            raise Http404("This item has no versions.")
        by_pk = {version.pk: version for version in versions}
        new = by_pk.get(_int_or_none(request.GET.get("to")), versions[-1])
        if "from" in request.GET:
            old = by_pk.get(_int_or_none(request.GET["from"]))
        else:
            older = [version for version in versions if version.pk < new.pk]
            old = older[-1] if older else None
        opts = self.model._meta
        request.current_app = self.admin_site.name
        context = {
            **self.admin_site.each_context(request),
            "opts": opts,
            "title": f"Changes to {new.object_repr}",
            "object_id": object_id,
            "original": self.model._base_manager.filter(pk=object_id).first(),
            "versions": versions[::-1],
            "old": old,
            "new": new,
            "changes": changes_between(old, new),
            "history_url": self._url("history", quote(object_id)),
        }
        return TemplateResponse(request, self.compare_template, context)
