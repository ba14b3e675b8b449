"""
Feeds of the newest press releases, and of any search of the archive: RSS,
Atom and JSON Feed 1.1, each taking the archive's parameters.
"""

import json
import re
from dataclasses import dataclass

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import HttpResponseBadRequest, QueryDict
from django.template.defaultfilters import linebreaks_filter
from django.urls import reverse, reverse_lazy
from django.utils.feedgenerator import (
    Atom1Feed,
    Rss201rev2Feed,
    SyndicationFeed,
    rfc3339_date,
)

from cepsite.dates import machine_partial_date
from cepsite.pagecache import keyed_on
from press.models import PressRelease
from quotes.forms import ArchiveFilterForm
from quotes.models import Quote

from .corrections import public_corrections

# XML 1.0 cannot carry these; text pasted from PDFs sometimes holds a few, and
# the feed generator refuses the whole feed rather than drop them.
_XML_UNSAFE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

QUOTES_FEED_LENGTH = 50

DUBLIN_CORE_TERMS = "http://purl.org/dc/terms/"


def _xml_safe(text):
    return _XML_UNSAFE.sub("", text)


def _as_html(text):
    """
    Plain text as an HTML fragment: RSS and Atom carry descriptions as
    HTML, so the text is escaped for HTML here and for XML by the feed's
    writer, and a reader that decodes it shows markup typed into it as text.
    """
    return str(linebreaks_filter(_xml_safe(text), autoescape=True))


class _SaidOnMixin:
    """Each item's own date, at its precision, as ``dcterms:created``."""

    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:dcterms": DUBLIN_CORE_TERMS}

    def root_attributes(self):
        return {**super().root_attributes(), "xmlns:dcterms": DUBLIN_CORE_TERMS}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("said_on"):
            handler.addQuickElement("dcterms:created", item["said_on"])


class QuotesRssFeed(_SaidOnMixin, Rss201rev2Feed):
    pass


class QuotesAtomFeed(_SaidOnMixin, Atom1Feed):
    pass


class JsonFeed(SyndicationFeed):
    """JSON Feed 1.1 (https://jsonfeed.org/version/1.1)."""

    content_type = "application/feed+json; charset=utf-8"

    def write(self, outfile, encoding):
        feed = {
            "version": "https://jsonfeed.org/version/1.1",
            "title": self.feed["title"],
            "home_page_url": self.feed["link"],
            "feed_url": self.feed["feed_url"],
            "description": self.feed["description"],
            "language": self.feed["language"],
            "items": [self._item(item) for item in self.items],
        }
        outfile.write(json.dumps(feed, ensure_ascii=False, indent=1))

    @staticmethod
    def _item(item):
        entry = {
            "id": item["unique_id"] or item["link"],
            "url": item["link"],
            "title": item["title"],
            "content_text": item["content_text"],
            "date_published": rfc3339_date(item["pubdate"]),
            "date_modified": rfc3339_date(item["updateddate"]),
            "tags": list(item["categories"] or ()),
        }
        if item["author_name"]:
            entry["authors"] = [{"name": item["author_name"]}]
        if item.get("said_on"):
            entry["_said_on"] = {
                "date": item["said_on"],
                "precision": item["said_on_precision"],
            }
        return entry


class _UnusableFilters(Exception):
    def __init__(self, form):
        super().__init__()
        self.form = form


@dataclass(frozen=True)
class ArchiveSearch:
    """The archive's filters as a feed reads them, and the address asked for."""

    form: ArchiveFilterForm
    path: str

    @property
    def query(self):
        remaining = QueryDict(mutable=True)
        for key, values in self.form.data.lists():
            if key != "page" and any(values):
                remaining.setlist(key, values)
        return remaining.urlencode()

    def address(self, path):
        return f"{path}?{self.query}" if self.query else path


@keyed_on(ArchiveFilterForm)
class QuotesFeed(Feed):
    """
    The items published most recently among those an archive search finds,
    newest first; the query string takes the archive's parameters.
    """

    feed_type = QuotesRssFeed
    description = (
        "The latest quotes, facts and tweets added to the archive of "
        "extremists' own words."
    )

    def __call__(self, request, *args, **kwargs):
        try:
            return super().__call__(request, *args, **kwargs)
        except _UnusableFilters as unusable:
            problems = "".join(
                f"{problem.label}: {problem.text}\n"
                for problem in unusable.form.problems()
            )
            return HttpResponseBadRequest(
                f"Some filters could not be used, so there is no feed.\n{problems}",
                content_type="text/plain; charset=utf-8",
            )

    def get_object(self, request, *args, **kwargs):
        form = ArchiveFilterForm(request.GET)
        if not form.is_valid():
            raise _UnusableFilters(form)
        return ArchiveSearch(form=form, path=request.path)

    def title(self, search):
        shown = "; ".join(
            f"{active.label}: {active.text}" for active in search.form.active_filters()
        )
        name = "Extremists: Their Words. Their Actions."
        return _xml_safe(f"{name} ({shown})" if shown else name)

    def link(self, search):
        return search.address(reverse("quotes:archive"))

    def feed_url(self, search):
        return search.address(search.path)

    def items(self, search):
        quotes = search.form.filter(Quote.objects.published())
        return (
            quotes.with_attribution()
            .defer("search_vector")
            .prefetch_related("categories", "tags")
            .order_by("-publish_at", "-pk")[:QUOTES_FEED_LENGTH]
        )

    def item_title(self, item):
        who = item.attribution or item.get_kind_display()
        return _xml_safe(f"{who}, {item.display_date}")

    def item_description(self, item):
        return "".join(_as_html(part) for part in (item.context, item.text) if part)

    def item_author_name(self, item):
        if item.person:
            return _xml_safe(item.person.name)
        return _xml_safe(item.organization.display_name) if item.organization else None

    def item_categories(self, item):
        names = [category.name for category in item.categories.all()]
        return [_xml_safe(name) for name in names + [t.name for t in item.tags.all()]]

    def item_pubdate(self, item):
        return item.publish_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_extra_kwargs(self, item):
        return {
            "said_on": machine_partial_date(item.said_on, item.said_on_precision),
            "said_on_precision": item.said_on_precision if item.said_on else None,
            "content_text": _xml_safe(
                "\n\n".join(part for part in (item.context, item.text) if part)
            ),
        }


class QuotesAtom(QuotesFeed):
    feed_type = QuotesAtomFeed
    subtitle = QuotesFeed.description


class QuotesJson(QuotesFeed):
    feed_type = JsonFeed


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
        return _as_html(item.summary)

    def item_pubdate(self, item):
        return item.publish_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return item.author or None

    def item_categories(self, item):
        return [tag.name for tag in item.tags.all()]


# The archive's RSS feed under the name it had before it took parameters.
LatestQuotesFeed = QuotesFeed


class CorrectionsFeed(Feed):
    """The newest public corrections, as RSS, each linking to its item."""

    link = reverse_lazy("corrections")
    description = "Corrections to what the site has published, newest first."

    def title(self):
        return f"{settings.SITE_NAME}: corrections"

    def items(self):
        return public_corrections()[:FEED_LENGTH]

    def item_title(self, item):
        return _xml_safe(f"Correction: {item.item}")

    def item_description(self, item):
        return _as_html(item.note)

    def item_link(self, item):
        return f"{item.item.get_absolute_url()}#corrections"

    def item_guid(self, item):
        return f"correction-{item.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.made_at
