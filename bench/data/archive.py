"""
The rows of a generated archive, table by table, in the order they load.

Popularity is skewed as it is on the real site: a few people and
organisations say most of the quotes, a few tags label most of the content.
Quotes are dated across two decades at the precision researchers know them
to; press releases are spread evenly since ``PRESS_FIRST_YEAR``; a few items
are drafts or scheduled, and a quote a day is the Daily Dose.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from django.utils.text import slugify

from cepsite.dates import Precision, truncate_to_precision
from cepsite.publishing import Status
from cepsite.tagging import Tag, TaggedItem
from press.models import PressRelease
from quotes.models import Quote
from resources.models import Organization, Person, Resource

from . import speakers
from .sizes import SEED
from .vocabulary import (
    CITIES,
    COUNTRIES,
    DATELINES,
    MORE_TAGS,
    OUTLETS,
    QUOTE_CONTEXT,
    RESOURCE_TITLES,
    ROLES,
    TOPIC_TAGS,
)
from .writer import Writer, cumulative_zipf, sentence_case

# Press releases are spread over the years since this one; the floor page
# lists the same archive of years and months as the press list.
PRESS_FIRST_YEAR = 2012

FIRST_SAID_ON = date(2001, 1, 1)
SAID_ON_DAYS = 9000
# The Daily Dose runs this far ahead, as the editors schedule it.
DOSE_DAYS_AHEAD = 7

RESOURCE_COLUMNS = (
    "id", "title", "slug", "kind", "summary", "body", "image", "image_alt",
    "image_credit", "featured", "status", "publish_at", "created_at",
    "updated_at",
)  # fmt: skip
ORGANIZATION_COLUMNS = ("id", "name", "short_name", "slug", "aliases", "profile_id")
PERSON_COLUMNS = ("id", "name", "slug", "aliases", "organization_id", "profile_id")
QUOTE_COLUMNS = (
    "id", "kind", "text", "person_id", "role", "organization_id", "context",
    "said_on", "said_on_precision", "source_title", "source_url", "status",
    "publish_at", "featured_on", "created_at", "updated_at",
)  # fmt: skip
PRESS_COLUMNS = (
    "id", "title", "slug", "dateline", "summary", "body", "image", "image_alt",
    "image_caption", "author", "status", "publish_at", "created_at",
    "updated_at",
)  # fmt: skip


@dataclass(frozen=True)
class Table:
    """One table to fill: its model, the columns given and the rows."""

    model: type
    columns: tuple
    rows: object  # an iterable of tuples in ``columns`` order
    description: str

    @property
    def name(self):
        return self.model._meta.db_table


class DailyDose:
    """The featured dates, one a day up to a week ahead, in order."""

    def __init__(self, today, quotes):
        self.last = today + timedelta(days=DOSE_DAYS_AHEAD)
        # Up to four years, and fewer days than the quotes offered (every
        # third one) can fill, so that no day is left without a quote.
        days = min(quotes // 4, 365 * 4)
        self.next = today - timedelta(days=days - DOSE_DAYS_AHEAD - 1)

    def take(self):
        """Return the next featured date, or ``None`` once the calendar is full."""
        if self.next > self.last:
            return None
        day, self.next = self.next, self.next + timedelta(days=1)
        return day


class Archive:
    """One archive of ``sizes``: the same rows for the same seed."""

    def __init__(self, sizes, *, seed=SEED, now=None):
        self.sizes = sizes
        self.writer = Writer(seed)
        self.random = self.writer.random
        self.now = now or datetime.now(UTC)
        self.organizations = speakers.organizations(self.writer, sizes.organizations)
        self.people = speakers.people(
            self.writer, sizes.people, len(self.organizations)
        )
        self.writer.organizations = self.organizations
        self.writer.people = self.people
        self.resources = self._resources()
        self.tag_names = self._tag_names()

    def tables(self, content_types):
        """Return every table to fill, in loading order; ``content_types`` by kind."""
        sizes = self.sizes
        links = PressRelease.resources.through
        return [
            Table(Resource, RESOURCE_COLUMNS, self.resource_rows(),
                  f"resources {len(self.resources):,}"),
            Table(Organization, ORGANIZATION_COLUMNS, self.organization_rows(),
                  f"organisations {len(self.organizations):,}"),
            Table(Person, PERSON_COLUMNS, self.person_rows(),
                  f"people {len(self.people):,}"),
            Table(Quote, QUOTE_COLUMNS, self.quote_rows(),
                  f"quotes {sizes.quotes:,}"),
            Table(PressRelease, PRESS_COLUMNS, self.press_rows(),
                  f"press releases {sizes.press:,}"),
            Table(links, ("pressrelease_id", "resource_id"),
                  self.press_resource_rows(), "links"),
            Table(Tag, ("id", "name", "slug"), self.tag_rows(),
                  f"tags {len(self.tag_names):,}"),
            Table(TaggedItem, ("content_type_id", "object_id", "tag_id"),
                  self.tagged_rows(content_types), "tagged items"),
        ]  # fmt: skip

    def _status_and_date(self, moment):
        """Return a status and a publication date: a few drafts and scheduled."""
        roll = self.random.random()
        if roll < 0.02:
            return Status.DRAFT, moment
        if roll < 0.03:
            return Status.PUBLISHED, self.now + timedelta(
                days=self.random.randint(1, 60)
            )
        return Status.PUBLISHED, moment

    # Resources: a page for the busiest organisations and people, for every
    # country, then topics and reports.

    def _resources(self):
        """Return ``(kind, title)`` of every resource, in id order."""
        count = self.sizes.resources
        resources = [("group", org[0]) for org in self._profiled(self.organizations)]
        resources += [("person", person[0]) for person in self._profiled(self.people)]
        resources += [("country", c) for c in COUNTRIES][: count // 10]
        while len(resources) < count:
            kind = self.random.choice(["topic", "report", "report"])
            title = self.writer.fill(self.random.choice(RESOURCE_TITLES))
            resources.append((kind, f"{title} ({len(resources) + 1})"))
        return resources

    def _profiled(self, speakers):
        """Return the first of ``speakers``, those that have a page."""
        return speakers[: self.sizes.resources // 5]

    def _profile_id(self, kind_offset, position, speakers):
        """Return the resource id of the page of ``speakers[position]``, if any."""
        if position < len(self._profiled(speakers)):
            return kind_offset + position + 1
        return None

    def resource_rows(self):
        """Yield the resources' rows."""
        for n, (kind, title) in enumerate(self.resources, 1):
            status, publish_at = self._status_and_date(
                self.now - timedelta(days=self.random.randint(1, 3000))
            )
            yield (
                n, title, f"{slugify(title)[:180]}-{n}", kind, self.writer.summary(),
                self.writer.press_body(), "", "", "", n % 97 == 1, status,
                publish_at, self.now, self.now,
            )  # fmt: skip

    def organization_rows(self):
        """Yield the organisations' rows, with the pages of those that have one."""
        for i, (name, short, aliases) in enumerate(self.organizations):
            profile = self._profile_id(0, i, self.organizations)
            yield (
                i + 1, name, short, f"{slugify(name)}-{i + 1}", "\n".join(aliases),
                profile,
            )  # fmt: skip

    def person_rows(self):
        """Yield the people's rows, with the pages of those that have one."""
        offset = len(self._profiled(self.organizations))
        for i, (name, aliases, organization) in enumerate(self.people):
            profile = self._profile_id(offset, i, self.people)
            yield (
                i + 1, name, f"{slugify(name)}-{i + 1}", "\n".join(aliases),
                organization + 1, profile,
            )  # fmt: skip

    # Quotes: facts are an organisation's, quotes and tweets a person's.

    def _said_on(self, roll):
        """Return a date and its precision: mostly a day, some a month or year."""
        said_on = FIRST_SAID_ON + timedelta(days=self.random.randrange(SAID_ON_DAYS))
        if roll > 0.98:
            return None, Precision.DAY
        if roll < 0.03:
            precision = Precision.YEAR
        elif roll < 0.1:
            precision = Precision.MONTH
        else:
            precision = Precision.DAY
        return truncate_to_precision(said_on, precision), precision

    def _speaker(self, roll, weights):
        """Return ``(kind, person position or None, organisation position)``."""
        if roll < 0.1:
            organizations = range(len(self.organizations))
            (org,) = self.random.choices(organizations, cum_weights=weights["org"])
            return "fact", None, org
        kind = "tweet" if roll > 0.9 else "quote"
        people = range(len(self.people))
        (person,) = self.random.choices(people, cum_weights=weights["person"])
        return kind, person, self.people[person][2]

    def quote_rows(self):
        """Yield the quotes' rows."""
        weights = {
            "person": cumulative_zipf(len(self.people), 0.8),
            "org": cumulative_zipf(len(self.organizations), 0.8),
        }
        dose = DailyDose(self.now.date(), self.sizes.quotes)
        for n in range(1, self.sizes.quotes + 1):
            yield self._quote_row(n, weights, dose)

    def _quote_row(self, n, weights, dose):
        roll = self.random.random()
        said_on, precision = self._said_on(roll)
        kind, person, org = self._speaker(roll, weights)
        text = self.writer.quote_text()
        if person is None:
            text = f"{self.organizations[org][0]} {text}"
        status, publish_at = self._status_and_date(
            self.now
            - timedelta(
                days=self.random.randint(1, 3650),
                seconds=self.random.randrange(86400),
            )
        )
        featured_on = dose.take() if status == Status.PUBLISHED and n % 3 == 0 else None
        if featured_on:
            publish_at = min(publish_at, datetime.combine(featured_on, time.min, UTC))
        context = self.writer.fill(QUOTE_CONTEXT)
        source = (
            f"{sentence_case(self.random.choice(OUTLETS))}, {self.writer.pick(CITIES)}"
        )
        return (
            n, kind, text, None if person is None else person + 1,
            self.random.choice(ROLES) if person is not None else "", org + 1,
            context if roll < 0.25 else "", said_on, precision, source,
            f"https://archive.example.org/source/{n}", status, publish_at,
            featured_on, self.now, self.now,
        )  # fmt: skip

    # Press releases and what they link to.

    def press_rows(self):
        """Yield the press releases' rows, evenly spread up to now."""
        start = datetime(PRESS_FIRST_YEAR, 1, 1, 9, tzinfo=UTC)
        span = (self.now - start).total_seconds()
        count = self.sizes.press
        for n in range(1, count + 1):
            moment = start + timedelta(seconds=span * (n - 1) / count)
            status, publish_at = self._status_and_date(moment)
            title = self.writer.press_title()
            yield (
                n, title, f"{slugify(title)[:180]}-{n}",
                self.random.choice(DATELINES), self.writer.summary(),
                self.writer.press_body(), "", "", "", "Media Relations", status,
                publish_at, self.now, self.now,
            )  # fmt: skip

    def press_resource_rows(self):
        """Yield ``(press release, resource)`` links: none to a few a release."""
        resources = range(1, len(self.resources) + 1)
        for n in range(1, self.sizes.press + 1):
            for resource in self.random.sample(
                resources, self.random.choice([0, 1, 1, 2, 3])
            ):
                yield (n, resource)

    # Tags: topics, then places, then organisations, then made-up ones.

    def _tag_names(self):
        """Return the names of the tags, as many as the sizes ask, unique by slug."""
        count = self.sizes.tags
        names = {}
        candidates = [*TOPIC_TAGS, *COUNTRIES, *CITIES]
        candidates += [name for name, _, _ in self.organizations]
        for name in candidates:
            if len(names) >= count:
                break
            names.setdefault(slugify(name), name)
        while len(names) < count:
            name = self.writer.fill(self.random.choice(MORE_TAGS))
            names.setdefault(slugify(name), name)
        return list(names.values())

    def tag_rows(self):
        """Yield the tags' rows."""
        for n, name in enumerate(self.tag_names, 1):
            yield (n, name, slugify(name))

    def _tags_for(self, count, weights):
        """Return ``count`` distinct tag ids, the popular ones most often."""
        tag_ids = range(1, len(self.tag_names) + 1)
        chosen = set()
        while len(chosen) < count:
            chosen.add(self.random.choices(tag_ids, cum_weights=weights)[0])
        return chosen

    def tagged_rows(self, content_types):
        """Yield ``(content type, object id, tag id)`` for every item's tags."""
        if not self.tag_names:
            return
        weights = cumulative_zipf(len(self.tag_names), 1.0)
        plan = [
            (content_types["press"], self.sizes.press, (1, 2, 3, 4)),
            (content_types["quote"], self.sizes.quotes, (0, 1, 1, 2, 3)),
            (content_types["resource"], len(self.resources), (1, 2, 3, 4, 5)),
        ]
        for content_type, count, choices in plan:
            for object_id in range(1, count + 1):
                for tag_id in self._tags_for(self.random.choice(choices), weights):
                    yield (content_type, object_id, tag_id)
