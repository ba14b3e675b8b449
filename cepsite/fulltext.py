"""
Full-text search over press releases, quotes and resources.

The public surface is small:

- :func:`search_quotes` narrows and ranks a quote queryset, so that the
  archive can combine ``q`` with its other filters;
- :func:`first_results` does the same for the archive's page, which
  counts and lists no more than the first RANKED_LIMIT results;
- :func:`search_site` gives each kind of content ranked, ready to paginate,
  with the organisations and people whose names match;
- :func:`find_names` (from :mod:`cepsite.names`) finds organisations and
  people by name, short name or alias, tolerating typos;
- :func:`highlight` marks the query's words in any text, escaped.

Every result carries ``search_snippet``: where the words matched, as HTML
that is safe to print (the text is escaped, only the ``<mark>`` elements are
markup); a quote's is its whole text.

Up to RANKED_LIMIT matches are ranked, most relevant first, each with
``search_rank`` (higher is better). Ranking reads every match, so a query
that matches more (a common word in a million quotes) lists them newest
first instead, a page of which an index serves at once; the site search
counts no further than the limit. One query that stops at the limit tells
which case applies, and, when the matches are few, which rows to rank. The
archive likewise counts and lists no more than the first RANKED_LIMIT
results of a search (:class:`FirstResults`), and sums them up by
organisation and year only when they are no more than that.

On PostgreSQL, each table has a ``search_vector`` column, filled by a trigger
on every insert and update (see the ``*_search`` migrations), with a GIN
index; the text search configuration ``cep_english`` stems English and folds
accents, and ``cep_fold`` drops apostrophes on both sides, so that "Kata'ib",
"Kata’ib" and "Kataib" are one word. Queries use web search syntax
("quoted phrases", ``-exclude``, ``or``). Titles and names weigh more than
summaries, which weigh more than bodies.

On other databases (the SQLite quick start) the same calls match every term
case-insensitively in the same fields and rank by which field matched.
"""

import re
from dataclasses import dataclass, field, replace
from functools import cached_property
from html import unescape

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import (
    Case,
    Expression,
    F,
    Q,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Concat
from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe

from cepsite.names import (
    MAX_QUERY_LENGTH,
    NameMatches,
    ParsedQuery,
    find_names,
    parse_query,
)
from press.models import PressRelease
from quotes.models import Facets, Quote
from resources.models import Organization, Resource

__all__ = [
    "FirstResults",
    "SiteResults",
    "Snippet",
    "first_results",
    "find_names",
    "highlight",
    "search_quotes",
    "search_site",
]

CONFIG = "cep_english"

# ts_headline marks matches with these; no text keeps them (they are removed
# from the source first), so after escaping they can only be our markers.
MARK_START, MARK_STOP = "\x02", "\x03"

# ts_headline drops whatever its parser takes for an HTML tag, and a quote
# that reads "<script>" must show it. The brackets stand in for themselves
# as these while the database reads the text.
LT, GT = "\x04", "\x05"

_APOSTROPHES = str.maketrans("", "", "'\u2019\u2018\u02bc\u0060\u00b4")
_INNER_HYPHEN = re.compile(r"(?<=\w)-(?=\w)")
_TAG = re.compile(r"<[^>]*>")

# The fields searched, by weight: A (titles, names), B, C, D (by-lines).
QUOTE_FIELDS = (
    (
        "person__name",
        "person__aliases",
        "organization__name",
        "organization__short_name",
        "organization__aliases",
    ),
    ("text",),
    ("context", "role"),
    ("source_title",),
)
PRESS_FIELDS = (("title",), ("summary",), ("body",), ("dateline",))
RESOURCE_FIELDS = (("title",), ("summary",), ("body",), ())

# ts_rank's default weights for D, C, B, A, listed here A first.
WEIGHTS = (1.0, 0.4, 0.2, 0.1)

# Added to the rank of what belongs to the organisation or person searched
# for by name; ts_rank normalised with 32 stays below 1.
NAME_BOOST = 1.0

# Ranking reads every match (its vector, on PostgreSQL), which a query
# matching tens of thousands of quotes cannot afford; beyond this many
# matches, results come in the table's own order, which an index serves.
RANKED_LIMIT = 1_000


def fold_query(q):
    """
    The query as the database should read it: apostrophes dropped, as in
    the documents, and hyphens inside words made spaces, so that
    "al-Baghdadi" finds "al Baghdadi" too.
    """
    text = (q or "")[:MAX_QUERY_LENGTH].translate(_APOSTROPHES)
    return _INNER_HYPHEN.sub(" ", text)


def _tsquery(q):
    return SearchQuery(fold_query(q), config=CONFIG, search_type="websearch")


def _is_postgresql(queryset):
    return connections[queryset.db].vendor == "postgresql"


# Highlighting ---------------------------------------------------------------


def _term_pattern(parsed):
    terms = sorted(
        {w for term in parsed.terms for w in term.split()}, key=len, reverse=True
    )
    if not terms:
        return None
    return re.compile("|".join(re.escape(term) for term in terms), re.IGNORECASE)


def _window(text, pattern, words):
    """About ``words`` words of ``text``, starting a little before a match."""
    tokens = list(re.finditer(r"\S+", text))
    if len(tokens) <= words:
        return text
    first = pattern.search(text) if pattern else None
    index = 0
    if first:
        index = next(i for i, t in enumerate(tokens) if t.end() > first.start())
    start = max(0, min(index - words // 3, len(tokens) - words))
    end = start + words
    excerpt = text[tokens[start].start() : tokens[end - 1].end()]
    return ("… " if start else "") + excerpt + (" …" if end < len(tokens) else "")


def highlight(text, q, *, words=None, html=False):
    """
    ``text`` with the words of the query ``q`` in ``<mark>``, everything else
    escaped, as a safe string. ``words`` cuts it to about that many words
    around the first match; ``html`` reads ``text`` as rich text and keeps
    only its words. Matching is by case-insensitive substring, the simple
    reading that serves titles and the SQLite fallback alike.
    """
    text = text or ""
    if html:
        text = " ".join(unescape(strip_tags(text)).split())
    parsed = q if isinstance(q, ParsedQuery) else parse_query(q)
    pattern = _term_pattern(parsed)
    if words:
        text = _window(text, pattern, words)
    if pattern is None:
        return mark_safe(escape(text))
    pieces, position = [], 0
    for match in pattern.finditer(text):
        pieces.append(escape(text[position : match.start()]))
        pieces.append(f"<mark>{escape(match.group())}</mark>")
        position = match.end()
    pieces.append(escape(text[position:]))
    return mark_safe("".join(pieces))


def _tidy_spaces(text, *, keep_lines):
    """Runs of spaces made one; line breaks kept (for ``linebreaks``) or not."""
    if keep_lines:
        return "\n".join(" ".join(line.split()) for line in text.strip().splitlines())
    return " ".join(text.split())


def _markup_headline(value, html, keep_lines):
    value = value.replace(LT, "<").replace(GT, ">")
    if html:
        value = unescape(value)
    value = _tidy_spaces(value, keep_lines=keep_lines)
    marked = escape(value).replace(MARK_START, "<mark>").replace(MARK_STOP, "</mark>")
    return mark_safe(marked)


class Snippet(Expression):
    """
    Where the query matched in ``source``, as safe HTML with ``<mark>``.

    On PostgreSQL this is ts_headline, which finds stems and folded words
    ("martyrs" marks "martyrdom"); it only runs for the rows fetched, so a
    page of results costs a page of headlines. Elsewhere the words are found
    in Python. ``words`` is the length of the excerpt; ``None`` marks the
    whole text and keeps its line breaks, which is how a quote is shown: an
    excerpt would put words in nobody's mouth. ``html`` says the source is
    rich text: its tags are dropped and its entities decoded before escaping.
    """

    output_field = TextField()

    def __init__(self, source, q, *, words=30, html=False):
        super().__init__()
        self.source = F(source) if isinstance(source, str) else source
        self.q = q
        self.words = words
        self.html = html

    def get_source_expressions(self):
        return [self.source]

    def set_source_expressions(self, exprs):
        (self.source,) = exprs

    def as_sql(self, compiler, connection):
        return compiler.compile(self.source)

    def as_postgresql(self, compiler, connection):
        sql, params = compiler.compile(self.source)
        if self.html:
            sql = f"regexp_replace({sql}, '<[^>]*>', ' ', 'g')"
        options = f'StartSel="{MARK_START}", StopSel="{MARK_STOP}", '
        if self.words:
            options += f"MaxWords={self.words}, MinWords={max(5, self.words // 2)}"
        else:
            options += "HighlightAll=true"
        # The folded query finds the words; the unfolded one, apostrophes
        # read as spaces, also marks "Kata'ib" in the original text, which
        # the headline shows unfolded.
        headline = (
            f"ts_headline(%s::regconfig, translate({sql}, %s, %s), "
            f"websearch_to_tsquery(%s::regconfig, %s) "
            f"|| websearch_to_tsquery(%s::regconfig, %s), %s)"
        )
        unfolded = re.sub(r"['\u2019\u2018\u02bc]", " ", self.q)
        return headline, (
            CONFIG,
            *params,
            "<>" + MARK_START + MARK_STOP + LT + GT,
            LT + GT,
            CONFIG,
            fold_query(self.q),
            CONFIG,
            unfolded[:MAX_QUERY_LENGTH],
            options,
        )

    def get_db_converters(self, connection):
        return [self._convert, *super().get_db_converters(connection)]

    def _convert(self, value, expression, connection):
        if value is None:
            return mark_safe("")
        keep_lines = not (self.words or self.html)
        if connection.vendor == "postgresql":
            return _markup_headline(value, self.html, keep_lines)
        return highlight(value, self.q, words=self.words, html=self.html)


# Ranking and matching ------------------------------------------------------


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
    find them soonest, not counting that matching each row means reading
    its search vector, kept out of line for most documents: 15 ms to find
    1,001 of 4,000 press releases, against 3 ms by bitmap. A materialised
    CTE is planned on its own, for all its rows, and still read lazily, so
    the scan stops at ``limit`` all the same.
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
        if planned_whole and _is_postgresql(matching):
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
            # limit by themselves, which their index tells in a fraction of
            # a millisecond; the words, found in the same rows' vectors,
            # would make PostgreSQL read thousands of them from the table.
            rows = self._first(self.included, fields)
            if len(rows) > RANKED_LIMIT:
                return rows
        return self._first(self.condition, fields, planned_whole=True)

    def ranked(self, keys):
        """The rows of ``keys``, most relevant first, with ``search_rank``."""
        return (
            self.base.filter(pk__in=keys)
            .annotate(search_rank=self.rank)
            .order_by("-search_rank", *self.order)
        )

    def ordered(self):
        """Every match in ``order`` alone, which an index can serve a page of."""
        return self.base.filter(self.condition).order_by(*self.order)

    def annotate(self, **annotations):
        return replace(self, base=self.base.annotate(**annotations))


def _matches(queryset, q, tiers, *, order, boost=None, include_boosted=False):
    """
    ``queryset`` narrowed to what matches ``q``, as :class:`Matches`;
    ``boost`` (a Q) lifts what it selects above the rest, and with
    ``include_boosted`` brings it in even if the words miss it.
    """
    parsed = parse_query(q)
    base = queryset.defer("search_vector")
    if not parsed.groups:
        return Matches(base.none(), Q(), Value(0.0), order)
    if _is_postgresql(queryset):
        query = _tsquery(q)
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


def _speaker_boost(names):
    boost = Q()
    if names.boosted_organization_ids:
        boost |= Q(organization_id__in=names.boosted_organization_ids)
    if names.boosted_person_ids:
        boost |= Q(person_id__in=names.boosted_person_ids)
    return boost or None


def _profile_boost(names):
    ids = {
        entity.profile_id
        for entity in names.best
        if entity.profile_id
        and (
            entity.pk in names.boosted_organization_ids
            if isinstance(entity, Organization)
            else entity.pk in names.boosted_person_ids
        )
    }
    return Q(pk__in=sorted(ids)) if ids else None


def _quote_matches(queryset, q, names):
    boost = _speaker_boost(names)
    matches = _matches(
        queryset,
        q,
        QUOTE_FIELDS,
        order=(F("said_on").desc(nulls_last=True), "-pk"),
        boost=boost,
        include_boosted=names.is_name_query,
    )
    return matches.annotate(search_snippet=Snippet("text", q, words=None))


def _search_quotes(queryset, q, names):
    """
    :func:`search_quotes`'s results, and the (key, organisation, date) of
    up to one more match than RANKED_LIMIT: read with the keys at no extra
    cost, they are enough to sum the matches up by organisation and year.
    """
    if names is None:
        names = find_names(q, using=queryset.db)
    matches = _quote_matches(queryset, q, names)
    rows = matches.first_keys("organization_id", "said_on")
    if len(rows) > RANKED_LIMIT:
        return matches.ordered(), rows
    return matches.ranked([row[0] for row in rows]), rows


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
    order. Counting every match of a broad search would read them all
    (70,000 quotes for a common name); this costs at most one query that
    stops at the limit, none when ``found`` (how many match, up to one more
    than the limit) is known already.
    """

    def __init__(self, queryset, *, found=None, rows=None):
        self.queryset = queryset
        # Read when made, so that a test may lower the limit.
        self.limit = RANKED_LIMIT
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
        ``quotes.models.Facets``; empty when they are more than the limit:
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

    def __getitem__(self, index):
        return self.first()[index]

    def __len__(self):
        return self.count()


def _page_snippets(q):
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


def _press_matches(queryset, q):
    matches = _matches(queryset, q, PRESS_FIELDS, order=("-publish_at", "-pk"))
    return matches.annotate(**_page_snippets(q))


def _resource_matches(queryset, q, names):
    matches = _matches(
        queryset,
        q,
        RESOURCE_FIELDS,
        order=("title", "pk"),
        boost=_profile_boost(names),
        include_boosted=names.is_name_query,
    )
    return matches.annotate(**_page_snippets(q))


class Found:
    """
    One kind of content that :func:`search_site` found, for a paginator:
    ``count()`` counts the matches up to RANKED_LIMIT, and ``is_broad``
    says that more match. Up to that many, they are ranked by relevance,
    with ``search_rank``; beyond, the first RANKED_LIMIT in the table's own
    order (newest first, resources by title), which an index serves.
    Counting costs one query, a page another.
    """

    def __init__(self, matches):
        self._matches = matches
        self._keys = None

    def _first_keys(self):
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
        return self._matches.ranked(self._first_keys())

    def __getitem__(self, index):
        return self._results()[index]

    def __iter__(self):
        return iter(self._results())

    def __len__(self):
        return self.count()


@dataclass
class SiteResults:
    """
    What :func:`search_site` found: a :class:`Found` per kind of content,
    to paginate separately, and the organisations and people whose names
    match (``names``, a :class:`cepsite.names.NameMatches`).
    """

    q: str
    press: Found
    quotes: Found
    resources: Found
    names: NameMatches = field(default_factory=NameMatches)

    @property
    def has_terms(self):
        """Whether ``q`` holds a word to look for, not only words to leave out."""
        return bool(parse_query(self.q).groups)

    @property
    def sections(self):
        """(key, Found) for each kind of content, in display order."""
        return (
            ("resources", self.resources),
            ("press", self.press),
            ("quotes", self.quotes),
        )


def search_site(q):
    """
    Published press releases, quotes and resources matching ``q``, each a
    :class:`Found` whose results carry ``search_snippet`` (and press and
    resources ``search_title``), plus the matching names. Looking up the
    names costs two queries; each kind then costs a count and a page.
    """
    q = q or ""
    press = PressRelease.objects.published()
    quotes = Quote.objects.published().select_related("person", "organization")
    resources = Resource.objects.published()
    if not q.strip() or not parse_query(q).groups:
        return SiteResults(
            q=q,
            press=Found(Matches(press.none(), Q(), Value(0.0), ("pk",))),
            quotes=Found(Matches(quotes.none(), Q(), Value(0.0), ("pk",))),
            resources=Found(Matches(resources.none(), Q(), Value(0.0), ("pk",))),
        )
    names = find_names(q)
    return SiteResults(
        q=q,
        press=Found(_press_matches(press, q)),
        quotes=Found(_quote_matches(quotes, q, names)),
        resources=Found(_resource_matches(resources, q, names)),
        names=names,
    )
