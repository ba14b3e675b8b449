"""The admin of the shared tags: taggit's, writing through the services."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.template.defaultfilters import pluralize
from django.template.response import TemplateResponse
from taggit.admin import TagAdmin as TaggitTagAdmin
from taggit.models import Tag

from cepsite import services
from cepsite.admin import SiteModelAdmin


class TagMergeForm(forms.Form):
    """The name of the tag the selected tags become, new or existing."""

    name = forms.CharField(
        label="Merge into",
        max_length=Tag._meta.get_field("name").max_length,
        help_text="A new tag, or an existing one whatever its case.",
        error_messages={"required": "Enter the name of the tag to merge into."},
    )


class TagAdmin(SiteModelAdmin, TaggitTagAdmin):
    """
    taggit's admin of the shared tags, writing through the services.

    taggit's inline and its merge page work on taggit's own table of tagged
    items, which the site does not use (``cepsite.models.TaggedItem`` carries
    its tags). The inline is left out, an item's tags being edited on its own
    page, and merging is the site's own action: it asks for the new name on
    an intermediate page, like the delete confirmation, and merges through
    ``services.tags_merge``. Only those who may change and delete tags merge.
    """

    inlines = []
    actions = ["merge_selected"]

    def get_urls(self):
        # The model admin's own pages, without taggit's merge page.
        return super(TaggitTagAdmin, self).get_urls()

    def has_merge_permission(self, request):
        return self.has_change_permission(request) and self.has_delete_permission(
            request
        )

    def changelist_view(self, request, extra_context=None):
        # The action is hidden from those who may not merge; a request forged
        # to run it anyway is refused outright rather than silently ignored.
        if (
            request.method == "POST"
            and request.POST.get("action") == "merge_selected"
            and not self.has_merge_permission(request)
        ):
            raise PermissionDenied
        return super().changelist_view(request, extra_context)

    @admin.action(description="Merge selected tags", permissions=["merge"])
    def merge_selected(self, request, queryset):
        if not self.has_merge_permission(request):
            raise PermissionDenied
        form = TagMergeForm(request.POST if "merge" in request.POST else None)
        if form.is_bound and form.is_valid():
            tags = list(queryset)
            count = len(tags)
            target = services.tags_merge(tags=tags, into=form.cleaned_data["name"])
            # The audit log records the merge as the deletions and the change
            # it made.
            merged = [tag for tag in tags if tag.pk != target.pk]
            if merged:
                self.log_deletions(request, merged)
            self.log_change(
                request,
                target,
                f"Merged {', '.join(tag.name for tag in merged) or 'nothing'} into it.",
            )
            self.message_user(
                request,
                f"Merged {count} tag{pluralize(count)} into “{target.name}”.",
                messages.SUCCESS,
            )
            # Back to the list of tags.
            return None
        opts = self.model._meta
        context = {
            **self.admin_site.each_context(request),
            "title": "Merge tags",
            "subtitle": None,
            "opts": opts,
            "app_label": opts.app_label,
            "queryset": queryset.annotate(item_count=Count("tagged_items")).order_by(
                "name"
            ),
            "form": form,
            "action_name": "merge_selected",
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "media": self.media + form.media,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(
            request, "admin/taggit/tag/merge_selected.html", context
        )


admin.site.unregister(Tag)
admin.site.register(Tag, TagAdmin)
