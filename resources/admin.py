"""
Admin for reference pages and the organisations and people they describe.

The quotes app adds each organisation's and person's quotes to these pages
(see ``quotes/admin.py``), since this app must not depend on it.
"""

import reversion
from django.contrib import admin
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce

from cepsite.admin import PublishableAdmin, SiteModelAdmin, VisibilityFilter
from cepsite.admin.history import HistoryAdmin
from cepsite.admin.ranking import RankedSearchMixin

from .models import Organization, Person, Resource


@admin.register(Resource)
class ResourceAdmin(RankedSearchMixin, PublishableAdmin):
    ranked_fields = ["title"]
    list_display = ["title", "kind", "visibility", "publish_at", "featured"]
    list_filter = [VisibilityFilter, "kind", "featured"]
    search_fields = ["title", "slug", "summary"]
    date_hierarchy = "publish_at"
    prepopulated_fields = {"slug": ["title"]}
    fieldsets = [
        (None, {"fields": ["title", "slug", "kind", "summary", "body"]}),
        ("Image", {"fields": ["image", "image_alt", "image_credit"]}),
        ("Publishing", {"fields": ["status", "publish_at", "featured", "tags"]}),
    ]


class PersonInline(admin.TabularInline):
    model = Person
    fields = ["name", "slug", "profile"]
    # An editable profile would cost a query per row for its autocomplete
    # widget; it is set on the person's own page.
    readonly_fields = ["profile"]
    prepopulated_fields = {"slug": ["name"]}
    formfield_overrides = SiteModelAdmin.formfield_overrides
    extra = 0
    show_change_link = True
    verbose_name_plural = "people in this organisation"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("profile")


class AttributionAdmin(RankedSearchMixin, HistoryAdmin, SiteModelAdmin):
    """
    Organisations and people: what statements are attributed to. Each save
    keeps a version that editors compare and restore; only editors change
    them (``cepsite.roles``).
    """

    def reversion_register(self, model, **kwargs):
        # The row itself: its quotes and profile are versioned on their own.
        if not reversion.is_registered(model):
            reversion.register(model)


@admin.register(Organization)
class OrganizationAdmin(AttributionAdmin):
    ranked_fields = ["name", "short_name"]
    list_display = ["name", "short_name", "profile", "people_count"]
    list_select_related = ["profile"]
    search_fields = ["name", "short_name", "aliases", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["profile"]
    fields = ["name", "short_name", "slug", "aliases", "profile"]
    inlines = [PersonInline]

    def view_on_site(self, obj):
        # An organisation has no page of its own; its profile is its page.
        return obj.profile.get_absolute_url() if obj.profile_id else None

    def get_queryset(self, request):
        # A subquery rather than a join, so the count stays one query per page
        # and no quote rows are multiplied into it.
        people = (
            Person.objects.filter(organization=OuterRef("pk"))
            .order_by()
            .values("organization")
            .annotate(count=Count("pk"))
            .values("count")
        )
        return (
            super()
            .get_queryset(request)
            .annotate(
                people_total=Coalesce(Subquery(people, output_field=IntegerField()), 0)
            )
        )

    @admin.display(description="people", ordering="people_total")
    def people_count(self, obj):
        return obj.people_total


@admin.register(Person)
class PersonAdmin(AttributionAdmin):
    list_display = ["name", "organization", "profile"]
    list_select_related = ["organization", "profile"]
    list_filter = [("organization", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "aliases", "slug", "organization__name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["organization", "profile"]
    fields = ["name", "slug", "aliases", "organization", "profile"]

    def view_on_site(self, obj):
        return obj.profile.get_absolute_url() if obj.profile_id else None
