"""
Matching a query in one table, and ranking what matched.

Up to RANKED_LIMIT matches are ranked, most relevant first, each with
``search_rank`` (higher is better). Ranking reads every match (its vector,
on PostgreSQL), so a query that matches more lists them in the table's own
order instead, a page of which an index serves at once. One query that stops
at the limit tells which case applies, and, when the matches are few, which
rows to rank (see docs/decisions/0003-search-cap.md).

On PostgreSQL each searched table has a ``search_vector`` column, filled by
a trigger (see the ``*_search`` migrations), with a GIN index. On other
databases every term is matched case-insensitively in the same fields, and
ranked by which field matched.
"""

from dataclasses import dataclass, replace

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Case, F, FloatField, Q, TextField, Value, When
from django.db.models.functions import Concat

from cepsite.pagecache import cached_result

from .query import fold_query, parse_query
from .snippets import CONFIG, Snippet

# ts_rank's default weights for D, C, B, A, listed here A first.
WEIGHTS = (1.0, 0.4, 0.2, 0.1)

# Added to the rank of what belongs to the organisation or person searched
# for by name; ts_rank normalised with 32 stays below 1.
NAME_BOOST = 1.0

# Beyond this many matches, results come in the table's own order.
RANKED_LIMIT = 1_000


def tsquery(q):
    return SearchQuery(fold_query(q), config=CONFIG, search_type="websearch")


def is_postgresql(queryset):
    return connections[queryset.db].vendor == "postgresql"


def _any_field(fields, term):
    condition = Q()
    for name in fields:
        condition |= Q(**{f"{name}__icontains": term})
    return condition


def _fallback_match(tiers, parsed):
    """Every group of terms in some field, no excluded term in any."""
    fields = [name for tier in tiers for name in tier]
    condition = Q()
    for group in parsed.groups:
        either = Q()
        for term in group:
            either |= _any_field(fields, term)
        condition &= either
    for term in parsed.excluded:
        condition &= ~_any_field(fields, term)
    return condition


def _fallback_rank(tiers, parsed):
    """A weight for each tier of fields where any of the terms appears."""
    rank = Value(0.0)
    for weight, tier in zip(WEIGHTS, tiers, strict=True):
        if not tier:
            continue
        hit = Q()
        for term in parsed.terms:
            hit |= _any_field(tier, term)
        rank = rank + Case(When(hit, then=Value(weight)), default=Value(0.0))
    return rank


def _first_rows_planned_whole(queryset, limit):
    """
    The first ``limit`` rows of ``queryset`` (a ``values_list()`` without
    order), read as PostgreSQL reads every row: from the GIN index.

    Told that a few rows will do, the planner expects a sequential scan to
    find them soonest, not counting that matching each row means reading its
    search vector. A materialised CTE is planned on its own, for all its
    rows, and still read lazily, so the scan stops at ``limit`` all the same
    (docs/decisions/0004-search-materialised-cte.md). The ORM cannot say
    ``MATERIALIZED``, so this one query is written in SQL.
    """
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:
        # A condition that can match nothing, such as an empty query.
        return []
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(
            f"WITH matching AS MATERIALIZED ({sql}) SELECT * FROM matching LIMIT %s",
            (*params, limit),
        )
        return [tuple(row) for row in cursor.fetchall()]


def _sort_of(entry):
    """``(expression, descending, nulls last)`` of an ``order_by()`` entry."""
    if isinstance(entry, str):
        return F(entry.removeprefix("-")), entry.startswith("-"), True
    return entry.expression, entry.descending, entry.nulls_last is not False


def _in_order(rows, sorts):
    """
    ``rows`` of (key, rank, *values of ``sorts``) as ``ORDER BY rank DESC``
    then ``sorts`` would give them; each pass is stable, the last one first.
    """
    rows = list(rows)
    for position in reversed(range(len(sorts))):
        _, descending, _ = sorts[position]
        column = position + 2
        present = [row for row in rows if row[column] is not None]
        missing = [row for row in rows if row[column] is None]
        present.sort(key=lambda row, column=column: row[column], reverse=descending)
        rows = present + missing
    rows.sort(key=lambda row: row[1], reverse=True)
    return rows


@dataclass(frozen=True)
class Matches:
    """
    What matches a query in one table, not yet ordered: the rows of
    ``base`` that meet ``condition``; ``rank`` scores them, ``order`` breaks
    ties (and orders them all when they are too many to rank).

    :meth:`first_keys` finds, in one query that stops early, whether few
    enough match to be ranked, and which: the ranking then reads those rows
    by key rather than searching again.

    ``included`` (a Q, part of ``condition``) selects rows that match
    whatever the words: the quotes of the group or person a query names.
    """

    base: object
    condition: Q
    rank: object
    order: tuple
    included: Q | None = None

    def _first(self, condition, fields, *, planned_whole=False):
        matching = self.base.filter(condition).order_by()
        if fields:
            matching = matching.values_list("pk", *fields)
        else:
            matching = matching.values_list("pk", flat=True)
        if planned_whole and is_postgresql(matching):
            rows = _first_rows_planned_whole(matching, RANKED_LIMIT + 1)
            return rows if fields else [row[0] for row in rows]
        return list(matching[: RANKED_LIMIT + 1])

    def first_keys(self, *fields):
        """
        The keys of up to RANKED_LIMIT + 1 matches, in no particular order;
        with ``fields``, (key, *fields) tuples.
        """
        if self.included is not None:
            # A group's or a person's own quotes are often more than the
            # limit by themselves, which their index tells at once; the
            # words would be found in those rows' vectors, read from the
            # table (docs/decisions/0013-search-speaker-quotes-first.md).
            rows = self._first(self.included, fields)
            if len(rows) > RANKED_LIMIT:
                return rows
        return self._first(self.condition, fields, planned_whole=True)

    def first_ranking(self):
        """
        ``(keys, ranking)``: :meth:`first_keys`, and when they are no more
        than RANKED_LIMIT, ``(key, rank)`` of each in the order of
        :meth:`ranked` (``None`` when there are more); one query, which
        reads each match's rank with its key.
        """
        sorts = [_sort_of(entry) for entry in self.order]
        rows = self.first_keys(self.rank, *(expression for expression, _, _ in sorts))
        keys = [row[0] for row in rows]
        if len(rows) > RANKED_LIMIT:
            return keys, None
        return keys, [(row[0], row[1]) for row in _in_order(rows, sorts)]

    def ranked(self, keys):
        """The rows of ``keys``, most relevant first, with ``search_rank``."""
        return (
            self.base.filter(pk__in=keys)
            .annotate(search_rank=self.rank)
            .order_by("-search_rank", *self.order)
        )

    def in_ranking(self, ranking):
        """
        The rows of ``ranking``, (key, rank) pairs in the order
        :meth:`ranked` gave them, in that order and each with its
        ``search_rank``: a page of a ranking read before.
        """
        if not ranking:
            return self.base.none()
        rank = Case(
            *(When(pk=key, then=Value(score)) for key, score in ranking),
            default=Value(0.0),
            output_field=FloatField(),
        )
        return (
            self.base.filter(pk__in=[key for key, _ in ranking])
            .annotate(search_rank=rank)
            .order_by("-search_rank", *self.order)
        )

    def ordered(self):
        """Every match in ``order`` alone, which an index can serve a page of."""
        return self.base.filter(self.condition).order_by(*self.order)

    def annotate(self, **annotations):
        return replace(self, base=self.base.annotate(**annotations))


def matches(queryset, q, tiers, *, order, boost=None, include_boosted=False):
    """
    ``queryset`` narrowed to what matches ``q``, as :class:`Matches`;
    ``boost`` (a Q) lifts what it selects above the rest, and with
    ``include_boosted`` brings it in even if the words miss it.
    """
    parsed = parse_query(q)
    base = queryset.defer("search_vector")
    if not parsed.groups:
        return Matches(base.none(), Q(), Value(0.0), order)
    if is_postgresql(queryset):
        query = tsquery(q)
        condition = Q(search_vector=query)
        rank = SearchRank(F("search_vector"), query, normalization=Value(32))
    else:
        condition = _fallback_match(tiers, parsed)
        rank = _fallback_rank(tiers, parsed)
    included = None
    if boost is not None:
        if include_boosted:
            condition |= boost
            included = boost
        rank = rank + Case(When(boost, then=Value(NAME_BOOST)), default=Value(0.0))
    return Matches(base, condition, rank, order, included)


class Found:
    """
    What matched in one table, for a paginator: ``count()`` counts the
    matches up to RANKED_LIMIT, and ``is_broad`` says that more match. Up
    to that many, they are ranked by relevance, with ``search_rank``;
    beyond, the first RANKED_LIMIT in the table's own order, which an index
    serves. Counting costs one query, a page another.

    Given a ``name`` that stands for the search (the same name, the same
    table and query), the keys found, their ranking and each page read
    (a slice, with its snippets) are kept under the page cache's content
    version; another page of the same search then reads only its own rows,
    by key (docs/decisions/0029-shared-counts-and-rankings.md).
    """

    def __init__(self, matches, *, name=None):
        self._matches = matches
        self._keys = None
        self.name = name

    @classmethod
    def nothing(cls, queryset):
        return cls(Matches(queryset.none(), Q(), Value(0.0), ("pk",)))

    def _first(self):
        """``(keys, ranking)``, as :meth:`Matches.first_ranking`, kept by name."""
        if self._keys is None:
            self._keys = cached_result(
                f"search:{self.name}", self._matches.first_ranking
            )
        return self._keys

    def _first_keys(self):
        if self.name is not None:
            return self._first()[0]
        if self._keys is None:
            self._keys = self._matches.first_keys()
        return self._keys

    def count(self):
        return min(len(self._first_keys()), RANKED_LIMIT)

    @property
    def is_broad(self):
        return len(self._first_keys()) > RANKED_LIMIT

    def _results(self):
        if self.is_broad:
            return self._matches.ordered()[:RANKED_LIMIT]
        if self.name is None:
            return self._matches.ranked(self._first_keys())
        return self._matches.in_ranking(self._first()[1])

    def __getitem__(self, index):
        if self.name is None:
            return self._results()[index]
        if not isinstance(index, slice):
            return self._page(slice(index, index + 1 or None))[0]
        return cached_result(
            f"search-page:{self.name}:{index.start}:{index.stop}",
            lambda: list(self._page(index)),
        )

    def _page(self, index):
        if self.is_broad:
            return self._results()[index]
        return self._matches.in_ranking(self._first()[1][index])

    def __iter__(self):
        return iter(self._results())

    def __len__(self):
        return self.count()


def page_snippets(q):
    """A titled page's ``search_title`` and ``search_snippet`` (its text)."""
    return {
        "search_title": Snippet("title", q, words=None),
        "search_snippet": Snippet(
            Concat("summary", Value(" "), "body", output_field=TextField()),
            q,
            words=30,
            html=True,
        ),
    }
