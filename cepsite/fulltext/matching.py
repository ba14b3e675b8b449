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

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.db import connections
from django.db.models import Case, F, FloatField, Func, Q, TextField, Value, When
from django.db.models.functions import Concat

from cepsite.pagecache import cached_result

from .fallback import fallback_match, fallback_rank
from .keys import UnplannedSearchQuery, first_rows
from .query import fold_query, parse_query
from .snippets import CONFIG, Snippet

# Added to the rank of what belongs to the organisation or person searched
# for by name; ts_rank normalised with 32 stays below 1.
NAME_BOOST = 1.0

# Beyond this many matches, results come in the table's own order.
RANKED_LIMIT = 1_000


def tsquery(q):
    return SearchQuery(fold_query(q), config=CONFIG, search_type="websearch")


def is_postgresql(queryset):
    return connections[queryset.db].vendor == "postgresql"


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

    ``every_match`` is ``condition`` as a query that reads every match
    should put it: from the GIN index, whatever share of the table matches
    (see :class:`UnplannedSearchQuery`); ``indexed_order`` says that an
    index serves ``order``, so that a page of :meth:`ordered` stops early.
    """

    base: object
    condition: Q
    rank: object
    order: tuple
    included: Q | None = None
    every_match: Q | None = None
    indexed_order: bool = True

    @property
    def _every_match(self):
        return self.condition if self.every_match is None else self.every_match

    def _first(self, condition, fields, limit, *, planned_whole=False, rank=None):
        matching = self.base.filter(condition).order_by()
        if planned_whole and is_postgresql(matching):
            rows = first_rows(matching, limit + 1, rank=rank, fields=fields)
        else:
            expressions = () if rank is None else (rank,)
            matching = matching.values_list("pk", *expressions, *fields)
            rows = list(matching[: limit + 1])
        return rows if fields or rank is not None else [row[0] for row in rows]

    def first_keys(self, *fields, limit=None, rank=None):
        """
        The keys of up to ``limit`` + 1 matches (RANKED_LIMIT by default),
        in no particular order; with ``fields``, (key, *fields) tuples, and
        with ``rank`` too, (key, rank, *fields), the ranks read only when
        they are no more than ``limit``.
        """
        limit = RANKED_LIMIT if limit is None else limit
        if self.included is not None:
            # A group's or a person's own quotes are often more than the
            # limit by themselves, which their index tells at once; the
            # words would be found in those rows' vectors, read from the
            # table (docs/decisions/0013-search-speaker-quotes-first.md).
            rows = self._first(self.included, fields, limit)
            if len(rows) > limit:
                # Too many to rank: no rank is read.
                if rank is None:
                    return rows
                return [(row[0], None, *row[1:]) for row in rows]
        return self._first(
            self._every_match, fields, limit, planned_whole=True, rank=rank
        )

    def first_ranking(self, limit=None):
        """
        ``(keys, ranking)``: :meth:`first_keys`, and when they are no more
        than ``limit``, ``(key, rank)`` of each in the order of
        :meth:`ranked` (``None`` when there are more); one query, which
        reads each match's rank with its key when there are few enough.
        """
        limit = RANKED_LIMIT if limit is None else limit
        sorts = [_sort_of(entry) for entry in self.order]
        rows = self.first_keys(
            *(expression for expression, _, _ in sorts), limit=limit, rank=self.rank
        )
        keys = [row[0] for row in rows]
        if len(rows) > limit:
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
        """Every match in ``order`` alone, a page of which an index may serve."""
        condition = self.condition if self.indexed_order else self._every_match
        return self.base.filter(condition).order_by(*self.order)

    def annotate(self, **annotations):
        return replace(self, base=self.base.annotate(**annotations))


def matches(
    queryset,
    q,
    tiers,
    *,
    order,
    boost=None,
    include_boosted=False,
    indexed_order=True,
    from_index=False,
):
    """
    ``queryset`` narrowed to what matches ``q``, as :class:`Matches`;
    ``boost`` (a Q) lifts what it selects above the rest, and with
    ``include_boosted`` brings it in even if the words miss it.
    ``indexed_order`` says whether an index serves ``order``. With
    ``from_index``, a query that reads every match (or the first that many)
    reads them from the GIN index on PostgreSQL, however many match; without,
    the planner weighs the words against the queryset's other filters.
    """
    parsed = parse_query(q)
    base = queryset.defer("search_vector")
    if not parsed.groups:
        return Matches(base.none(), Q(), Value(0.0), order)
    if is_postgresql(queryset):
        query = tsquery(q)
        condition = every_match = Q(search_vector=query)
        if from_index:
            every_match = Q(
                search_vector=UnplannedSearchQuery(
                    fold_query(q), config=CONFIG, search_type="websearch"
                )
            )
        rank = SearchRank(F("search_vector"), query, normalization=Value(32))
    else:
        condition = every_match = fallback_match(tiers, parsed)
        rank = fallback_rank(tiers, parsed)
    included = None
    if boost is not None:
        if include_boosted:
            condition |= boost
            every_match |= boost
            included = boost
        rank = rank + Case(When(boost, then=Value(NAME_BOOST)), default=Value(0.0))
    return Matches(base, condition, rank, order, included, every_match, indexed_order)


class Found:
    """
    What matched in one table, for a paginator: ``count()`` counts the
    matches up to ``limit``, and ``is_broad`` says that more match. Up to
    that many, they are ranked by relevance, with ``search_rank``; beyond,
    the first ``limit`` in the table's own order, which an index serves.
    Counting costs one query, a page another. ``limit`` is RANKED_LIMIT
    unless :meth:`at_most` lowers it, for a glance at the first few.

    Given a ``name`` that stands for the search (the same name, the same
    table and query), the keys found, their ranking and each page read
    (a slice, with its snippets) are kept under the page cache's content
    version; another page of the same search then reads only its own rows,
    by key (docs/decisions/0029-shared-counts-and-rankings.md).
    """

    def __init__(self, matches, *, name=None, limit=None):
        self._matches = matches
        self._keys = None
        self.name = name
        self._limit = limit

    @classmethod
    def nothing(cls, queryset):
        return cls(Matches(queryset.none(), Q(), Value(0.0), ("pk",)))

    @property
    def limit(self):
        """How many matches are counted and ranked at most."""
        # Read when used, so that a test may lower RANKED_LIMIT.
        if self._limit is None:
            return RANKED_LIMIT
        return min(self._limit, RANKED_LIMIT)

    @property
    def counted_short(self):
        """Whether fewer are counted than RANKED_LIMIT: a full listing counts on."""
        return self.limit < RANKED_LIMIT

    def at_most(self, limit):
        """This search, counting and ranking no more than ``limit`` matches."""
        return Found(self._matches, name=self.name, limit=limit)

    def _first(self):
        """``(keys, ranking)``, as :meth:`Matches.first_ranking`, kept by name."""
        if self._keys is None:
            keys, ranking = self._kept()
            self._keys = keys, (None if len(keys) > self.limit else ranking)
        return self._keys

    def _kept(self):
        """
        ``(keys, ranking)`` kept under the name: what a search to this limit
        or further found, or one that found every match.
        """

        def first_ranking():
            return (*self._matches.first_ranking(self.limit), self.limit)

        keys, ranking, limit = cached_result(f"search-first:{self.name}", first_ranking)
        if limit < self.limit and len(keys) > limit:
            keys, ranking, _ = cached_result(
                f"search-first:{self.name}:{self.limit}", first_ranking
            )
        return keys, ranking

    def _first_keys(self):
        if self.name is not None:
            return self._first()[0]
        if self._keys is None:
            self._keys = self._matches.first_keys(limit=self.limit)
        return self._keys

    def count(self):
        return min(len(self._first_keys()), self.limit)

    @property
    def is_broad(self):
        return len(self._first_keys()) > self.limit

    def _results(self):
        if self.is_broad:
            return self._matches.ordered()[: self.limit]
        if self.name is None:
            return self._matches.ranked(self._first_keys())
        return self._matches.in_ranking(self._first()[1])

    def __getitem__(self, index):
        if self.name is None:
            return self._results()[index]
        if not isinstance(index, slice):
            return self._page(slice(index, index + 1 or None))[0]
        # A page is the same at every limit that ranks it, and at every one
        # that lists it in the table's order.
        order = "broad" if self.is_broad else "ranked"
        return cached_result(
            f"search-page:{self.name}:{order}:{index.start}:{index.stop}",
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
    # The summary's and the body's words are the vector's B and C (see the
    # ``*_search`` migrations).
    text_vector = Func(
        F("search_vector"),
        function="ts_filter",
        template="%(function)s(%(expressions)s, '{b,c}')",
        output_field=SearchVectorField(),
    )
    return {
        "search_title": Snippet("title", q, words=None),
        "search_snippet": Snippet(
            Concat("summary", Value(" "), "body", output_field=TextField()),
            q,
            words=30,
            html=True,
            vector=text_vector,
        ),
    }
