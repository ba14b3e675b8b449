"""
The search benchmark's run: load the archive, time a bulk import, measure
every query and print the plans. ``python -m bench.search`` runs it; so can
``call_command(Command(), ...)``.
"""

import time
from datetime import UTC, date, datetime, timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils.text import slugify

from cepsite.pagecache import content_changed
from cepsite.publishing import Status
from press.models import PressRelease
from quotes.models import Category, Quote
from quotes.search import search_quotes
from resources.models import Organization, Person, Resource

from ..data import SEED, SIZES, Sizes
from ..data.loading import load
from . import api, report
from .cases import cases

SIZE_OPTIONS = ("quotes", "press", "resources", "organizations", "people", "tags")
CONTENT_MODELS = (Quote, PressRelease, Resource, Organization, Person)


class Command(BaseCommand):
    help = "Load the benchmarks' archive and measure search on it (PostgreSQL only)."

    def add_arguments(self, parser):
        defaults = SIZES["search"]
        for size in SIZE_OPTIONS:
            parser.add_argument(f"--{size}", type=int, default=getattr(defaults, size))
        parser.add_argument("--repeat", type=int, default=5)
        parser.add_argument("--seed", type=int, default=SEED)
        parser.add_argument(
            "--import-size",
            type=int,
            default=10_000,
            help="Quotes bulk-imported with the search triggers live.",
        )
        parser.add_argument(
            "--skip-load",
            action="store_true",
            help="Measure the archive already in the database.",
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Allow replacing existing content (it is all deleted).",
        )

    def handle(self, *args, **options):
        if connection.vendor != "postgresql":
            raise CommandError("The search benchmark needs PostgreSQL.")
        if not options["skip_load"]:
            self._load(options)
        _ensure_categories()
        self._bulk_import(options["import_size"])
        queries = cases() + api.cases()
        self.stdout.write(
            f"\n{len(queries)} queries, each run {options['repeat']} times after "
            "one warm-up; a run is what a view does (a count and a first page,\n"
            "plus the archive's facets).\n"
        )
        # Results kept under the content version would be measured instead of
        # the queries: with no version, nothing is kept.
        content_changed()
        timings, counts = report.measure(queries, options["repeat"])
        report.report(self.stdout, queries, timings, counts)
        api.write_ratios(self.stdout, timings)
        report.explain(self.stdout, queries)

    def _load(self, options):
        present = any(model.objects.exists() for model in CONTENT_MODELS)
        if present and not options["replace"]:
            raise CommandError(
                "The database holds content; pass --replace to delete it all."
            )
        sizes = Sizes(**{name: options[name] for name in SIZE_OPTIONS})
        started = time.perf_counter()
        load(
            sizes,
            label="search",
            seed=options["seed"],
            progress=lambda line: self.stdout.write(f"  {line}"),
        )
        self.stdout.write(f"Loaded in {time.perf_counter() - started:.1f} s")

    def _bulk_import(self, size):
        """Time a bulk import with the triggers live; say if it is searchable."""
        if not size:
            return
        organization = Organization.objects.order_by("pk").first()
        now = datetime.now(UTC)
        quotes = [
            Quote(
                text=f"Imported statement {n} on the militia and the border.",
                organization=organization,
                status=Status.PUBLISHED,
                publish_at=now - timedelta(days=1),
                said_on=date(2020, 1, 1) + timedelta(days=n % 1500),
            )
            for n in range(size)
        ]
        started = time.perf_counter()
        created = Quote.objects.bulk_create(quotes, batch_size=1_000)
        elapsed = time.perf_counter() - started
        found = search_quotes(Quote.objects.published(), f"imported {size - 1}")
        searchable = found.count() == 1
        Quote.objects.filter(pk__in=[q.pk for q in created]).delete()
        _vacuum_quotes()
        self.stdout.write(
            f"Bulk import of {size:,} quotes with triggers and indexes live: "
            f"{elapsed:.2f} s ({size / elapsed:,.0f} quotes/s); "
            f"searchable at once: {'yes' if searchable else 'NO'}"
        )


# The archive's categories of rhetoric, for the suggestions to choose from.
CATEGORY_NAMES = [
    "Pro-violence", "Anti-Israel", "Anti-American", "Anti-Western",
    "Antisemitic", "Recruitment", "Martyrdom", "Sectarian", "Anti-government",
    "Propaganda", "Threats", "Fundraising", "Pro-caliphate", "Anti-Shia",
    "Anti-Christian", "Anti-democratic", "Conspiracy", "Glorification",
]  # fmt: skip


def _ensure_categories():
    """Add the categories the archive is sorted into, if it has none yet."""
    if Category.objects.exists():
        return
    Category.objects.bulk_create(
        Category(name=name, slug=slugify(name), definition=f"{name} rhetoric.")
        for name in CATEGORY_NAMES
    )


def _vacuum_quotes():
    # The archive measured next is the one loaded, not one with the import's
    # dead rows for every scan to step over; a test's transaction allows no
    # VACUUM.
    if not connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM (ANALYZE) {Quote._meta.db_table}")
