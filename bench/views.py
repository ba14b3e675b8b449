"""The floor page: what any page costs before it asks the database anything."""

import datetime
import functools

from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from cepsite.dates import MONTH_NAMES
from cepsite.pagination import SitePaginator
from press.models import PressRelease
from quotes.models import Quote
from resources.models import Organization, Person

from .data import SIZES, Writer
from .data.archive import PRESS_FIRST_YEAR

PAGE_SIZE = 20


@functools.cache
def _floor_context():
    """Return the press list's context, built once in memory from unsaved rows."""
    # Unsaved model instances cost what saved ones cost to render, and
    # reading them never reaches the database.
    writer = Writer(seed=1)
    writer.organizations = [("Kata'ib Hezbollah", "KH", "")]
    writer.people = [("Abu Ali al-Askari", "", 0)]
    now = timezone.now()
    releases = [
        PressRelease(
            pk=n,
            title=writer.press_title(),
            slug=f"floor-release-{n}",
            summary=writer.summary(),
            publish_at=now - datetime.timedelta(days=n),
        )
        for n in range(PAGE_SIZE)
    ]
    total = SIZES["full"].press
    page = SitePaginator(range(total), PAGE_SIZE).page(1)
    today = timezone.localdate()
    years = []
    monthly = total // ((today.year - PRESS_FIRST_YEAR + 1) * 12)
    for year in range(today.year, PRESS_FIRST_YEAR - 1, -1):
        last_month = today.month if year == today.year else 12
        months = [
            {"month": month, "name": MONTH_NAMES[month], "count": monthly}
            for month in range(last_month, 0, -1)
        ]
        years.append({"year": year, "count": monthly * len(months), "months": months})
    organization = Organization(pk=1, name="Kata'ib Hezbollah", short_name="KH")
    daily_dose = Quote(
        pk=1,
        kind=Quote.Kind.QUOTE,
        text=writer.quote_text(),
        context="In response to the strikes:",
        person=Person(pk=1, name="Abu Ali al-Askari", organization=organization),
        organization=organization,
        role="Security Official",
        said_on=today,
        said_on_precision=Quote.Precision.DAY,
    )
    return {
        "releases": releases,
        "page_obj": page,
        "paginator": page.paginator,
        "is_paginated": True,
        "page_message": "",
        "filter_messages": [],
        "archive": years,
        "daily_dose": daily_dose,
    }


@require_GET
def floor(request):
    """Return the press list's page, rendered with no database access."""
    return render(request, "bench/floor.html", _floor_context())
