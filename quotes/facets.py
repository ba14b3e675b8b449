"""
An archive result summed up: its busiest organisations and its years, from
one grouped count that the archive-order indexes answer.
"""

from collections import Counter
from dataclasses import dataclass
from functools import cached_property, partial

from django.db.models import Count
from django.db.models.functions import ExtractYear

from cepsite.fulltext import matching as _matching
from cepsite.pagecache import cached_result
from resources.models import Organization


class YearOf(ExtractYear):
    """
    The year of a date, as ``ExtractYear``; on PostgreSQL by ``date_part``,
    cheaper per row than ``EXTRACT`` (docs/decisions/0006-archive-counts.md).
    """

    def as_postgresql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.lhs)
        return f"CAST(date_part('year', {sql}) AS integer)", params


def category_facets(quotes):
    """
    ``{"slug", "name", "count"}`` for each category of the ``quotes`` (a
    queryset, or a list of keys), busiest first; one query.
    """
    # quotes.models imports this module.
    from .models import Category

    return list(
        Category.objects.filter(quotes__in=quotes)
        .annotate(count=Count("quotes"))
        .order_by("-count", "name")
        .values("slug", "name", "count")
    )


# What an organisation facet shows of an organisation.
_FACET_FIELDS = ("pk", "slug", "name", "short_name")


@dataclass(frozen=True)
class Totals:
    """
    How many items each organisation has (by key; items of none are not
    listed) and each year (``None``: undated).
    """

    by_organization: dict
    by_year: dict

    @classmethod
    def of_counts(cls, counts):
        """
        The totals of (organisation key, year, number of items) triples, as
        :meth:`QuoteQuerySet.counts_by_organization_and_year` gives them.
        """
        by_organization, by_year = Counter(), Counter()
        for key, year, number in counts:
            if key is not None:
                by_organization[key] += number
            by_year[year] += number
        return cls(dict(by_organization), dict(by_year))

    @property
    def count(self):
        return sum(self.by_year.values())


@dataclass(frozen=True)
class Facets:
    """
    A result summed up: the organisations with the most items (and
    whether others have some too) and the items of each year, newest first
    with undated items last.
    """

    organizations: list
    more_organizations: bool
    years: list

    @classmethod
    def empty(cls):
        return cls(organizations=[], more_organizations=False, years=[])

    @classmethod
    def of_counts(cls, counts, *, organizations, known=()):
        """
        The facets of (organisation key, year, number of items) triples, as
        :meth:`QuoteQuerySet.counts_by_organization_and_year` gives them
        (see :meth:`of_totals`).
        """
        return cls.of_totals(
            Totals.of_counts(counts), organizations=organizations, known=known
        )

    @classmethod
    def of_totals(cls, totals, *, organizations, known=()):
        """
        The facets of :class:`Totals`, with at most ``organizations``
        organisations; one query for their names, none when every
        organisation counted is among ``known`` (organisations already read,
        such as the one filtered by).
        """
        by_organization, by_year = totals.by_organization, totals.by_year
        names = [
            {field: getattr(organization, field) for field in _FACET_FIELDS}
            for organization in known
            if organization is not None and organization.pk in by_organization
        ]
        # Only the busiest can be listed: ties at the last place are sorted
        # by name, so every organisation with as many items is read.
        busiest = sorted(by_organization.values(), reverse=True)[:organizations]
        least = busiest[-1] if busiest else 0
        candidates = {key for key, n in by_organization.items() if n >= least}
        unknown = candidates - {row["pk"] for row in names}
        if unknown:
            names += Organization.objects.filter(pk__in=unknown).values(*_FACET_FIELDS)
        counted = sorted(
            (
                {
                    "slug": row["slug"],
                    "name": row["name"],
                    "short_name": row["short_name"],
                    "count": by_organization[row["pk"]],
                }
                for row in names
            ),
            key=lambda row: (-row["count"], row["name"]),
        )
        years = sorted(
            by_year.items(), key=lambda item: (item[0] is None, -(item[0] or 0))
        )
        return cls(
            organizations=counted[:organizations],
            more_organizations=len(by_organization) > organizations,
            years=[{"year": year, "count": count} for year, count in years],
        )

    @classmethod
    def of_rows(cls, rows, *, organizations, known=()):
        """The facets of items given as (organisation key, date) pairs."""
        counts = Counter(
            (key, said_on.year if said_on else None) for key, said_on in rows
        )
        return cls.of_counts(
            [(key, year, number) for (key, year), number in counts.items()],
            organizations=organizations,
            known=known,
        )


class Summarised:
    """
    Quotes for a paginator, counted and summed up by organisation and year
    in one grouped query: an index-only scan of the matching rows, where a
    count and two facets would each scan them again. Slicing reads pages
    from ``queryset``, in its order.

    Given a ``name`` that stands for what selects ``queryset`` (the same
    name, the same rows), the counts and the category facets are kept under
    the page cache's content version: exact, and read once per change of
    content rather than once a page (docs/decisions/0029-shared-counts-and-rankings.md).

    Given ``tallied``, the ``kind`` and ``organization`` (``None``: any)
    that alone narrow the published archive to ``queryset``, the counts are
    read from the tallies instead of counting the items
    (docs/decisions/0031-archive-tallies.md).
    """

    def __init__(self, queryset, *, name=None, tallied=None):
        self.queryset = queryset
        self.name = name
        self.tallied = tallied
        # Read when made, so that a test may lower the limit.
        self.limit = _matching.RANKED_LIMIT

    def _shared(self, part, compute):
        """
        ``compute()``, kept under the content version when the result has a
        ``name`` (what selects these quotes): every page of a result, and
        every reader of it, asks for the same counts.
        """
        if self.name is None:
            return compute()
        return cached_result(f"archive-{part}:{self.name}", compute)

    @cached_property
    def _totals(self):
        if self.tallied is not None:
            totals = self.queryset.model.objects.tallied_totals
            return self._shared("totals", partial(totals, **self.tallied))
        return self._shared(
            "totals",
            lambda: Totals.of_counts(self.queryset.counts_by_organization_and_year()),
        )

    @property
    def total(self):
        """How many items there are: every one is counted."""
        return self._totals.count

    @property
    def is_listed_in_part(self):
        """Whether only the first ``limit`` of more items are listed."""
        return self.total > self.limit

    def count(self):
        """
        How many the pages list: every item, up to ``limit``. A page deeper
        in the list would make the database walk past every item before it
        (docs/decisions/0032-archive-counts-capped.md).
        """
        return min(self.total, self.limit)

    def facets(self, *, organizations, known=()):
        """The :class:`Facets`, from the same query as the count."""
        return Facets.of_totals(self._totals, organizations=organizations, known=known)

    def category_facets(self):
        """The categories of these quotes, counted: one query."""
        if self.tallied is not None and self.tallied["organization"] is None:
            quotes = self.queryset.model.objects
            compute = partial(quotes.tallied_category_facets, kind=self.tallied["kind"])
        else:
            compute = partial(category_facets, self.queryset.order_by().values("pk"))
        return self._shared("categories", compute)

    def __getitem__(self, index):
        return self.queryset[: self.limit][index]

    def __len__(self):
        return self.count()
