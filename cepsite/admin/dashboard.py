"""
The editors' dashboard at ``/admin/``: my drafts, drafts awaiting review,
what goes live in the next fortnight, what went live lately, sources gone
dead, and the month calendar of press releases and Daily Dose days with its
iCalendar feed (``cepsite.admin.calendars``).

The kernel imports no app: the content models are looked up by name, as
``cepsite.roles`` lists them. Each part costs a fixed number of queries,
whatever the number of rows.
"""

import datetime
from dataclasses import dataclass, field

from django.contrib import admin
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import path, reverse
from django.utils import timezone

from cepsite import reviews
from cepsite.admin.calendars import (
    calendar_feed,
    content_model,
    dose_candidates,
    feature_view,
    feed_token,
    feed_url,
    light,
    month_calendar,
    parse_month,
    quote_model,
)
from cepsite.publishing import Status
from cepsite.roles import PUBLISHABLE_MODELS, can_publish

__all__ = ["dashboard", "feed_token", "urlpatterns"]

SCHEDULED_DAYS = 14
RECENT_COUNT = 8
LIST_LIMIT = 20


def _publishable_models():
    return [content_model(*key) for key in PUBLISHABLE_MODELS]


@dataclass
class Line:
    item: object
    kind: str
    url: str
    when: datetime.datetime | None = None
    extra: dict = field(default_factory=dict)


def _line(item, when=None, **extra):
    opts = item._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[item.pk])
    return Line(item=item, kind=opts.verbose_name, url=url, when=when, extra=extra)


def my_drafts(user):
    """Drafts the user added or last changed in the admin, latest first."""
    content_types = ContentType.objects.get_for_models(*_publishable_models())
    touched = (
        LogEntry.objects.filter(
            user=user,
            action_flag__in=[ADDITION, CHANGE],
            content_type__in=content_types.values(),
        )
        .order_by("-action_time")
        .values_list("content_type_id", "object_id")[: LIST_LIMIT * 10]
    )
    ids = {}
    for content_type_id, object_id in touched:
        if object_id and object_id.isdigit():
            ids.setdefault(content_type_id, set()).add(int(object_id))
    lines = []
    for model, content_type in content_types.items():
        wanted = ids.get(content_type.pk)
        if not wanted:
            continue
        drafts = light(model._default_manager.drafts().filter(pk__in=wanted))
        lines += [_line(item, item.updated_at) for item in drafts]
    lines.sort(key=lambda line: line.when, reverse=True)
    return lines[:LIST_LIMIT]


def awaiting(user):
    """Drafts awaiting review, oldest first: for those who decide them."""
    queue = reviews.awaiting_review().prefetch_related("item")[:LIST_LIMIT]
    return [
        _line(review.item, review.submitted_at, review=review)
        for review in queue
        # A draft published by other means no longer waits.
        if review.item is not None
        and review.item.status == Status.DRAFT
        and can_publish(user, type(review.item))
    ]


def scheduled(now):
    """Items that go live in the next ``SCHEDULED_DAYS`` days, soonest first."""
    until = now + datetime.timedelta(days=SCHEDULED_DAYS)
    lines = []
    for model in _publishable_models():
        items = model._default_manager.scheduled().filter(publish_at__lte=until)
        lines += [_line(item, item.publish_at) for item in light(items)[:LIST_LIMIT]]
    lines.sort(key=lambda line: line.when)
    return lines[:LIST_LIMIT]


def recently_published(now):
    """What went live last, latest first."""
    lines = []
    for model in _publishable_models():
        items = model._default_manager.published().order_by("-publish_at")
        lines += [_line(item, item.publish_at) for item in light(items)[:RECENT_COUNT]]
    lines.sort(key=lambda line: line.when, reverse=True)
    return lines[:RECENT_COUNT]


def dead_sources():
    """Sources whose address no longer answers, with their quote, and how many."""
    Source = content_model("quotes", "source")
    dead = Source.objects.filter(link_status="dead")
    rows = list(
        dead.select_related("quote")
        .only("pk", "title", "url", "checked_at", "quote__id", "quote__text")
        .order_by("-checked_at", "-pk")[:LIST_LIMIT]
    )
    total = dead.count()
    return {
        "rows": [_line(row.quote, row.checked_at, source=row) for row in rows],
        "total": total,
    }


def dashboard(request):
    """Everything the dashboard shows the user, for ``admin/index.html``."""
    user = request.user
    now = timezone.now()
    today = timezone.localdate()
    first, month_message = parse_month(request.GET.get("month", ""), today)
    # A Daily Dose is a published quote on the home page: an editor's call.
    may_feature = can_publish(user, quote_model())
    return {
        "my_drafts": my_drafts(user),
        "awaiting": awaiting(user),
        "may_review": any(can_publish(user, m) for m in _publishable_models()),
        "scheduled": scheduled(now),
        "scheduled_days": SCHEDULED_DAYS,
        "recent": recently_published(now),
        "dead_sources": dead_sources() if user.has_perm("quotes.view_source") else None,
        "calendar": month_calendar(first, today),
        "month_message": month_message,
        "candidates": dose_candidates() if may_feature else None,
        "feed_url": feed_url(request, user),
    }


urlpatterns = [
    path(
        "admin/dashboard/daily-dose/",
        admin.site.admin_view(feature_view),
        name="admin_daily_dose_set",
    ),
    path(
        "admin/calendar/<str:token>.ics",
        calendar_feed,
        name="admin_calendar_feed",
    ),
]
