"""
Loading the demo content: ``content.jsonl`` goes through the importer, as
any file would, and this module adds what a file of content does not say.

- Publication dates follow the calendar: the file's are as of
  ``DATES_AS_OF``, and each load moves them on by the days since.
- Organisations and people get their short names, aliases and profiles
  from ``names.json`` before the quotes that name them are imported.
- Lead images are drawn (``artwork``) under the names the file gives.
- The last ``DAILY_DOSE_DAYS`` days each get a Daily Dose.
- The staff account ``admin`` is made, an editor, if there is none; an
  existing account, its password included, is left as it is.

Loading again adds only what is missing, and leaves editors' changes to
existing items alone.
"""

import datetime
import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import zip_longest
from pathlib import Path, PurePosixPath

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from cepsite.roles import EDITORS, sync_roles
from cepsite.services import content_changed, item_save
from cepsite.site.transfer import Row, import_content, read_rows
from quotes.models import Quote
from resources.models import Organization, Person

from . import artwork
from .methodology import SECTIONS, ensure_methodology_sections

DAILY_DOSE_DAYS = 30
ADMIN_USERNAME = "admin"

CONTENT = Path(__file__).with_name("content.jsonl")
NAMES = Path(__file__).with_name("names.json")
# The day the publication dates in CONTENT were written for; each load moves
# them on by the days since, so that the site always looks current.
DATES_AS_OF = datetime.date(2026, 12, 1)
# Lead images named "demo/<palette>.jpg" in CONTENT are drawn when missing.
ARTWORK_FOLDER = "demo"


class DemoContentError(Exception):
    """The demo's own files do not import cleanly."""


class DemoAccountError(Exception):
    """The password given for a new demo account breaks the password rules."""


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

    def count(self, kind, *, created, present):
        self.created[kind] += created
        self.present[kind] += present


def load_demo_content(*, admin_password, superuser=False):
    """
    Create whatever demo content is missing, and the ``admin`` staff account
    if it is missing, signing in with ``admin_password`` (none usable if that
    is ``None``).
    """
    today = timezone.localdate()
    report = LoadReport()
    with transaction.atomic():
        report.admin_created = _ensure_admin(
            password=admin_password, superuser=superuser
        )
        rows = _dated(_read_content(), today=today)
        _draw_artwork(rows)
        new_names = _ensure_names(report)
        imported = _import(rows, report)
        _link_profiles(new_names, imported.items["resource"])
        if report.total_created:
            # Names and their profiles are written in bulk, past the services.
            content_changed()
        _fill_daily_doses(quotes=imported.items["quote"], today=today, report=report)
        created = ensure_methodology_sections()
        report.count(
            "methodology section", created=created, present=len(SECTIONS) - created
        )
    return report


def _read_content():
    rows, problems = read_rows(CONTENT)
    if problems:
        raise DemoContentError(f"{CONTENT.name}: {problems[0]}")
    return rows


def _moved(text, *, days):
    """Return the moment ``days`` after the ISO text, at the same local time."""
    moment = timezone.localtime(datetime.datetime.fromisoformat(text))
    day = moment.date() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, moment.time()))


def _dated(rows, *, today):
    """Return the rows with their publication dates moved on to ``today``."""
    days = (today - DATES_AS_OF).days
    dated = []
    for row in rows:
        values = dict(row.values)
        if values.get("publish_at"):
            values["publish_at"] = _moved(values["publish_at"], days=days).isoformat()
        dated.append(Row(row.line, values))
    return dated


def _draw_artwork(rows):
    """Put in storage each demo lead image the rows name and storage lacks."""
    for name in sorted({row.values["image"] for row in rows if "image" in row.values}):
        path = PurePosixPath(name)
        if str(path.parent) == ARTWORK_FOLDER and not default_storage.exists(name):
            default_storage.save(name, artwork.lead_image(path.stem))


def _ensure_names(report):
    """Create the missing organisations and people of ``NAMES``; return the new."""
    names = json.loads(NAMES.read_text(encoding="utf-8"))
    organizations, new_organizations = _ensure(
        Organization,
        names["organizations"],
        lambda item: {"short_name": item.get("short_name", "")},
    )
    people, new_people = _ensure(
        Person,
        names["people"],
        lambda item: {"organization": organizations.get(item.get("organization"))},
    )
    report.count(
        "organisations",
        created=len(new_organizations),
        present=len(organizations) - len(new_organizations),
    )
    report.count(
        "people", created=len(new_people), present=len(people) - len(new_people)
    )
    return {Organization: new_organizations, Person: new_people}


def _ensure(model, items, details):
    """Return the stored rows by slug, and the rows created with their items."""
    stored = model.objects.in_bulk([item["slug"] for item in items], field_name="slug")
    missing = [item for item in items if item["slug"] not in stored]
    created = model.objects.bulk_create(
        model(
            slug=item["slug"],
            name=item["name"],
            aliases="\n".join(item.get("aliases", [])),
            **details(item),
        )
        for item in missing
    )
    by_slug = {**stored, **{row.slug: row for row in created}}
    return by_slug, list(zip(created, missing, strict=True))


def _link_profiles(new_names, resources):
    """Give the organisations and people just created their profile pages."""
    by_slug = {resource.slug: resource for resource in resources}
    for model, created in new_names.items():
        linked = []
        for row, item in created:
            row.profile = by_slug.get(item.get("profile"))
            if row.profile:
                linked.append(row)
        model.objects.bulk_update(linked, ["profile"])


def _import(rows, report):
    imported = import_content(rows=rows, keep_existing=True)
    if problems := imported.errors + imported.warnings:
        raise DemoContentError(f"{CONTENT.name}: {problems[0]}")
    for kind, name in (
        ("resources", "resource"),
        ("press releases", "press"),
        ("quotes", "quote"),
    ):
        report.count(
            kind,
            created=imported.created[name],
            present=imported.updated[name] + imported.unchanged[name],
        )
    report.count("organisations", created=imported.new_organizations, present=0)
    report.count("people", created=imported.new_people, present=0)
    return imported


def _interleaved_by_organization(quotes):
    """Return the quotes one organisation after another, so none dominates."""
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
    """Give each of the last ``DAILY_DOSE_DAYS`` days without one a Daily Dose."""
    # Demo items never featured come first; after them, those featured longest
    # ago move to the new day, so that reloading on a later day never needs
    # new items and never puts two on one day.
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
        item_save(item=quote, update_fields=["featured_on", "updated_at"])
        report.daily_doses_assigned += 1
        report.daily_dose_days_covered += 1


def _ensure_admin(*, password, superuser):
    """
    Create ``admin``, a staff member in the Editors group (a superuser only
    if asked), unless an account of that name exists; return whether it was
    made. An existing account is never changed.
    """
    User = get_user_model()
    if User.objects.filter(username=ADMIN_USERNAME).exists():
        return False
    user = User(
        username=ADMIN_USERNAME,
        email="admin@example.org",
        is_staff=True,
        is_superuser=superuser,
    )
    if password is None:
        user.set_unusable_password()
    else:
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise DemoAccountError(" ".join(error.messages)) from error
        user.set_password(password)
    user.full_clean()
    user.save()
    sync_roles()
    user.groups.add(Group.objects.get(name=EDITORS))
    return True
