"""
The site search page: its form, and the shape of what it shows.

The engine is :mod:`cepsite.fulltext` (PostgreSQL full-text search, or the
simple matching it falls back to on SQLite), with the archive's own search
(:mod:`quotes.search`) and the names of :mod:`resources.names`; this module
searches each kind of content with them, reads the query string and turns
what was found into the page's sections and the list of organisations and
people the query names.
"""

import dataclasses
import hashlib
from dataclasses import dataclass, field

from django import forms
from django.db.models import Q
from django.urls import reverse
from django.utils.http import urlencode

from cepsite.fulltext import (
    MAX_QUERY_LENGTH,
    Found,
    matches,
    page_snippets,
    parse_query,
)
from press.models import PressRelease
from quotes.models import Quote
from quotes.search import quote_matches
from resources.models import Organization, Resource
from resources.names import NameMatches, find_names

# The fields searched, by weight: A (titles), B, C, D (by-lines).
PRESS_FIELDS = (("title",), ("summary",), ("body",), ("dateline",))
RESOURCE_FIELDS = (("title",), ("summary",), ("body",), ())

SECTION_TITLES = {
    "resources": "Resources",
    "press": "Press releases",
    "quotes": "Their words",
}

# How each kind is listed when too many match to rank (see Found.is_broad).
BROAD_ORDER = {
    "resources": "by title",
    "press": "newest first",
    "quotes": "newest first",
}

# Names shown above the results: the best few, the way a reader scans them.
NAME_LIMIT = 6

# The overview counts and ranks this many press releases and quotes at most,
# then lists the newest; their own pages rank up to RANKED_LIMIT. Resources
# are few, and listed by title they would lose the best reference page, so
# they are ranked as far as on their own page
# (docs/decisions/0035-search-first-render.md).
OVERVIEW_LIMITS = {"press": 200, "quotes": 200}


class SearchForm(forms.Form):
    """``q``, the query in web search syntax, and ``type``, one section."""

    q = forms.CharField(
        label="Search the site",
        required=False,
        max_length=MAX_QUERY_LENGTH,
        error_messages={
            "max_length": "Search for at most %(limit_value)d characters, please."
        },
    )
    type = forms.ChoiceField(
        required=False,
        choices=[("", "Everything"), *SECTION_TITLES.items()],
        error_messages={"invalid_choice": "Showing every kind of result."},
    )

    def messages(self):
        """What the reader should know about the query string they sent."""
        return [error for errors in self.errors.values() for error in errors]


@dataclass(frozen=True)
class Section:
    """
    One kind of result on the overview: how many (``is_broad``: more than
    ``count``, listed ``order`` rather than ranked) and the first few;
    ``counted_short``: its own page counts, and may rank, further.
    """

    key: str
    title: str
    count: int
    results: list
    is_broad: bool = False
    counted_short: bool = False

    @classmethod
    def of(cls, key, found, results=()):
        """The section of ``found``, a :class:`cepsite.fulltext.Found`."""
        return cls(
            key,
            SECTION_TITLES[key],
            found.count(),
            list(results),
            is_broad=found.is_broad,
            counted_short=found.counted_short,
        )

    @property
    def has_more(self):
        return self.is_broad or self.count > len(self.results)

    @property
    def order(self):
        return BROAD_ORDER[self.key] if self.is_broad else "most relevant first"


@dataclass(frozen=True)
class NameResult:
    """
    An organisation or person the query names, with where to read about
    them: their resource page (``profile_url``, when it is public) and their
    words in the archive (``archive_url``).
    """

    name: str
    description: str
    profile_url: str
    archive_url: str


def _name_result(entity):
    profile = entity.profile
    profile_url = profile.get_absolute_url() if profile and profile.is_public else ""
    if isinstance(entity, Organization):
        name, parameter = entity.display_name, "organization"
        description = "Organisation"
    else:
        name, parameter = entity.name, "person"
        description = "Person"
        if entity.organization:
            description = f"Person, {entity.organization.display_name}"
    archive = f"{reverse('quotes:archive')}?{urlencode({parameter: entity.slug})}"
    return NameResult(name, description, profile_url, archive)


def name_results(names, limit=NAME_LIMIT):
    """The best matches of a :class:`cepsite.names.NameMatches`, for the page."""
    return [_name_result(entity) for entity in names.best[:limit]]


def _every_listed(names, limit=NAME_LIMIT):
    """
    ``names`` with every organisation and person the page lists as matching
    lifted, not only the best: the words of each are "their words".
    """
    listed = names.best[:limit]
    return dataclasses.replace(
        names,
        boosted_organization_ids=tuple(
            e.pk for e in listed if isinstance(e, Organization)
        ),
        boosted_person_ids=tuple(
            e.pk for e in listed if not isinstance(e, Organization)
        ),
    )


def overview(results, limit):
    """
    A :class:`Section` for each kind of content in ``results`` (what
    :func:`search_site` returned): a count, up to its OVERVIEW_LIMITS, then
    the first ``limit``; a kind with nothing found costs only its count.
    """
    sections = []
    for key, found in results.sections:
        if key in OVERVIEW_LIMITS:
            found = found.at_most(OVERVIEW_LIMITS[key])
        sections.append(Section.of(key, found, found[:limit] if found.count() else ()))
    return sections


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


def _press_matches(queryset, q):
    found = matches(
        queryset, q, PRESS_FIELDS, order=("-publish_at", "-pk"), from_index=True
    )
    return found.annotate(**page_snippets(q))


def _resource_matches(queryset, q, names):
    found = matches(
        queryset,
        q,
        RESOURCE_FIELDS,
        order=("title", "pk"),
        indexed_order=False,
        from_index=True,
        boost=_profile_boost(names),
        include_boosted=names.is_name_query,
    )
    return found.annotate(**page_snippets(q))


@dataclass
class SiteResults:
    """
    What :func:`search_site` found: a :class:`Found` per kind of content,
    to paginate separately, and the organisations and people whose names
    match (``names``, a :class:`resources.names.NameMatches`).
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
    # A result shows its snippet, not its body.
    press = PressRelease.objects.published().defer("body")
    quotes = Quote.objects.published().select_related("person", "organization")
    resources = Resource.objects.published().defer("body")
    if not q.strip() or not parse_query(q).groups:
        return SiteResults(
            q=q,
            press=Found.nothing(press),
            quotes=Found.nothing(quotes),
            resources=Found.nothing(resources),
        )
    names = find_names(q)
    return SiteResults(
        q=q,
        press=Found(_press_matches(press, q), name=_search_name("press", q)),
        quotes=Found(
            quote_matches(quotes, q, _every_listed(names), from_index=True),
            name=_search_name("quotes", q),
        ),
        resources=Found(
            _resource_matches(resources, q, names),
            name=_search_name("resources", q),
        ),
        names=names,
    )


def _search_name(kind, q):
    """
    The name the site search for ``q`` in one kind of content is kept under
    (see :class:`cepsite.fulltext.Found`): the same query, the same matches
    while the content stays as it is.
    """
    return f"site-{kind}:{hashlib.sha256(q.encode()).hexdigest()[:32]}"
