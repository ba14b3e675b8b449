"""
Admin pieces every app shares: the base ``ModelAdmin`` that keeps the
rich-text editor working under the Content-Security-Policy, the publishing
columns, filter and bulk actions (with the history of versions from
``cepsite.admin.history``), inlines that show only the latest rows, and the
admin of the shared tags.

Every write made here goes through ``cepsite.services``, which keeps the old
address of a published page that moves and makes cached pages stale: no
model signal does it.

Who may release content is decided here too: staff without the publish
permission of a model (see ``cepsite.roles``) write and edit, but every way
to publish, withdraw, reschedule or delete a published item is closed to
them, in the forms and against forged requests alike.
"""

from functools import cached_property
from urllib.parse import urlencode

import reversion
from django.contrib import admin, messages
from django.contrib.admin.models import CHANGE, LogEntry
from django.core.exceptions import PermissionDenied
from django.db import models
from django.forms.models import BaseInlineFormSet
from django.urls import reverse
from django.utils.text import capfirst
from js_asset import Media
from taggit.managers import TaggableManager

from cepsite import services
from cepsite.admin.audit import LogEntryAdmin
from cepsite.admin.corrections import (
    WITHDRAWAL_FIELDSET,
    CorrectionInline,
    withdraw_selected,
)
from cepsite.admin.history import HistoryAdmin
from cepsite.admin.previews import PreviewLinksAdminMixin
from cepsite.admin.review import ReviewAdminMixin
from cepsite.images import ImageUploadAdminMixin
from cepsite.publishing import Status
from cepsite.roles import can_publish
from cepsite.slugs import AsciiSlugField
from cepsite.tagging import SiteTagField


class SiteModelAdmin(ImageUploadAdminMixin, admin.ModelAdmin):
    """
    The base of the site's model admins: saves and deletes go through the
    services.

    The rich-text editor's media include an inline import map, which the
    Content-Security-Policy only lets run with the request's nonce.
    """

    # A source address typed without a scheme is taken as HTTPS, as nearly all
    # sources are; Django 6 makes this the default and warns until then. A
    # slug typed with accents or curly quotes is made ASCII, not refused.
    formfield_overrides = {
        models.URLField: {"assume_scheme": "https"},
        models.SlugField: {"form_class": AsciiSlugField},
        TaggableManager: {"form_class": SiteTagField},
    }

    class Media:
        # Warns before leaving a change form with unsaved changes.
        js = ["js/admin-unsaved-changes.js"]

    def render_change_form(self, request, context, *args, **kwargs):
        nonce = getattr(request, "csp_nonce", None)
        if nonce is not None and "media" in context:
            # The lazy nonce is kept as it is: the media resolve it only if
            # they render a tag, so pages without scripts add no nonce.
            context["media"] = Media.from_media(context["media"], nonce=nonce)
        return super().render_change_form(request, context, *args, **kwargs)

    def save_model(self, request, obj, form, change):
        # Who saved it is recorded by the admin's log and the item's version.
        services.item_save(item=obj)

    def save_related(self, request, form, formsets, change):
        # The tags typed are found or made by the services, each with a
        # usable slug, before the form links the item to them.
        if "tags" in getattr(form, "cleaned_data", {}):
            form.cleaned_data["tags"] = services.tags_get_or_create(
                names=form.cleaned_data["tags"]
            )
        super().save_related(request, form, formsets, change)

    def delete_model(self, request, obj):
        services.item_delete(item=obj)

    def delete_queryset(self, request, queryset):
        services.items_delete(queryset=queryset)


class VisibilityFilter(admin.SimpleListFilter):
    """Draft, scheduled or live: what a reader sees, not only the status."""

    title = "status"
    parameter_name = "visibility"

    def lookups(self, request, model_admin):
        return [
            ("draft", "Draft"),
            ("scheduled", "Scheduled"),
            ("live", "Published and live"),
        ]

    def queryset(self, request, queryset):
        match self.value():
            case "draft":
                return queryset.drafts()
            case "scheduled":
                return queryset.scheduled()
            case "live":
                return queryset.published()
        return queryset


class PublishableAdmin(
    ReviewAdminMixin, PreviewLinksAdminMixin, HistoryAdmin, SiteModelAdmin
):
    """
    Admin for a ``Publishable`` model: status column, filter and actions, its
    history, review and preview links, and the line between those who write
    and those who publish.
    """

    actions = ["publish_selected", "unpublish_selected", withdraw_selected]
    # Adds the Preview link to the change page.
    change_form_template = "admin/cepsite/change_form.html"

    @admin.display(description="status", ordering="status")
    def visibility(self, obj):
        return obj.visibility_label

    # Publishing rights.

    def has_publish_permission(self, request, obj=None):
        """Whether the user may release, withdraw or reschedule items."""
        return can_publish(request.user, self.model)

    def _is_locked(self, request, obj):
        # What the public reads changes only through an editor: for writers
        # a published item is read-only, so no edit goes live unreviewed.
        return (
            obj is not None
            and obj.status == Status.PUBLISHED
            and not self.has_publish_permission(request)
        )

    def has_change_permission(self, request, obj=None):
        if self._is_locked(request, obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if self._is_locked(request, obj):
            return False
        return super().has_delete_permission(request, obj)

    def get_inlines(self, request, obj):
        # Corrections are notes on what readers have seen: published items only.
        inlines = list(super().get_inlines(request, obj))
        if obj is not None and obj.status == Status.PUBLISHED:
            inlines.append(CorrectionInline)
        return inlines

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if obj is not None and obj.status == Status.PUBLISHED:
            fieldsets.append(WITHDRAWAL_FIELDSET)
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not self.has_publish_permission(request):
            readonly += ["withdrawn_at", "withdrawal_note"]
            # A draft's date may still be set: it is how a writer proposes
            # when the item should appear. A published item's is its place
            # on the site.
            readonly.append("status")
            if obj is not None and obj.status == Status.PUBLISHED:
                readonly.append("publish_at")
        return readonly

    def save_model(self, request, obj, form, change):
        if not self.has_publish_permission(request):
            self._refuse_changes_of_state(obj, change)
        super().save_model(request, obj, form, change)

    def may_restore(self, request, version):
        # A restore sets the state the version had: for writers, only from
        # a draft to a draft.
        if not super().may_restore(request, version):
            return False
        if self.has_publish_permission(request):
            return True
        current = self.model._base_manager.filter(pk=version.object_id).first()
        return version.field_dict["status"] != Status.PUBLISHED and (
            current is None or current.status != Status.PUBLISHED
        )

    def _refuse_changes_of_state(self, obj, change):
        # The form cannot change the state for such a user; this makes sure
        # no other way through the admin can either.
        stored = None
        if change:
            stored = (
                self.model._base_manager.filter(pk=obj.pk)
                .values("status", "publish_at")
                .first()
            )
        was_published = stored is not None and stored["status"] == Status.PUBLISHED
        if obj.status == Status.PUBLISHED and not was_published:
            raise PermissionDenied("Only editors may publish.")
        if was_published and (
            obj.status != Status.PUBLISHED or obj.publish_at != stored["publish_at"]
        ):
            raise PermissionDenied("Only editors may unpublish or reschedule.")

    # Bulk actions.

    @admin.action(
        description="Publish selected %(verbose_name_plural)s",
        permissions=["publish"],
    )
    def publish_selected(self, request, queryset):
        result = services.items_publish(queryset=queryset)
        self._log(request, result.changed, "Published.")
        if not result.changed:
            self.message_user(
                request,
                f"Nothing to publish: the selected {self._name(0)} were already "
                "published.",
                messages.WARNING,
            )
            return
        message = f"Published {self._count(len(result.changed))}."
        if result.scheduled:
            message += (
                f" {self._count(len(result.scheduled))} dated in the future "
                f"{'is' if len(result.scheduled) == 1 else 'are'} scheduled and "
                "will appear then."
            )
        self.message_user(request, message, messages.SUCCESS)

    @admin.action(
        description="Unpublish selected %(verbose_name_plural)s",
        permissions=["publish"],
    )
    def unpublish_selected(self, request, queryset):
        changed = services.items_unpublish(queryset=queryset)
        self._log(request, changed, "Unpublished.")
        if not changed:
            self.message_user(
                request,
                f"Nothing to unpublish: the selected {self._name(0)} were already "
                "drafts.",
                messages.WARNING,
            )
            return
        self.message_user(
            request,
            f"Unpublished {self._count(len(changed))}; "
            f"{'it is' if len(changed) == 1 else 'they are'} drafts again.",
            messages.SUCCESS,
        )

    def _name(self, count):
        opts = self.model._meta
        return opts.verbose_name if count == 1 else opts.verbose_name_plural

    def _count(self, count):
        return f"{count} {self._name(count)}"

    def _log(self, request, pks, message):
        # Each item's history then shows who published or withdrew it, and
        # its versions include the new state.
        if pks:
            changed = self.model._base_manager.filter(pk__in=pks)
            LogEntry.objects.log_actions(
                user_id=request.user.pk,
                queryset=changed,
                action_flag=CHANGE,
                change_message=message,
            )
            if reversion.is_active():
                reversion.set_comment(message)
                for obj in changed:
                    reversion.add_to_revision(obj)


class LatestRowsFormSet(BaseInlineFormSet):
    """
    An inline formset that shows only the first ``limit`` rows in the model's
    ordering, and knows how many there are in all and where to see them, so
    a parent with thousands of children still renders quickly.
    """

    limit = 20

    def get_queryset(self):
        if not hasattr(self, "_latest_rows"):
            self._latest_rows = super().get_queryset()[: self.limit]
        return self._latest_rows

    @cached_property
    def total_count(self):
        return self.queryset.count()

    @property
    def changelist_url(self):
        opts = self.model._meta
        lookup = f"{self.fk.name}__{self.fk.target_field.name}__exact"
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        return f"{url}?{urlencode({lookup: self.instance.pk})}"

    @property
    def summary(self):
        """ "Showing the latest 20 of 1,234 quotes."-style line for the page."""
        opts = self.model._meta
        if self.total_count > self.limit:
            return (
                f"Showing the latest {self.limit} of {self.total_count:,} "
                f"{opts.verbose_name_plural}."
            )
        name = opts.verbose_name if self.total_count == 1 else opts.verbose_name_plural
        return capfirst(f"{self.total_count} {name}.")


class LatestRowsInline(admin.TabularInline):
    """
    A read-only list of the parent's latest related rows, each linking to its
    own change page, with a link to all of them in their changelist.
    """

    formset = LatestRowsFormSet
    template = "admin/edit_inline/latest_rows.html"
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


admin.site.register(LogEntry, LogEntryAdmin)

# The shared tags' admin builds on SiteModelAdmin, defined above; the
# sign-in steps after the password and the failed sign-ins editors unlock.
from cepsite.admin import auth, tags  # noqa: E402, F401
