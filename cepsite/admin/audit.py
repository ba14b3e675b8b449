"""
The audit trail: every change made in the admin, by whom and when, read-only
and for editors. Django's own log (``LogEntry``) records each addition,
change and deletion; the publishing actions add theirs (see
``cepsite.admin``), and the items' versions keep the content itself.
"""

from django import forms
from django.contrib import admin
from django.contrib.admin.models import DELETION
from django.utils.html import format_html
from rangefilter.filters import DateRangeFilter


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


class _Parameter:
    """
    A filter parameter's name, fixed: rangefilter names its parameters after
    the field (``action_time__range__gte``), and links to the log use these.
    """

    def __init__(self, name):
        self.name = name

    def __get__(self, instance, owner=None):
        return self.name

    def __set__(self, instance, value):
        pass


class DayRangeFilter(DateRangeFilter):
    """
    django-admin-rangefilter's range of days, both included, in the site's
    time zone: what a date hierarchy cannot give, such as "from 20 February
    to 3 March". Asked as ``?since=&until=``. Its own template joins the
    other filters to the form with inline script and loads the admin's
    calendar; this one uses the browser's date inputs and carries the other
    filters as hidden fields, so it needs no script at all.
    """

    template = "admin/cepsite/date_range_filter.html"
    lookup_kwarg_gte = _Parameter("since")
    lookup_kwarg_lte = _Parameter("until")

    def _get_form_class(self):
        return DateRangeForm

    def choices(self, changelist):
        # One "choice": what the form needs besides itself.
        yield {
            "selected": bool(self.used_parameters),
            "hidden": [
                (key, value)
                for key, values in changelist.filter_params.items()
                if key not in self.expected_parameters()
                for value in values
            ],
            "clear_url": changelist.get_query_string(remove=self.expected_parameters()),
        }


class LogEntryAdmin(admin.ModelAdmin):
    """Who changed what, and when; seen by those who may view log entries."""

    list_display = ["action_time", "user", "content_type", "item", "action", "message"]
    list_select_related = ["user", "content_type"]
    list_filter = [
        ("user", admin.RelatedOnlyFieldListFilter),
        ("content_type", admin.RelatedOnlyFieldListFilter),
        "action_flag",
        ("action_time", DayRangeFilter),
    ]
    date_hierarchy = "action_time"
    search_fields = ["object_repr", "change_message", "user__username"]
    ordering = ["-action_time", "-pk"]

    def get_rangefilter_action_time_title(self, request, field_path):
        return "date"

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
