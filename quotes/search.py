"""
Searching the archive: quotes matching words in web-search syntax, with the
quotes of the organisations and people the words name lifted first.

:func:`search_quotes` narrows and ranks a quote queryset, so that the
archive can combine ``q`` with its other filters; :func:`first_results`
does the same for the archive's page, which counts and lists no more than
the first ``RANKED_LIMIT`` results and sums them up by organisation and year
only when they are no more than that. A quote's ``search_snippet`` is its
whole text with what matched marked: an excerpt would put words in nobody's
mouth.
"""

from functools import cached_property

from django.db.models import F, Q

from cepsite.fulltext import Snippet, matches
from cepsite.fulltext import matching as _matching
from resources.names import find_names

from .facets import Facets, category_facets

# The fields searched, by weight: A (titles, names), B, C, D (by-lines).
QUOTE_FIELDS = (
    (
        "person__name",
        "person__aliases",
        "organization__name",
        "organization__short_name",
        "organization__aliases",
    ),
    # The original words too: on PostgreSQL by exact words, in any language
    # (see the migration 0009_search_original_words).
    ("text", "original_text"),
    ("context", "role"),
    ("source_title",),
)


def speaker_boost(names):
    boost = Q()
    if names.boosted_organization_ids:
        boost |= Q(organization_id__in=names.boosted_organization_ids)
    if names.boosted_person_ids:
        boost |= Q(person_id__in=names.boosted_person_ids)
    return boost or None


def quote_matches(queryset, q, names, *, from_index=False):
    """
    The quotes of ``queryset`` that match ``q``, as
    :class:`cepsite.fulltext.Matches`; ``from_index`` as for
    :func:`cepsite.fulltext.matches`, for a search the archive's other
    filters do not narrow.
    """
    boost = speaker_boost(names)
    found = matches(
        queryset,
        q,
        QUOTE_FIELDS,
        order=(F("said_on").desc(nulls_last=True), "-pk"),
        boost=boost,
        include_boosted=names.is_name_query,
        from_index=from_index,
    )
    return found.annotate(search_snippet=Snippet("text", q, words=None))


def _search_quotes(queryset, q, names):
    """
    :func:`search_quotes`'s results, and the (key, organisation, date) of
    up to one more match than RANKED_LIMIT: read with the keys at no extra
    cost, they are enough to sum the matches up by organisation and year.
    """
    if names is None:
        names = find_names(q, using=queryset.db)
    found = quote_matches(queryset, q, names)
    rows = found.first_keys("organization_id", "said_on")
    if len(rows) > _matching.RANKED_LIMIT:
        return found.ordered(), rows
    return found.ranked([row[0] for row in rows]), rows


def search_quotes(queryset, q, *, names=None):
    """
    The quotes of ``queryset`` that match ``q``, each with ``search_snippet``
    (the whole text, what matched marked); ``queryset`` unchanged when ``q``
    is blank. Chain other filters before or after.

    Up to RANKED_LIMIT matches are ranked, most relevant first, and carry
    ``search_rank``; quotes of the organisations and people named in the
    query come first. More matches than that come newest first: ranking
    them would read them all, and a query that broad is better narrowed.
    One query finds which applies.

    When the query is nothing but a name, misspelt or not ("Katib
    Hezbolah"), all the quotes of whom it names are included. ``names`` is
    what :func:`find_names` returned for ``q``, to save looking it up again.
    """
    if not (q or "").strip():
        return queryset
    return _search_quotes(queryset, q, names)[0]


def first_results(queryset, q, *, names=None):
    """
    :func:`search_quotes` for a page that lists the first RANKED_LIMIT
    results only: a :class:`FirstResults` that knows how many match from
    the query that found whether to rank them, so counting costs nothing
    more. Filter ``queryset`` first; ``q`` must hold words.
    """
    results, rows = _search_quotes(queryset, q, names)
    return FirstResults(results, found=len(rows), rows=rows)


class FirstResults:
    """
    The results of a search, ``queryset``, for a paginator that stops at
    RANKED_LIMIT: ``count()`` counts no further, ``is_capped`` says that
    more match, and pages come from the first that many, in the queryset's
    order. Counting every match of a broad search would read them all; this
    costs at most one query that stops at the limit, none when ``found``
    (how many match, up to one more than the limit) is known already.
    """

    def __init__(self, queryset, *, found=None, rows=None):
        self.queryset = queryset
        # Read when made, so that a test may lower the limit.
        self.limit = _matching.RANKED_LIMIT
        self._known = found
        self._rows = rows

    @cached_property
    def _found(self):
        if self._known is not None:
            return self._known
        matches = self.queryset.order_by().values("pk")
        return matches[: self.limit + 1].count()

    def count(self):
        return min(self._found, self.limit)

    @property
    def is_capped(self):
        """Whether more than ``count()`` match."""
        return self._found > self.limit

    def first(self):
        """The first RANKED_LIMIT results, in order, with their annotations."""
        return self.queryset[: self.limit]

    def facets(self, *, organizations, known=()):
        """
        Every match summed up by organisation and year, as
        :class:`Facets`; empty when they are more than the limit:
        even grouping only the first that many reads every match to find
        which come first, as a count would. Costs one small query when the
        search read the matches' organisations and dates already, none when
        their organisations are ``known``.
        """
        if self.is_capped:
            return Facets.empty()
        if self._rows is not None:
            return Facets.of_rows(
                [row[1:] for row in self._rows],
                organizations=organizations,
                known=known,
            )
        return self.queryset.facets(organizations=organizations, known=known)

    def category_facets(self):
        """
        The categories of every match, counted, as :func:`category_facets`;
        none when the matches are more than the limit, as for :meth:`facets`.
        """
        if self.is_capped:
            return []
        if self._rows is not None:
            return category_facets([row[0] for row in self._rows])
        return category_facets(self.queryset.order_by().values("pk"))

    def __getitem__(self, index):
        return self.first()[index]

    def __len__(self):
        return self.count()
