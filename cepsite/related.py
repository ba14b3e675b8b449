"""
Related content that crosses apps: press related to a press release or a
resource, and the quotes of the organisation or person a resource describes.

Everything here starts from ``.published()``: related blocks are shown to
anonymous readers, even on a page a member of staff is previewing.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from taggit.models import TaggedItem

from press.models import PressRelease
from quotes.models import Quote
from resources.models import Resource

RELATED_PRESS_LIMIT = 5
SPEAKER_QUOTES_LIMIT = 5


def shared_tag_count(model, tag_ids):
    """
    An expression counting how many of ``tag_ids`` each row of ``model``
    carries, for ``annotate()``. A subquery rather than a join, so that it
    combines with other conditions without multiplying rows.
    """
    tagged = (
        TaggedItem.objects.filter(
            content_type=ContentType.objects.get_for_model(model),
            object_id=OuterRef("pk"),
            tag_id__in=tag_ids,
        )
        .order_by()
        .values("object_id")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(tagged), 0)


def related_press(release, *, limit=RELATED_PRESS_LIMIT):
    """
    Other published releases sharing tags with ``release``: those sharing
    the most first, then the newest. ``release.tags`` may be prefetched.
    """
    tag_ids = [tag.pk for tag in release.tags.all()]
    if not tag_ids:
        return []
    return list(
        PressRelease.objects.published()
        .exclude(pk=release.pk)
        .annotate(shared_tags=shared_tag_count(PressRelease, tag_ids))
        .filter(shared_tags__gt=0)
        .order_by("-shared_tags", "-publish_at", "-pk")[:limit]
    )


def press_for_resource(resource, *, limit=RELATED_PRESS_LIMIT):
    """
    Published releases that link to ``resource`` (first) or share its tags
    (most shared first), newest first within each.
    """
    tag_ids = [tag.pk for tag in resource.tags.all()]
    links = PressRelease.resources.through.objects.filter(
        pressrelease_id=OuterRef("pk"), resource_id=resource.pk
    )
    releases = PressRelease.objects.published().annotate(links_here=Exists(links))
    if tag_ids:
        releases = releases.annotate(
            shared_tags=shared_tag_count(PressRelease, tag_ids)
        ).filter(Q(links_here=True) | Q(shared_tags__gt=0))
        ordering = ["-links_here", "-shared_tags", "-publish_at", "-pk"]
    else:
        releases = releases.filter(links_here=True)
        ordering = ["-publish_at", "-pk"]
    return list(releases.order_by(*ordering)[:limit])


@dataclass
class SpeakerQuotes:
    """The latest words of the organisations or people a resource describes."""

    quotes: list = field(default_factory=list)
    # (label, URL of the archive filtered to that speaker)
    archive_links: list = field(default_factory=list)

    def __bool__(self):
        return bool(self.quotes)


def _archive_url(parameter, slug):
    return f"{reverse('quotes:archive')}?{urlencode({parameter: slug})}"


def quotes_for_resource(resource, *, limit=SPEAKER_QUOTES_LIMIT):
    """
    For a group or person resource, the latest published quotes of the
    organisations or people whose profile it is, with links to the archive
    filtered to each. Other kinds of resource have no speaker.
    """
    if resource.kind == Resource.Kind.GROUP:
        speakers = list(resource.organizations.all())
        parameter, condition = "organization", Q(organization__in=speakers)
    elif resource.kind == Resource.Kind.PERSON:
        speakers = list(resource.people.all())
        parameter, condition = "person", Q(person__in=speakers)
    else:
        return SpeakerQuotes()
    if not speakers:
        return SpeakerQuotes()
    quotes = list(
        Quote.objects.published()
        .filter(condition)
        .with_attribution()
        .newest_first()[:limit]
    )
    links = [
        (speaker.name, _archive_url(parameter, speaker.slug)) for speaker in speakers
    ]
    return SpeakerQuotes(quotes=quotes, archive_links=links)
