from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy

from .models import PressRelease

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
