"""
What ``manage.py capture_sources`` and ``check_sources`` do, source by
source, with a summary: each run may be repeated, from cron or a compose
service, and only does what is left to do.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import F
from django.utils import timezone

from .. import services
from ..models import Source
from .capture import sha256, warc_bytes
from .fetching import FetchError, RefusedAddress, fetch
from .links import PoliteClock, link_status


@dataclass
class Summary:
    """How many sources ended how, and a line for each that failed."""

    counts: Counter = field(default_factory=Counter)
    problems: list = field(default_factory=list)

    def failed(self, source, outcome, reason):
        self.counts[outcome] += 1
        self.problems.append(f"source {source.pk} ({source.url}): {reason}")

    def line(self):
        if not self.counts:
            return "nothing to do"
        return ", ".join(f"{n} {outcome}" for outcome, n in sorted(self.counts.items()))


def sources_to_capture(*, quote=None):
    """The sources with a URL to capture: never captured, or all of ``quote``'s."""
    sources = Source.objects.exclude(url="").order_by("pk")
    if quote is not None:
        return sources.filter(quote=quote)
    return sources.filter(captured_at__isnull=True)


def sources_to_check(*, quote=None, limit=None):
    """The sources with a URL, the longest unchecked first, at most ``limit``."""
    sources = Source.objects.exclude(url="")
    if quote is not None:
        sources = sources.filter(quote=quote)
    sources = sources.order_by(F("checked_at").asc(nulls_first=True), "pk")
    return sources[: limit or settings.SOURCES_CHECK_LIMIT]


def capture(sources):
    """Fetch and store a WARC copy of each source; return the :class:`Summary`."""
    summary = Summary()
    clock = PoliteClock()
    for source in sources:
        clock.wait_for(source.url)
        try:
            fetched = fetch(source.url)
        except RefusedAddress as error:
            summary.failed(source, "refused", error)
            continue
        except FetchError as error:
            summary.failed(source, "failed", error)
            continue
        if fetched.status >= 400:
            summary.failed(source, "failed", f"the server answered {fetched.status}.")
            continue
        now = timezone.now()
        warc = warc_bytes(fetched, captured_at=now)
        services.source_capture_store(
            source=source, warc=warc, sha256=sha256(warc), captured_at=now
        )
        summary.counts["captured"] += 1
    return summary


def check(sources):
    """Record each source's link status; return the :class:`Summary`."""
    summary = Summary()
    clock = PoliteClock()
    for source in sources:
        clock.wait_for(source.url)
        try:
            status = link_status(source.url)
        except RefusedAddress as error:
            summary.failed(source, "refused", error)
            continue
        services.source_link_record(source=source, status=status)
        summary.counts[Source.LinkStatus(status).value] += 1
    return summary
