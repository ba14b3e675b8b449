"""Everything published under one tag, across press, quotes and resources."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse

from cepsite.tagging import with_tag
from press.models import PressRelease
from quotes.models import Quote
from resources.models import Resource

SECTION_LIMIT = 10


@dataclass
class TagSection:
    """One kind of content under a tag: the first few items and the total."""

    key: str
    title: str
    items: list
    count: int
    see_all_url: str


def _see_all(url_name, tag):
    return f"{reverse(url_name)}?{urlencode({'tag': tag.slug})}"


def content_for_tag(tag, *, limit=SECTION_LIMIT):
    """
    The sections of a tag page, in reading order, each with the newest
    ``limit`` published items and a count of all of them. A section with
    nothing published is still returned, with a count of zero.
    """
    press = with_tag(PressRelease.objects.published(), tag)
    quotes = with_tag(Quote.objects.published(), tag)
    resources = with_tag(Resource.objects.published(), tag)
    return [
        TagSection(
            key="press",
            title="Press releases",
            items=list(press.listed().order_by("-publish_at", "-pk")[:limit]),
            count=press.count(),
            see_all_url=_see_all("press:list", tag),
        ),
        TagSection(
            key="quotes",
            title="Their words",
            items=list(
                quotes.defer("search_vector").with_attribution().newest_first()[:limit]
            ),
            count=quotes.count(),
            see_all_url=_see_all("quotes:archive", tag),
        ),
        TagSection(
            key="resources",
            title="Resources",
            items=list(
                resources.defer("body", "search_vector").order_by("title")[:limit]
            ),
            count=resources.count(),
            see_all_url=_see_all("resources:list", tag),
        ),
    ]
