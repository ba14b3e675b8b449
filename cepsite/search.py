"""
The site search page: its form, and the shape of what it shows.

The engine is :mod:`cepsite.fulltext` (PostgreSQL full-text search, or the
simple matching it falls back to on SQLite); this module reads the query
string and turns what the engine found into the page's sections
and the list of organisations and people the query names.
"""

from dataclasses import dataclass

from django import forms
from django.urls import reverse
from django.utils.http import urlencode

from cepsite.names import MAX_QUERY_LENGTH
from resources.models import Organization

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
    ``count``, listed ``order`` rather than ranked) and the first few.
    """

    key: str
    title: str
    count: int
    results: list
    is_broad: bool = False

    @classmethod
    def of(cls, key, found, results=()):
        """The section of ``found``, a :class:`cepsite.fulltext.Found`."""
        return cls(
            key,
            SECTION_TITLES[key],
            found.count(),
            list(results),
            is_broad=found.is_broad,
        )

    @property
    def has_more(self):
        return self.count > len(self.results)

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


def overview(results, limit):
    """
    A :class:`Section` for each kind of content in ``results`` (what
    :func:`cepsite.fulltext.search_site` returned): a count, then the first
    ``limit``; a kind with nothing found costs only its count.
    """
    return [
        Section.of(key, found, found[:limit] if found.count() else ())
        for key, found in results.sections
    ]
