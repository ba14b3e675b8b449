from django.contrib import admin

from cepsite.admin import PublishableAdmin, VisibilityFilter

from .models import PressRelease


@admin.register(PressRelease)
class PressReleaseAdmin(PublishableAdmin):
    list_display = ["title", "visibility", "publish_at", "dateline", "author"]
    list_filter = [VisibilityFilter]
    search_fields = ["title", "slug", "summary", "author"]
    date_hierarchy = "publish_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["resources"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "dateline", "summary", "body", "author"]}),
        ("Lead image", {"fields": ["image", "image_alt", "image_caption"]}),
        ("Links", {"fields": ["resources", "tags"]}),
        (
            "Publishing",
            {
                "fields": ["status", "publish_at"],
                "description": "The publish date is the date the release carries.",
            },
        ),
    ]
