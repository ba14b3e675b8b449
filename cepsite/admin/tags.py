"""The admin of the shared tags: taggit's, writing through the services."""

import reversion
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
from cepsite.admin.history import HistoryAdmin
from cepsite.admin.ranking import RankedSearchMixin
from cepsite.slugs import AsciiSlugField


class TagMergeForm(forms.Form):
    """The name of the tag the selected tags become, new or existing."""

    name = forms.CharField(
        label="Merge into",
        max_length=Tag._meta.get_field("name").max_length,
        help_text="A new tag, or an existing one whatever its case.",
        error_messages={"required": "Enter the name of the tag to merge into."},
    )


class TagForm(forms.ModelForm):
    """A tag's name and slug; the slug is made ASCII, or from the name."""

    slug = AsciiSlugField(
        max_length=Tag._meta.get_field("slug").max_length,
        required=False,
        help_text=(
            "The tag's address. Left empty, it is made from the name; "
            "accents and curly quotes become plain letters. A changed slug "
            "keeps the old address leading here."
        ),
    )

    class Meta:
        model = Tag
        fields = ["name", "slug"]


class TagAdmin(RankedSearchMixin, HistoryAdmin, SiteModelAdmin, TaggitTagAdmin):
    """
    taggit's admin of the shared tags, writing through the services, with
    the history of versions that content has.

    taggit's inline and its merge page work on taggit's own table of tagged
    items, which the site does not use (``cepsite.models.TaggedItem`` carries
    its tags). The inline is left out, an item's tags being edited on its own
    page, and merging is the site's own action: it asks for the new name on
    an intermediate page, like the delete confirmation, and merges through
    ``services.tags_merge``. Only those who may change and delete tags merge.
    """

    form = TagForm
    inlines = []
    actions = ["merge_selected"]

    def get_urls(self):
        # The model admin's own pages and the history's, without taggit's
        # merge page.
        return [
            url
            for url in super().get_urls()
            if getattr(url, "name", None) != "taggit_tag_merge_tags"
        ]

    def reversion_register(self, model, **kwargs):
        # A tag's version is its name and slug; the items it is on are
        # versioned with each item.
        if not reversion.is_registered(model):
            reversion.register(model)

    def save_model(self, request, obj, form, change):
        services.tag_save(tag=obj)

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
