import datetime

from django import forms
from django.contrib import admin
from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from cepsite.admin import (
    LatestRowsInline,
    PublishableAdmin,
    SiteModelAdmin,
    VisibilityFilter,
)
from cepsite.dates import PartialDateFormMixin, Precision, format_partial_date
from resources import admin as resources_admin
from resources.models import Organization, Person

from . import services
from .models import Category, Quote
from .provenance.admin import SourceInline

# How far ahead the Daily Dose clash message looks for free days.
FREE_DAYS_SHOWN = 3
FREE_DAYS_SEARCHED = 60


def _free_daily_dose_days(after):
    """The first few days after ``after`` that have no Daily Dose."""
    last = after + datetime.timedelta(days=FREE_DAYS_SEARCHED)
    taken = set(
        Quote.objects.filter(featured_on__gt=after, featured_on__lte=last)
        .values_list("featured_on", flat=True)
        .order_by()
    )
    days = (after + datetime.timedelta(days=n) for n in range(1, FREE_DAYS_SEARCHED))
    return [day for day in days if day not in taken][:FREE_DAYS_SHOWN]


class QuoteAdminForm(PartialDateFormMixin, forms.ModelForm):
    """
    The quote form: the date typed as far as it is known ("2023-03",
    "Mar. 2023"), its precision set from it; a Daily Dose day already taken
    names the item holding it and the next free days.
    """

    partial_date_fields = {"said_on": "said_on_precision"}

    def clean_featured_on(self):
        day = self.cleaned_data.get("featured_on")
        if day is None:
            return day
        holder = (
            Quote.objects.filter(featured_on=day)
            .exclude(pk=self.instance.pk)
            .only("pk", "text")
            .first()
        )
        if holder is None:
            return day
        free = _free_daily_dose_days(day)
        message = format_html(
            '{} is already the Daily Dose: <a href="{}">{}</a>.',
            format_partial_date(day, Precision.DAY),
            reverse("admin:quotes_quote_change", args=[holder.pk]),
            str(holder),
        )
        if free:
            message = format_html(
                "{} Free days after it: {}.",
                message,
                format_html_join(
                    ", ",
                    "{}",
                    ((format_partial_date(d, Precision.DAY),) for d in free),
                ),
            )
        raise forms.ValidationError(message, code="daily_dose_taken")


@admin.register(Quote)
class QuoteAdmin(PublishableAdmin):
    form = QuoteAdminForm
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
        "sources__link_status",
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
    # Each quote's sources, in order; the first gives source_title and URL.
    inlines = [SourceInline]
    fieldsets = [
        (None, {"fields": ["kind", "text", "context"]}),
        ("Attribution", {"fields": ["person", "role", "organization"]}),
        # The precision is set from the date as typed (QuoteAdminForm).
        ("Date", {"fields": ["said_on"]}),
        (
            "Original words",
            {"fields": ["original_text", "original_language", "translation_credit"]},
        ),
        (
            "Publishing",
            {"fields": ["status", "publish_at", "featured_on", "tags"]},
        ),
    ]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.quote_first_source_sync(quote=form.instance)

    @admin.display(description="text")
    def excerpt(self, obj):
        return str(obj)

    @admin.display(description="said by")
    def attribution(self, obj):
        return obj.attribution

    @admin.display(description="date", ordering="said_on")
    def date(self, obj):
        return obj.display_date


@admin.register(Category)
class CategoryAdmin(SiteModelAdmin):
    """The controlled vocabulary of rhetoric, each term with its definition."""

    list_display = ["name", "slug", "quote_count"]
    search_fields = ["name", "definition"]
    prepopulated_fields = {"slug": ["name"]}
    fields = ["name", "slug", "definition"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(quote_count=Count("quotes"))

    @admin.display(description="items", ordering="quote_count")
    def quote_count(self, obj):
        return obj.quote_count


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
