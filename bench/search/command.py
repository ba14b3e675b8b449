"""
Measure search on a synthetic archive: ``manage.py bench_search``.

Loads an archive of the given size (1,000,000 quotes by default; see
cepsite.synthetic), times a bulk import of quotes with the search triggers
and indexes live, then runs a fixed set of realistic queries through the
functions the views call, the way the views call them (a count and a first
page, plus the archive's facets; the archive counts no more than the first
RANKED_LIMIT results of a search, and sums up only results that few), and
prints p50 and p95 per kind of query with the plans PostgreSQL chose, so
that the use of each index can be seen.
"""

import re
import statistics
import time
from datetime import UTC, date, datetime, timedelta

from django.core.management.base import BaseCommand, CommandError
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cepsite.fulltext import find_names, first_results, search_quotes, search_site
from cepsite.pagination import SitePaginator
from cepsite.publishing import Status
from cepsite.synthetic import Sizes, load
from press.models import PressRelease
from quotes.models import Quote
from quotes.views import ORGANIZATION_FACET_SIZE, ArchiveView
from resources.models import Organization, Person, Resource

ARCHIVE_PAGE = ArchiveView.paginate_by
SITE_PAGE = 10

# The targets the figures are read against, in milliseconds at p95.
TARGETS = {"names": 20, "default": 50}

WORDS = [
    "caliphate", "martyrdom", "crusaders", "jerusalem", "hostages ransom",
    "oil revenue", "drones bases", "withdrawal troops iraq", "allegiance pledge",
    "tunnel border prisoners",
]  # fmt: skip
SYNTAX = [
    '"holy war"', '"oil revenue"', "jihad -crusaders", "martyrdom or sacrifice",
    '"pledge allegiance" -iraq',
]  # fmt: skip
NAMES = [
    "Katib Hezbolah", "Daesh", "Baghdadi", "al Qaida", "Zawahri", "KH",
    "Hizbulla", "Nasralla",
]  # fmt: skip
NAME_QUOTES = ["Daesh", "Katib Hezbolah", "Baghdadi", "Askari"]
SITE = ["caliphate", "Daesh", "Katib Hezbolah", "oil sanctions", '"holy war"']

_INDEX_IN_PLAN = re.compile(
    r"(?:Index(?: Only)? Scan(?: Backward)? using|Bitmap Index Scan on) (\w+)"
)  # noqa: E501


def _typo(name):
    """The name with one letter dropped from its longest word."""
    word = max(name.split(), key=len)
    return name.replace(word, word[:2] + word[3:], 1)


def _archive(queryset, q):
    """What the archive's view does with words: count, first page, facets."""
    results = first_results(queryset, q)
    page = SitePaginator(results, ARCHIVE_PAGE).page(1)
    for quote in page.object_list:
        str(quote.search_snippet)
    results.facets(organizations=ORGANIZATION_FACET_SIZE)
    count = page.paginator.count
    return f"> {count:,}" if results.is_capped else count


def _site(q):
    results = search_site(q)
    total = 0
    for _key, queryset in results.sections:
        page = Paginator(queryset, SITE_PAGE).page(1)
        for item in page.object_list:
            str(item.search_snippet)
        total += page.paginator.count
    return total


def _names(q):
    matches = find_names(q)
    return len(matches.organizations) + len(matches.people)


class Command(BaseCommand):
    help = "Load a synthetic archive and measure search on it (PostgreSQL only)."

    def add_arguments(self, parser):
        defaults = Sizes()
        for size in ("quotes", "press", "resources", "organizations", "people"):
            parser.add_argument(f"--{size}", type=int, default=getattr(defaults, size))
        parser.add_argument("--repeat", type=int, default=5)
        parser.add_argument("--seed", type=int, default=7)
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
        self._bulk_import(options["import_size"])
        cases = self._cases()
        self.stdout.write(
            f"\n{len(cases)} queries, each run {options['repeat']} times after "
            "one warm-up; a run is what a view does (a count and a first page,\n"
            "plus the archive's facets).\n"
        )
        timings, counts = self._measure(cases, options["repeat"])
        self._report(cases, timings, counts)
        self._explain(cases)

    def _load(self, options):
        present = any(
            model.objects.exists()
            for model in (Quote, PressRelease, Resource, Organization, Person)
        )
        if present and not options["replace"]:
            raise CommandError(
                "The database holds content; pass --replace to delete it all."
            )
        sizes = Sizes(
            **{
                name: options[name]
                for name in ("quotes", "press", "resources", "organizations", "people")
            }
        )
        started = time.perf_counter()
        load(
            sizes, seed=options["seed"], progress=lambda s: self.stdout.write(f"  {s}")
        )
        self.stdout.write(f"Loaded in {time.perf_counter() - started:.1f} s")

    def _bulk_import(self, size):
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
        if not connection.in_atomic_block:
            # The archive measured next is the one loaded, not one with
            # 10,000 dead rows for every scan to step over.
            with connection.cursor() as cursor:
                cursor.execute(f"VACUUM (ANALYZE) {Quote._meta.db_table}")
        self.stdout.write(
            f"Bulk import of {size:,} quotes with triggers and indexes live: "
            f"{elapsed:.2f} s ({size / elapsed:,.0f} quotes/s); "
            f"searchable at once: {'yes' if searchable else 'NO'}"
        )

    def _cases(self):
        """(kind, label, callable) for every query, in a fixed order."""
        published = Quote.objects.published().select_related("person", "organization")
        cases = [("words", q, lambda q=q: _archive(published, q)) for q in WORDS]
        cases += [("syntax", q, lambda q=q: _archive(published, q)) for q in SYNTAX]
        synthetic = list(
            Person.objects.order_by("pk").values_list("name", flat=True)[100:102]
        ) + list(
            Organization.objects.order_by("pk").values_list("name", flat=True)[100:101]
        )
        names = NAMES + [_typo(name) for name in synthetic]
        cases += [("names", q, lambda q=q: _names(q)) for q in names]
        cases += [
            ("name quotes", q, lambda q=q: _archive(published, q)) for q in NAME_QUOTES
        ]
        cases += self._filtered_cases(published)
        cases += [("site", q, lambda q=q: _site(q)) for q in SITE]
        return cases

    def _filtered_cases(self, published):
        def org(name):
            return Organization.objects.filter(name=name).first()

        def person(name):
            return Person.objects.filter(name=name).first()

        filters = [
            ("ISIS 2014-2017", "caliphate",
             lambda: published.by_organization(org("ISIS")).in_period(
                 date(2014, 1, 1), date(2017, 12, 31))),
            ("KH 2019-2020", "americans",
             lambda: published.by_organization(org("Kata'ib Hezbollah")).in_period(
                 date(2019, 1, 1), date(2020, 12, 31))),
            ("al-Baghdadi", "rome",
             lambda: published.by_person(person("Abu Bakr al-Baghdadi"))),
            ("al-Qaeda 2001-2011", "america",
             lambda: published.by_organization(org("al-Qaeda")).in_period(
                 date(2001, 1, 1), date(2011, 12, 31))),
            ("facts 2015", "oil",
             lambda: published.filter(kind=Quote.Kind.FACT).in_period(
                 date(2015, 1, 1), date(2015, 12, 31))),
        ]  # fmt: skip
        return [
            ("filtered", f"{q} [{label}]", lambda q=q, f=f: _archive(f(), q))
            for label, q, f in filters
        ]

    def _measure(self, cases, repeat):
        timings, counts = {}, {}
        for kind, label, run in cases:
            counts[(kind, label)] = run()
            runs = []
            for _ in range(repeat):
                started = time.perf_counter()
                run()
                runs.append((time.perf_counter() - started) * 1000)
            timings.setdefault(kind, []).extend(runs)
            timings[(kind, label)] = runs
        return timings, counts

    def _report(self, cases, timings, counts):
        self.stdout.write(
            f"{'query':<44} {'kind':<12} {'found':>9} {'p50':>8} {'max':>8}"
        )
        for kind, label, _ in cases:
            runs = timings[(kind, label)]
            found = counts[(kind, label)]
            found = found if isinstance(found, str) else f"{found:,}"
            self.stdout.write(
                f"{label[:44]:<44} {kind:<12} {found:>9} "
                f"{statistics.median(runs):>6.1f}ms {max(runs):>6.1f}ms"
            )
        self.stdout.write(
            f"\n{'kind':<12} {'runs':>5} {'p50':>9} {'p95':>9} {'target':>8}"
        )
        for kind in dict.fromkeys(kind for kind, _, _ in cases):
            runs = sorted(timings[kind])
            p95 = statistics.quantiles(runs, n=20, method="inclusive")[18]
            target = TARGETS.get(kind, TARGETS["default"])
            verdict = "ok" if p95 < target else "MISSED"
            self.stdout.write(
                f"{kind:<12} {len(runs):>5} {statistics.median(runs):>7.1f}ms "
                f"{p95:>7.1f}ms {target:>5}ms {verdict}"
            )

    def _explain(self, cases):
        """The plans of the statements behind the first query of each kind."""
        self.stdout.write("\nPlans (EXPLAIN ANALYZE) of the first query of each kind:")
        seen = set()
        for kind, label, run in cases:
            if kind in seen:
                continue
            seen.add(kind)
            # The log keeps a bounded number of queries; a full one would
            # leave nothing to capture.
            connection.queries_log.clear()
            with CaptureQueriesContext(connection) as captured:
                run()
            self.stdout.write(f"\n== {kind}: {label}")
            for statement in captured.captured_queries:
                sql = statement["sql"]
                with connection.cursor() as cursor:
                    cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
                    plan = [row[0] for row in cursor.fetchall()]
                indexes = sorted(set(_INDEX_IN_PLAN.findall("\n".join(plan))))
                used = ", ".join(indexes) or "none"
                self.stdout.write(f"-- {sql[:110]}...\n   indexes used: {used}")
                for line in plan:
                    self.stdout.write(f"   {line}")
