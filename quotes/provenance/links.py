"""
Link health: whether a source's address still answers, moved for good, or
is gone, from one polite request.
"""

import time
from urllib.parse import urlsplit

from django.conf import settings

from ..models import Source
from .fetching import PERMANENT_REDIRECTS, FetchError, RefusedAddress, fetch


def link_status(url):
    """
    Return the :class:`Source.LinkStatus` of ``url``: live (it answers),
    moved (a permanent redirect to a page that answers) or dead (an error
    status, no answer, a timeout); raise RefusedAddress when the address
    rule forbids finding out.
    """
    try:
        fetched = fetch(url, read_body=False)
    except RefusedAddress:
        raise
    except FetchError:
        return Source.LinkStatus.DEAD
    if fetched.status >= 400:
        return Source.LinkStatus.DEAD
    if any(status in PERMANENT_REDIRECTS for _, status in fetched.redirects):
        return Source.LinkStatus.MOVED
    return Source.LinkStatus.LIVE


class PoliteClock:
    """Waits between two requests to the same host, one request at a time."""

    def __init__(self, delay=None):
        self.delay = settings.SOURCES_HOST_DELAY if delay is None else delay
        self.last = {}

    def wait_for(self, url):
        host = (urlsplit(url).hostname or "").lower()
        elapsed = time.monotonic() - self.last.get(host, float("-inf"))
        if elapsed < self.delay:
            time.sleep(self.delay - elapsed)
        self.last[host] = time.monotonic()
