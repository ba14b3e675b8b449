from django.contrib import admin

from cepsite.admin import LatestRowsInline, PublishableAdmin, VisibilityFilter
from resources import admin as resources_admin
from resources.models import Organization, Person

from .models import Quote


@admin.register(Quote)
class QuoteAdmin(PublishableAdmin):
    list_display = [
        "excerpt",
        "kind",
        "attribution",
        "date",
        "visibility",
        "featured_on",
    ]
    list_select_related = ["person", "organization"]
    list_filter = [
        VisibilityFilter,
        "kind",
        "organization",
        ("featured_on", admin.EmptyFieldListFilter),
    ]
    search_fields = [
        "text",
        "context",
        "role",
        "source_title",
        "person__name",
        "organization__name",
        "organization__short_name",
    ]
    date_hierarchy = "said_on"
    autocomplete_fields = ["person", "organization"]
    fieldsets = [
        (None, {"fields": ["kind", "text", "context"]}),
        ("Attribution", {"fields": ["person", "role", "organization"]}),
        ("Date", {"fields": ["said_on", "said_on_precision"]}),
        ("Source", {"fields": ["source_title", "source_url"]}),
        (
            "Publishing",
            {"fields": ["status", "publish_at", "featured_on", "tags"]},
        ),
    ]

    @admin.display(description="text")
    def excerpt(self, obj):
        return str(obj)

    @admin.display(description="said by")
    def attribution(self, obj):
        return obj.attribution

    @admin.display(description="date", ordering="said_on")
    def date(self, obj):
        return obj.display_date


class QuoteInline(LatestRowsInline):
    model = Quote
    fields = ["kind", "date", "visibility"]
    readonly_fields = fields
    verbose_name_plural = "latest quotes, facts and tweets"

    @admin.display(description="date")
    def date(self, obj):
        return obj.display_date

    @admin.display(description="status")
    def visibility(self, obj):
        return obj.visibility_label


class OrganizationQuoteInline(QuoteInline):
    fk_name = "organization"


class PersonQuoteInline(QuoteInline):
    fk_name = "person"


# The organisation and person pages list their quotes. This app adds them,
# because the resources app, which owns those pages, must not import quotes.
admin.site.unregister([Organization, Person])


@admin.register(Organization)
class OrganizationAdmin(resources_admin.OrganizationAdmin):
    inlines = [*resources_admin.OrganizationAdmin.inlines, OrganizationQuoteInline]


@admin.register(Person)
class PersonAdmin(resources_admin.PersonAdmin):
    inlines = [*resources_admin.PersonAdmin.inlines, PersonQuoteInline]
