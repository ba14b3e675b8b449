"""
Loading the demo content into the database.

Every item is matched on its natural key (a slug, or a quote's text) and only
created when missing, so loading again adds nothing and leaves editors'
changes to existing items alone. Dates are relative to the day of loading so
that the site always looks current.
"""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import zip_longest

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from cepsite.tagging import Tag, TaggedItem

from cepsite.dates import Precision, parse_partial_date
from cepsite.site.demo import archive, artwork, press_releases, reference
from cepsite.pagecache import content_changed
from cepsite.publishing import Status
from press.models import PressRelease
from quotes.models import Quote
from resources.models import Organization, Person, Resource

DAILY_DOSE_DAYS = 30
ADMIN_USERNAME = "admin"

# Press releases go out in the morning, New York time, like real ones.
PUBLISHING_TIME = datetime.time(9, 30)

_PRECISION_BY_PARTS = {1: Precision.YEAR, 2: Precision.MONTH, 3: Precision.DAY}


@dataclass
class LoadReport:
    """What one run of the loader did."""

    created: Counter = field(default_factory=Counter)
    present: Counter = field(default_factory=Counter)
    daily_doses_assigned: int = 0
    daily_dose_window: tuple = ()
    daily_dose_days_covered: int = 0
    admin_created: bool = False

    @property
    def total_created(self):
        return sum(self.created.values())

    @property
    def total_present(self):
        return sum(self.present.values())

    def count(self, kind, created):
        (self.created if created else self.present)[kind] += 1


def load_demo_content(*, admin_password):
    """Create whatever demo content is missing and the ``admin`` staff account."""
    today = timezone.localdate()
    report = LoadReport()
    tagger = _Tagger()
    with transaction.atomic():
        resources = _load_resources(today=today, report=report, tagger=tagger)
        organizations = _load_organizations(resources=resources, report=report)
        people = _load_people(
            organizations=organizations, resources=resources, report=report
        )
        quotes = _load_quotes(
            today=today,
            organizations=organizations,
            people=people,
            report=report,
            tagger=tagger,
        )
        _load_press_releases(
            today=today, resources=resources, report=report, tagger=tagger
        )
        tagger.save()
        _fill_daily_doses(quotes=quotes, today=today, report=report)
        report.admin_created = _ensure_admin(password=admin_password)
        if report.total_created or report.daily_doses_assigned:
            content_changed()
    return report


class _Tagger:
    """
    Collects the tags of newly created items and writes them in one insert.

    Tagging item by item costs several queries and a page-cache invalidation
    per tag; one bulk insert, and one invalidation for the whole load, do the
    same job in a fraction of the time.
    """

    def __init__(self):
        self.pending = []

    def tag(self, instance, names):
        self.pending.append((instance, names))

    def save(self):
        names = {name for _, item_names in self.pending for name in item_names}
        tags = {name: _tag_named(name) for name in sorted(names)}
        TaggedItem.objects.bulk_create(
            TaggedItem(content_object=instance, tag=tags[name])
            for instance, item_names in self.pending
            for name in dict.fromkeys(item_names)
        )
        self.pending = []


def _tag_named(name):
    # Tags are case-insensitive on this site: reuse "ISIS" for "isis".
    return Tag.objects.filter(name__iexact=name).first() or Tag.objects.create(
        name=name
    )


def _publication(item, *, today, default_days_ago):
    """``status`` and ``publish_at`` for an item: draft, scheduled or published."""
    if item.get("draft"):
        return {"status": Status.DRAFT, "publish_at": timezone.now()}
    if "scheduled_in_days" in item:
        day = today + datetime.timedelta(days=item["scheduled_in_days"])
    else:
        day = today - datetime.timedelta(days=item.get("days_ago", default_days_ago))
    moment = timezone.make_aware(datetime.datetime.combine(day, PUBLISHING_TIME))
    return {"status": Status.PUBLISHED, "publish_at": moment}


def _attach_image(instance, spec, *, caption_field):
    instance.image_alt = spec["alt"]
    setattr(instance, caption_field, spec.get("caption") or spec.get("credit", ""))
    instance.image.save(
        f"demo-{spec['artwork']}.jpg", artwork.lead_image(spec["artwork"])
    )


def _load_resources(*, today, report, tagger):
    resources = {}
    for item in reference.RESOURCES:
        resource, created = Resource.objects.get_or_create(
            slug=item["slug"],
            defaults={
                "title": item["title"],
                "kind": item["kind"],
                "summary": item["summary"],
                "body": item["body"].strip(),
                "featured": item.get("featured", False),
                **_publication(item, today=today, default_days_ago=365),
            },
        )
        if created:
            tagger.tag(resource, item["tags"])
            if "image" in item:
                _attach_image(resource, item["image"], caption_field="image_credit")
        report.count("resources", created)
        resources[item["slug"]] = resource
    return resources


def _load_organizations(*, resources, report):
    organizations = {}
    for item in reference.ORGANIZATIONS:
        organization, created = Organization.objects.get_or_create(
            slug=item["slug"],
            defaults={
                "name": item["name"],
                "short_name": item.get("short_name", ""),
                "aliases": "\n".join(item.get("aliases", [])),
                "profile": resources.get(item.get("profile")),
            },
        )
        report.count("organisations", created)
        organizations[item["slug"]] = organization
    return organizations


def _load_people(*, organizations, resources, report):
    people = {}
    for item in reference.PEOPLE:
        person, created = Person.objects.get_or_create(
            slug=item["slug"],
            defaults={
                "name": item["name"],
                "aliases": "\n".join(item.get("aliases", [])),
                "organization": organizations.get(item.get("organization")),
                "profile": resources.get(item.get("profile")),
            },
        )
        report.count("people", created)
        people[item["slug"]] = person
    return people


def _partial_date(text):
    """ "2014-06-29", "2014-06" or "2014" as a date and its precision."""
    if text is None:
        return None, Precision.DAY
    first_day, _ = parse_partial_date(text)
    return first_day, _PRECISION_BY_PARTS[len(text.split("-"))]


def _load_quotes(*, today, organizations, people, report, tagger):
    quotes = []
    for number, item in enumerate(archive.QUOTES):
        said_on, precision = _partial_date(item["said"])
        # Added to the archive over the past months, never before it was said.
        days_ago = 40 + 7 * number
        if said_on is not None:
            days_ago = max(1, min(days_ago, (today - said_on).days))
        quote, created = Quote.objects.get_or_create(
            text=item["text"],
            defaults={
                "kind": item["kind"],
                "person": people.get(item.get("person")),
                "organization": organizations.get(item.get("organization")),
                "role": item.get("role", ""),
                "context": item.get("context", ""),
                "said_on": said_on,
                "said_on_precision": precision,
                "source_title": item.get("source", archive.REPORTING),
                **_publication(item, today=today, default_days_ago=days_ago),
            },
        )
        if created:
            tagger.tag(quote, item["tags"])
        report.count("quotes", created)
        quotes.append(quote)
    return quotes


def _load_press_releases(*, today, resources, report, tagger):
    for item in press_releases.PRESS_RELEASES:
        release, created = PressRelease.objects.get_or_create(
            slug=item["slug"],
            defaults={
                "title": item["title"],
                "dateline": item["dateline"],
                "summary": item["summary"],
                "body": item["body"].strip(),
                "author": item.get("author", ""),
                **_publication(item, today=today, default_days_ago=30),
            },
        )
        if created:
            tagger.tag(release, item["tags"])
            release.resources.set(resources[slug] for slug in item["resources"])
            if "image" in item:
                _attach_image(release, item["image"], caption_field="image_caption")
        report.count("press releases", created)


def _interleaved_by_organization(quotes):
    """One item per organisation in turn, so no group dominates the Daily Dose."""
    groups = defaultdict(list)
    for quote in quotes:
        groups[quote.organization_id].append(quote)
    return [
        quote
        for batch in zip_longest(*groups.values())
        for quote in batch
        if quote is not None
    ]


def _fill_daily_doses(*, quotes, today, report):
    """
    Give each of the last ``DAILY_DOSE_DAYS`` days a Daily Dose, leaving days
    that already have one alone. Demo items never featured come first; after
    that, the ones featured longest ago move to the new day, so reloading on a
    later day never needs new items and never puts two on one day.
    """
    window = [
        today - datetime.timedelta(days=offset)
        for offset in range(DAILY_DOSE_DAYS - 1, -1, -1)
    ]
    report.daily_dose_window = (window[0], window[-1])
    taken = set(
        Quote.objects.filter(featured_on__in=window).values_list(
            "featured_on", flat=True
        )
    )
    # Newest first, so that today gets the head of the rotation.
    open_days = [day for day in reversed(window) if day not in taken]
    report.daily_dose_days_covered = len(taken)
    if not open_days:
        return
    # Re-read them: only public items may be featured, and featured dates may
    # have changed since the items were loaded.
    public = Quote.objects.published().in_bulk([quote.pk for quote in quotes])
    candidates = [
        public[quote.pk]
        for quote in _interleaved_by_organization(quotes)
        if quote.pk in public
    ]
    never_featured = [quote for quote in candidates if quote.featured_on is None]
    featured_before = sorted(
        (
            quote
            for quote in candidates
            if quote.featured_on and quote.featured_on < window[0]
        ),
        key=lambda quote: quote.featured_on,
    )
    for day, quote in zip(open_days, never_featured + featured_before, strict=False):
        quote.featured_on = day
        # A save, not an update, so that cached pages showing the old Daily
        # Dose are invalidated like after any other edit.
        quote.save(update_fields=["featured_on", "updated_at"])
        report.daily_doses_assigned += 1
        report.daily_dose_days_covered += 1


def _ensure_admin(*, password):
    """Make sure a staff superuser ``admin`` exists and signs in with ``password``."""
    user, created = get_user_model().objects.get_or_create(
        username=ADMIN_USERNAME, defaults={"email": "admin@example.org"}
    )
    user.is_staff = user.is_superuser = user.is_active = True
    user.set_password(password)
    user.save()
    return created
