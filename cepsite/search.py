"""
Site-wide search across press releases, quotes and resources.

The engine is :func:`search_site`; the view only knows its result. This
first engine matches case-insensitively anywhere in the searchable fields:
every word or "quoted phrase" of the query must appear somewhere in an
item, as in the quotes archive.
"""

from dataclasses import dataclass

from django import forms
from django.db.models import Q

from press.models import PressRelease
from quotes.models import Quote, search_terms
from resources.models import Organization, Person, Resource

MAX_QUERY_LENGTH = 200

PRESS_FIELDS = ("title", "summary", "body", "dateline")
RESOURCE_FIELDS = ("title", "summary", "body")
SPEAKER_FIELDS = ("name", "aliases")


class SearchForm(forms.Form):
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
        choices=[
            ("", "Everything"),
            ("press", "Press releases"),
            ("quotes", "Their words"),
            ("resources", "Resources"),
        ],
        error_messages={"invalid_choice": "Showing every kind of result."},
    )


def _matching(fields, terms):
    """Every term in at least one of the fields."""
    condition = Q()
    for term in terms:
        any_field = Q()
        for name in fields:
            any_field |= Q(**{f"{name}__icontains": term})
        condition &= any_field
    return condition


@dataclass
class SearchSection:
    key: str
    title: str
    results: object  # a QuerySet, counted and sliced by the caller


def search_site(query):
    """
    Search published press releases, quotes and resources for ``query``.

    Returns a list of :class:`SearchSection`, one per type of content in
    reading order, each holding an unevaluated, ordered QuerySet. A query
    with no words matches nothing.
    """
    terms = search_terms(query)
    if not terms:
        press = PressRelease.objects.none()
        quotes = Quote.objects.none()
        resources = Resource.objects.none()
    else:
        press = PressRelease.objects.published().filter(_matching(PRESS_FIELDS, terms))
        quotes = Quote.objects.published().matching(query)
        # A resource is also found by the names of the organisations and
        # people it profiles ("Hezbollah Brigades" finds the KH page).
        speaker_condition = _matching(SPEAKER_FIELDS, terms)
        profiled = Q(
            pk__in=Organization.objects.filter(speaker_condition).values("profile")
        ) | Q(pk__in=Person.objects.filter(speaker_condition).values("profile"))
        resources = Resource.objects.published().filter(
            _matching(RESOURCE_FIELDS, terms) | profiled
        )
    return [
        SearchSection(
            key="press",
            title="Press releases",
            results=press.order_by("-publish_at", "-pk"),
        ),
        SearchSection(
            key="quotes",
            title="Their words",
            results=quotes.with_attribution().newest_first(),
        ),
        SearchSection(
            key="resources",
            title="Resources",
            results=resources.order_by("title", "pk"),
        ),
    ]
