"""
The audit trail: every change made in the admin, by whom and when, read-only
and for editors. Django's own log (``LogEntry``) records each addition,
change and deletion; the publishing actions add theirs (see
``cepsite.admin``), and the items' versions keep the content itself.
"""

import datetime

from django import forms
from django.contrib import admin
from django.contrib.admin.models import DELETION
from django.utils import timezone
from django.utils.html import format_html


class DateRangeForm(forms.Form):
    since = forms.DateField(
        label="From", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label="Until", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and since > until:
            raise forms.ValidationError("The range ends before it starts.")
        return cleaned


def _start_of(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


class DateRangeFilter(admin.ListFilter):
    """
    Entries between two days, both included, in the site's time zone: what
    a date hierarchy cannot give, such as "from 20 February to 3 March".
    """

    title = "date"
    template = "admin/cepsite/date_range_filter.html"
    field_name = "action_time"
    parameters = ("since", "until")

    def __init__(self, request, params, model, model_admin):
        super().__init__(request, params, model, model_admin)
        for name in self.parameters:
            if name in params:
                self.used_parameters[name] = params.pop(name)[-1]
        self.form = DateRangeForm(self.used_parameters or None)

    def has_output(self):
        return True

    def expected_parameters(self):
        return list(self.parameters)

    def choices(self, changelist):
        # One "choice": the form, with the other filters carried along.
        yield {
            "form": self.form,
            "selected": bool(self.used_parameters),
            "hidden": [
                (key, value)
                for key, values in changelist.filter_params.items()
                if key not in self.parameters
                for value in values
            ],
            "clear_url": changelist.get_query_string(remove=self.parameters),
        }

    def queryset(self, request, queryset):
        if not self.form.is_valid():
            return queryset
        since, until = self.form.cleaned_data["since"], self.form.cleaned_data["until"]
        if since:
            queryset = queryset.filter(**{f"{self.field_name}__gte": _start_of(since)})
        if until:
            after = _start_of(until + datetime.timedelta(days=1))
            queryset = queryset.filter(**{f"{self.field_name}__lt": after})
        return queryset


class LogEntryAdmin(admin.ModelAdmin):
    """Who changed what, and when; seen by those who may view log entries."""

    list_display = ["action_time", "user", "content_type", "item", "action", "message"]
    list_select_related = ["user", "content_type"]
    list_filter = [
        ("user", admin.RelatedOnlyFieldListFilter),
        ("content_type", admin.RelatedOnlyFieldListFilter),
        "action_flag",
        DateRangeFilter,
    ]
    date_hierarchy = "action_time"
    search_fields = ["object_repr", "change_message", "user__username"]
    ordering = ["-action_time", "-pk"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="item", ordering="object_repr")
    def item(self, obj):
        url = obj.get_admin_url() if obj.action_flag != DELETION else None
        if url:
            return format_html('<a href="{}">{}</a>', url, obj.object_repr)
        return obj.object_repr

    @admin.display(description="action", ordering="action_flag")
    def action(self, obj):
        return obj.get_action_flag_display()

    @admin.display(description="what changed")
    def message(self, obj):
        return obj.get_change_message()
