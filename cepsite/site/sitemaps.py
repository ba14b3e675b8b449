"""The sitemap: every published page, with when it last changed."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from press.models import PressRelease
from quotes.models import Quote
from resources.models import Resource


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


class PublishedSitemap(Sitemap):
    model = None

    def items(self):
        return self.model.objects.published().order_by("pk")

    def lastmod(self, item):
        return item.updated_at


class PressSitemap(PublishedSitemap):
    model = PressRelease
    changefreq = "monthly"
    priority = 0.7


class ResourceSitemap(PublishedSitemap):
    model = Resource
    changefreq = "weekly"
    priority = 0.7


class QuoteSitemap(PublishedSitemap):
    model = Quote
    changefreq = "yearly"
    priority = 0.5


class TagSitemap(Sitemap):
    """Tag pages that have something published; a tag changes with its items."""

    changefreq = "weekly"
    priority = 0.4

    def items(self):
        latest = {}
        for model in (PressRelease, Quote, Resource):
            rows = (
                model.objects.published()
                .filter(tags__isnull=False)
                .values("tags__slug")
                .annotate(last=Max("updated_at"))
                .order_by()
            )
            for row in rows:
                slug, last = row["tags__slug"], row["last"]
                if not slug:
                    # No address to list (a tag made outside the services).
                    continue
                latest[slug] = max(last, latest.get(slug, last))
        return sorted(latest.items())

    def location(self, item):
        return reverse("tag", args=[item[0]])

    def lastmod(self, item):
        return item[1]


sitemaps = {
    "sections": SectionSitemap,
    "press": PressSitemap,
    "resources": ResourceSitemap,
    "quotes": QuoteSitemap,
    "tags": TagSitemap,
}
