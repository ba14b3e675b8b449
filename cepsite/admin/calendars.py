"""
The dashboard's month calendar of press releases and Daily Dose days, with
the free days marked and a form to give one a quote. The same dates are an
iCalendar feed at a secret, signed address for each staff member.

The kernel imports no app: the content models are looked up by name. Each
part costs a fixed number of queries, whatever the number of rows.
"""

import calendar
import datetime
import re

from django import forms
from django.apps import apps
from django.contrib import messages
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe
from icalendar import Calendar, Event

from cepsite import services
from cepsite.publishing import Status
from cepsite.roles import can_publish

CANDIDATE_LIMIT = 100
FEED_SALT = "cepsite.admin.calendar-feed"
# How far the feed reaches, back and ahead, in days.
FEED_PAST_DAYS = 60
FEED_AHEAD_DAYS = 180
FREE_DAYS_AHEAD = 60
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def content_model(app_label, model_name):
    return apps.get_model(app_label, model_name)


def _press():
    return content_model("press", "pressrelease")


def quote_model():
    return content_model("quotes", "quote")


def light(queryset):
    """Only what a line of the dashboard shows of each item."""
    names = {f.name for f in queryset.model._meta.concrete_fields}
    wanted = ["pk", "status", "publish_at", "withdrawn_at", "updated_at"]
    wanted += [name for name in ("title", "slug", "text", "kind") if name in names]
    return queryset.only(*wanted)


def parse_month(value, today):
    """``(first day of the month asked for, message or "")``."""
    if value:
        match = _MONTH.match(value)
        if match and 1 <= int(match[2]) <= 12 and int(match[1]) >= 1900:
            return datetime.date(int(match[1]), int(match[2]), 1), ""
        message = f"“{value}” is not a month: write it as 2026-12."
        return today.replace(day=1), message
    return today.replace(day=1), ""


def _shift(first, months):
    index = first.year * 12 + first.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def _dose_by_day(start, end):
    quotes = quote_model().objects.filter(featured_on__range=(start, end))
    return {
        quote.featured_on: quote
        for quote in quotes.only("pk", "text", "featured_on", "status", "publish_at")
    }


def _press_by_day(start, end):
    tz = timezone.get_current_timezone()
    since = datetime.datetime.combine(start, datetime.time.min, tzinfo=tz)
    until = datetime.datetime.combine(
        end + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz
    )
    releases = light(
        _press().objects.filter(
            status=Status.PUBLISHED,
            withdrawn_at__isnull=True,
            publish_at__gte=since,
            publish_at__lt=until,
        )
    ).order_by("publish_at", "pk")
    by_day = {}
    for release in releases:
        day = timezone.localtime(release.publish_at).date()
        by_day.setdefault(day, []).append(release)
    return by_day


def month_calendar(first, today):
    """The weeks of ``first``'s month, each day with its press and Daily Dose."""
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(
        first.year, first.month
    )
    start, end = weeks[0][0], weeks[-1][-1]
    doses, press = _dose_by_day(start, end), _press_by_day(start, end)
    return {
        "month": first,
        "previous": _shift(first, -1),
        "next": _shift(first, 1),
        "weekdays": [calendar.day_abbr[n] for n in range(7)],
        "weeks": [
            [
                {
                    "day": day,
                    "in_month": day.month == first.month,
                    "today": day == today,
                    "dose": doses.get(day),
                    "press": press.get(day, []),
                    "free": day.month == first.month and day not in doses,
                }
                for day in week
            ]
            for week in weeks
        ],
    }


def dose_candidates():
    """Published quotes that have no Daily Dose day yet, newest first."""
    quotes = quote_model().objects.published().filter(featured_on__isnull=True)
    return list(light(quotes).order_by("-publish_at", "-pk")[:CANDIDATE_LIMIT])


class DailyDoseForm(forms.Form):
    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    quote = forms.IntegerField(widget=forms.Select)

    def clean_quote(self):
        pk = self.cleaned_data["quote"]
        quote = (
            quote_model()
            .objects.published()
            .filter(pk=pk, featured_on__isnull=True)
            .first()
        )
        if quote is None:
            raise ValidationError(
                "Choose a published quote that is not the Daily Dose of another day."
            )
        return quote

    def clean(self):
        cleaned = super().clean()
        day = cleaned.get("day")
        if day is not None:
            holder = quote_model().objects.filter(featured_on=day).first()
            if holder is not None:
                url = reverse("admin:quotes_quote_change", args=[holder.pk])
                raise ValidationError(
                    f"{day:%d %b %Y} is taken: “{holder}” is its Daily Dose ({url})."
                )
        return cleaned


def feed_token(user):
    return signing.Signer(salt=FEED_SALT).sign_object(user.pk)


def feed_url(request, user):
    path = reverse("admin_calendar_feed", kwargs={"token": feed_token(user)})
    return request.build_absolute_uri(path)


@require_POST
def feature_view(request):
    """Give a free day a Daily Dose from the calendar, through the services."""
    if not can_publish(request.user, quote_model()):
        raise PermissionDenied("Only editors choose the Daily Dose.")
    form = DailyDoseForm(request.POST)
    back = reverse("admin:index")
    if form.is_valid():
        quote, day = form.cleaned_data["quote"], form.cleaned_data["day"]
        try:
            services.item_feature(item=quote, on=day)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            LogEntry.objects.log_actions(
                user_id=request.user.pk,
                queryset=[quote],
                action_flag=CHANGE,
                change_message=f"Made the Daily Dose of {day:%Y-%m-%d}.",
                single_object=True,
            )
            messages.success(request, f"“{quote}” is the Daily Dose of {day:%d %b %Y}.")
        return redirect(f"{back}?month={day:%Y-%m}")
    errors = " ".join(error for errors in form.errors.values() for error in errors)
    messages.error(request, f"No Daily Dose set. {errors}")
    return redirect(back)


def _event(uid, summary, day, url, description=""):
    event = Event()
    event.add("uid", uid)
    event.add("summary", summary)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", day)
    if isinstance(day, datetime.date) and not isinstance(day, datetime.datetime):
        event.add("dtend", day + datetime.timedelta(days=1))
    event.add("url", url)
    if description:
        event.add("description", description)
    return event


def feed_calendar(request):
    """The feed's calendar: press releases, Daily Doses and free days."""
    today = timezone.localdate()
    start = today - datetime.timedelta(days=FEED_PAST_DAYS)
    end = today + datetime.timedelta(days=FEED_AHEAD_DAYS)
    host = request.get_host()
    cal = Calendar()
    cal.add("prodid", f"-//{host}//editorial calendar//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "Editorial calendar")
    for releases in _press_by_day(start, end).values():
        for release in releases:
            url = request.build_absolute_uri(
                reverse("admin:press_pressrelease_change", args=[release.pk])
            )
            state = "Scheduled" if release.is_scheduled else "Published"
            cal.add_component(
                _event(
                    f"press-{release.pk}@{host}",
                    f"Press: {release}",
                    release.publish_at,
                    url,
                    state,
                )
            )
    doses = _dose_by_day(start, end)
    for day, quote in doses.items():
        url = request.build_absolute_uri(
            reverse("admin:quotes_quote_change", args=[quote.pk])
        )
        cal.add_component(
            _event(f"dose-{day:%Y%m%d}@{host}", f"Daily Dose: {quote}", day, url)
        )
    index = request.build_absolute_uri(reverse("admin:index"))
    for offset in range(FREE_DAYS_AHEAD):
        day = today + datetime.timedelta(days=offset)
        if day not in doses:
            cal.add_component(
                _event(
                    f"free-{day:%Y%m%d}@{host}",
                    "No Daily Dose yet",
                    day,
                    f"{index}?month={day:%Y-%m}",
                )
            )
    return cal


@require_safe
def calendar_feed(request, token):
    """The iCalendar feed, for the active staff member the token was made for."""
    try:
        pk = signing.Signer(salt=FEED_SALT).unsign_object(token)
    except signing.BadSignature:
        raise Http404("No calendar here.") from None
    user = (
        get_user_model()
        ._default_manager.filter(pk=pk, is_active=True, is_staff=True)
        .first()
    )
    if user is None:
        raise Http404("No calendar here.")
    response = HttpResponse(
        feed_calendar(request).to_ical(), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'inline; filename="editorial-calendar.ics"'
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
