import re

from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy

from .models import Quote

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
