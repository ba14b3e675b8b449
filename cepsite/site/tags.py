"""Everything published under one tag, across press, quotes and resources."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse

from cepsite.tagging import with_tag
from press.models import PressRelease
from quotes.models import Quote
from resources.models import Resource

SECTION_LIMIT = 10
# Each section counts its items up to this many, then says "more than":
# the busiest tag labels tens of thousands of quotes, and an exact count of
# them cost most of the page (docs/decisions/0025-tag-page-counts-capped.md).
COUNT_LIMIT = 100


@dataclass
class TagSection:
    """
    One kind of content under a tag: the first few items and how many there
    are, counted up to ``COUNT_LIMIT`` (``is_capped``: more than that).
    """

    key: str
    title: str
    items: list
    count: int
    see_all_url: str
    is_capped: bool = False

    @property
    def count_label(self):
        """``"12"``, or ``"more than 100"``."""
        return f"more than {self.count:,}" if self.is_capped else f"{self.count:,}"


def _section(key, title, items, queryset, see_all_url):
    """The section, its items listed and ``queryset`` counted up to the cap."""
    counted = queryset.order_by().values("pk")[: COUNT_LIMIT + 1].count()
    return TagSection(
        key=key,
        title=title,
        items=list(items),
        count=min(counted, COUNT_LIMIT),
        see_all_url=see_all_url,
        is_capped=counted > COUNT_LIMIT,
    )


def _see_all(url_name, tag):
    return f"{reverse(url_name)}?{urlencode({'tag': tag.slug})}"


def content_for_tag(tag, *, limit=SECTION_LIMIT):
    """
    The sections of a tag page, in reading order, each with the newest
    ``limit`` published items and a count of them, capped at
    ``COUNT_LIMIT``. A section with nothing published is still returned,
    with a count of zero.
    """
    press = with_tag(PressRelease.objects.published(), tag)
    quotes = with_tag(Quote.objects.published(), tag)
    resources = with_tag(Resource.objects.published(), tag)
    return [
        _section(
            "press",
            "Press releases",
            press.listed().order_by("-publish_at", "-pk")[:limit],
            press,
            _see_all("press:list", tag),
        ),
        _section(
            "quotes",
            "Their words",
            quotes.defer("search_vector").with_attribution().newest_first()[:limit],
            quotes,
            _see_all("quotes:archive", tag),
        ),
        _section(
            "resources",
            "Resources",
            resources.defer("body", "search_vector").order_by("title")[:limit],
            resources,
            _see_all("resources:list", tag),
        ),
    ]
