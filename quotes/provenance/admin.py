"""
The sources' admin: the inline on a quote's page, the changelist of every
source (dead links to fix first), and the captured copy, which only staff
can read and only here.
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from cepsite import services as site_services
from cepsite.admin import SiteModelAdmin
from cepsite.dates import PartialDateFormMixin

from .. import services
from ..models import Source
from .capture import read_copy

SOURCE_FIELDS = [
    "position",
    "publisher",
    "title",
    "url",
    "published_on",
    "accessed_on",
    "language",
    "archive_url",
]
STATE_FIELDS = ["link_status", "checked_at", "offline_since", "captured_copy"]


def captured_copy_link(source):
    if not source.pk or not source.snapshot:
        return "Not captured yet"
    return format_html(
        '<a href="{}">Captured copy</a> ({}, SHA-256 {})',
        reverse("admin:quotes_source_captured", args=[source.pk]),
        source.captured_at.strftime("%Y-%m-%d %H:%M UTC"),
        source.snapshot_sha256[:16] + "…",
    )


class SourceForm(PartialDateFormMixin, forms.ModelForm):
    """A source, its date typed as far as it is known ("2023-03", "Mar. 2023")."""

    partial_date_fields = {"published_on": "published_on_precision"}


class SourceInline(admin.StackedInline):
    model = Source
    form = SourceForm
    fields = SOURCE_FIELDS + STATE_FIELDS
    readonly_fields = STATE_FIELDS
    ordering = ["position", "pk"]
    extra = 1
    formfield_overrides = SiteModelAdmin.formfield_overrides

    @admin.display(description="captured copy")
    def captured_copy(self, obj):
        return captured_copy_link(obj)


@admin.register(Source)
class SourceAdmin(SiteModelAdmin):
    list_display = [
        "__str__",
        "publisher",
        "link_status",
        "offline_since",
        "checked_at",
        "captured_at",
        "quote_link",
    ]
    list_filter = ["link_status", ("captured_at", admin.EmptyFieldListFilter)]
    list_select_related = ["quote"]
    search_fields = ["title", "url", "publisher", "quote__text"]
    fields = ["quote", *SOURCE_FIELDS, *STATE_FIELDS]
    readonly_fields = STATE_FIELDS
    raw_id_fields = ["quote"]
    ordering = ["-offline_since", "pk"]

    @admin.display(description="quote")
    def quote_link(self, obj):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:quotes_quote_change", args=[obj.quote_id]),
            obj.quote,
        )

    @admin.display(description="captured copy")
    def captured_copy(self, obj):
        return captured_copy_link(obj)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        services.quote_first_source_sync(quote=obj.quote)

    def delete_model(self, request, obj):
        quote = obj.quote
        site_services.item_delete(item=obj)
        services.quote_first_source_sync(quote=quote)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/captured/",
                view(self.captured_view),
                name="quotes_source_captured",
            ),
            path(
                "<int:pk>/captured.warc.gz",
                view(self.captured_warc_view),
                name="quotes_source_captured_warc",
            ),
            *super().get_urls(),
        ]

    def _captured_source(self, request, pk):
        source = Source.objects.select_related("quote").filter(pk=pk).first()
        if source is None or not source.snapshot:
            raise Http404("This source has no captured copy.")
        if not self.has_view_permission(request, source):
            raise PermissionDenied
        return source

    def captured_view(self, request, pk):
        """The captured copy's text for staff, or the WARC file for media."""
        source = self._captured_source(request, pk)
        with source.snapshot.open("rb") as stream:
            copy = read_copy(stream)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"Captured copy of {source}",
            "source": source,
            "copy": copy,
            "warc_url": reverse("admin:quotes_source_captured_warc", args=[pk]),
        }
        response = TemplateResponse(
            request, "admin/quotes/source/captured.html", context
        )
        # Evidence, possibly of hateful material: never cached on the way.
        response["Cache-Control"] = "private, no-store"
        return response

    def captured_warc_view(self, request, pk):
        """The WARC file, as a download."""
        source = self._captured_source(request, pk)
        response = FileResponse(
            source.snapshot.open("rb"),
            as_attachment=True,
            filename=f"source-{source.pk}.warc.gz",
            content_type="application/warc",
        )
        response["Cache-Control"] = "private, no-store"
        return response
