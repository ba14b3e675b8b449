"""RSS feeds of the newest press releases and the newest items of the archive."""

import re

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy

from press.models import PressRelease
from quotes.models import Quote

# XML 1.0 cannot carry these; text pasted from PDFs sometimes holds a few, and
# the feed generator refuses the whole feed rather than drop them.
_XML_UNSAFE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_safe(text):
    return _XML_UNSAFE.sub("", text)


class LatestQuotesFeed(Feed):
    """The 50 items published most recently in the archive, as RSS."""

    title = "Extremists: Their Words. Their Actions."
    link = reverse_lazy("quotes:archive")
    description = (
        "The latest quotes, facts and tweets added to the archive of "
        "extremists' own words."
    )

    def items(self):
        return (
            Quote.objects.published()
            .with_attribution()
            .order_by("-publish_at", "-pk")[:50]
        )

    def item_title(self, item):
        who = item.attribution or item.get_kind_display()
        return _xml_safe(f"{who}, {item.display_date}")

    def item_description(self, item):
        return _xml_safe(item.text)

    def item_pubdate(self, item):
        return item.publish_at

    def item_updateddate(self, item):
        return item.updated_at


FEED_LENGTH = 20


class LatestPressFeed(Feed):
    """The newest published press releases, as RSS."""

    link = reverse_lazy("press:list")
    description = "Press releases, newest first."

    def title(self):
        return f"{settings.SITE_NAME}: press releases"

    def items(self):
        return (
            PressRelease.objects.published()
            .prefetch_related("tags")
            .order_by("-publish_at", "-pk")[:FEED_LENGTH]
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_pubdate(self, item):
        return item.publish_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return item.author or None

    def item_categories(self, item):
        return [tag.name for tag in item.tags.all()]
