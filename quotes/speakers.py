"""The latest words of the organisations or people a resource describes."""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.urls import reverse

from resources.models import Resource

from .models import Quote

SPEAKER_QUOTES_LIMIT = 5


@dataclass
class SpeakerQuotes:
    """A resource's speakers' latest quotes, and the archive filtered to each."""

    quotes: list = field(default_factory=list)
    # (label, URL of the archive filtered to that speaker)
    archive_links: list = field(default_factory=list)
    # The organisations or people themselves, for the page's structured data.
    speakers: list = field(default_factory=list)
    # (label, URL of the RSS feed of that speaker's words)
    feed_links: list = field(default_factory=list)

    def __bool__(self):
        return bool(self.quotes)


def _archive_url(parameter, slug, url_name="quotes:archive"):
    return f"{reverse(url_name)}?{urlencode({parameter: slug})}"


def quotes_for_resource(resource, *, limit=SPEAKER_QUOTES_LIMIT):
    """
    For a group or person resource, the latest published quotes of the
    organisations or people whose profile it is, with links to the archive
    filtered to each. Other kinds of resource have no speaker.
    """
    if resource.kind == Resource.Kind.GROUP:
        speakers, parameter = list(resource.organizations.all()), "organization"
    elif resource.kind == Resource.Kind.PERSON:
        speakers, parameter = list(resource.people.all()), "person"
    else:
        return SpeakerQuotes()
    if not speakers:
        return SpeakerQuotes()
    quotes = Quote.objects.latest_of(
        parameter, [speaker.pk for speaker in speakers], limit=limit
    )
    links = [
        (speaker.name, _archive_url(parameter, speaker.slug)) for speaker in speakers
    ]
    feeds = [
        (speaker.name, _archive_url(parameter, speaker.slug, "quotes_feed"))
        for speaker in speakers
    ]
    return SpeakerQuotes(
        quotes=quotes, archive_links=links, speakers=speakers, feed_links=feeds
    )
