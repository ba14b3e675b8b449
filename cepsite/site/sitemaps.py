"""
The sitemap: an index (``/sitemap.xml``) of section pages, each listing
published pages, items with when they last changed.

The large sections are paged by blocks of primary keys, not by counting
and skipping rows: a page is one range of the key index, so the last page
of the archive costs what the first does, and the index needs only each
section's first and last key, never a count
(docs/decisions/0034-sitemap-index.md).
"""

from functools import cached_property

from django.contrib.sitemaps import Sitemap
from django.core.paginator import Paginator
from django.db.models import Exists, Max, Min, OuterRef, Q
from django.urls import reverse

from cepsite.tagging import Tag, with_tag
from press.models import PressRelease
from quotes.models import Quote
from resources.models import Resource

# The most addresses on one page of a section: small enough that a page is
# read from one short range of an index, well below the protocol's 50,000.
PAGE_SIZE = 2000
# Fewer tags to a page: each is looked for among three kinds of items.
TAG_PAGE_SIZE = 250


class KeyBlockPaginator(Paginator):
    """
    Pages of a queryset by blocks of ``per_page`` consecutive primary keys,
    from its first row's key to its last's: page ``n`` holds at most
    ``per_page`` rows, and a block that holds none of the rows (all
    unpublished, say) is an empty page. ``count`` is never asked of the
    database.
    """

    def __init__(self, queryset, per_page):
        super().__init__(queryset.order_by("pk"), per_page)

    @cached_property
    def bounds(self):
        """``(first key, last key)`` of the rows, ``(None, None)`` when none."""
        keys = self.object_list.aggregate(first=Min("pk"), last=Max("pk"))
        return keys["first"], keys["last"]

    @cached_property
    def num_pages(self):
        """How many blocks the keys span; one (empty) page when there are none."""
        first, last = self.bounds
        if first is None:
            return 1
        return (last - first) // self.per_page + 1

    def page(self, number):
        """The page ``number``, its rows read by key range."""
        number = self.validate_number(number)
        first, _ = self.bounds
        if first is None:
            return self._get_page([], number, self)
        start = first + (number - 1) * self.per_page
        rows = self.object_list.filter(pk__gte=start, pk__lt=start + self.per_page)
        return self._get_page(rows, number, self)


class KeyBlockSitemap(Sitemap):
    """A section of many rows, paged by :class:`KeyBlockPaginator`."""

    limit = PAGE_SIZE

    @property
    def paginator(self):
        return KeyBlockPaginator(self.items(), self.limit)

    def get_latest_lastmod(self):
        """None: the index names no date rather than read every row for one."""
        return None


class SectionSitemap(Sitemap):
    """The home page and the lists that every section opens with."""

    changefreq = "daily"
    priority = 0.8

    def items(self):
        return [
            "home",
            "press:list",
            "quotes:archive",
            "quotes:daily_dose",
            "resources:list",
            "methodology",
        ]

    def location(self, item):
        return reverse(item)


class PublishedSitemap(KeyBlockSitemap):
    """The published items of ``model``, each with its last change."""

    model = None
    # What get_absolute_url() and lastmod read, and nothing else.
    fields = ("pk", "updated_at")

    def items(self):
        return self.model.objects.published().only(*self.fields)

    def lastmod(self, item):
        return item.updated_at


class PressSitemap(PublishedSitemap):
    model = PressRelease
    fields = ("pk", "slug", "updated_at")
    changefreq = "monthly"
    priority = 0.7


class ResourceSitemap(PublishedSitemap):
    model = Resource
    fields = ("pk", "slug", "updated_at")
    changefreq = "weekly"
    priority = 0.7


class QuoteSitemap(PublishedSitemap):
    model = Quote
    changefreq = "yearly"
    priority = 0.5


def _has_public(model):
    """Whether the outer tag is on a published item of ``model``."""
    # The tag is matched inside the items' subquery, not beside it, so that
    # PostgreSQL probes the tag's own items for each tag rather than hashing
    # every tagged item of the model first.
    return Exists(with_tag(model.objects.published(), OuterRef(OuterRef("pk"))))


class TagSitemap(KeyBlockSitemap):
    """
    Tag pages that have something published. No lastmod: a tag page changes
    with its newest items, and finding those for every tag means reading
    every tagged item (docs/decisions/0034-sitemap-index.md).
    """

    changefreq = "weekly"
    priority = 0.4
    limit = TAG_PAGE_SIZE

    def items(self):
        public = Q()
        for model in (PressRelease, Quote, Resource):
            public |= _has_public(model)
        # A tag made outside the services may have no slug, so no address.
        return Tag.objects.exclude(slug="").filter(public).only("pk", "slug")

    def location(self, item):
        return reverse("tag", args=[item.slug])


sitemaps = {
    "sections": SectionSitemap,
    "press": PressSitemap,
    "resources": ResourceSitemap,
    "quotes": QuoteSitemap,
    "tags": TagSitemap,
}
