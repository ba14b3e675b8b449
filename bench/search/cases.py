"""
The queries the search benchmark runs, each the way its view runs it: a
count and a first page, plus the archive's facets. The archive counts no
further than the first ``cepsite.fulltext.matching.RANKED_LIMIT`` results of
a search, and sums up only results that few.
"""

from datetime import date

from django.core.paginator import Paginator

from cepsite.pagination import SitePaginator
from cepsite.site.search import search_site
from quotes.models import Quote
from quotes.search import first_results
from quotes.suggest import find_suggestions
from quotes.views import ORGANIZATION_FACET_SIZE, ArchiveView
from resources.models import Organization, Person
from resources.names import find_names

ARCHIVE_PAGE = ArchiveView.paginate_by
SITE_PAGE = 10

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
# What a reader has typed into a filter box when the suggestions are asked.
SUGGESTIONS = [
    ("organization", "kat"), ("organization", "Katib Hezbolah"),
    ("organization", "dae"), ("person", "bag"), ("person", "al-Adnan"),
    ("person", "zawahri"), ("tag", "ir"), ("tag", "sy"), ("category", "pro"),
    ("category", "anti"),
]  # fmt: skip


def typo(name):
    """Return ``name`` with one letter dropped from its longest word."""
    word = max(name.split(), key=len)
    return name.replace(word, word[:2] + word[3:], 1)


def archive(queryset, q):
    """Return the count the archive's view shows for ``q``, doing what it does."""
    results = first_results(queryset, q)
    page = SitePaginator(results, ARCHIVE_PAGE).page(1)
    for quote in page.object_list:
        str(quote.search_snippet)
    results.facets(organizations=ORGANIZATION_FACET_SIZE)
    count = page.paginator.count
    return f"> {count:,}" if results.is_capped else count


def site(q):
    """Return what the site search finds for ``q``, with a first page of each kind."""
    results = search_site(q)
    total = 0
    for _key, queryset in results.sections:
        page = Paginator(queryset, SITE_PAGE).page(1)
        for item in page.object_list:
            str(item.search_snippet)
        total += page.paginator.count
    return total


def names(q):
    """Return how many organisations and people the name lookup finds for ``q``."""
    matches = find_names(q)
    return len(matches.organizations) + len(matches.people)


def _typos_of_made_up_names():
    """Return misspellings of a few names the generator made up."""
    people = Person.objects.order_by("pk").values_list("name", flat=True)[100:102]
    groups = Organization.objects.order_by("pk").values_list("name", flat=True)
    return [typo(name) for name in [*people, *groups[100:101]]]


def _filtered(published):
    """Return ``(label, words, queryset)`` of searches with the archive's filters."""

    def org(name):
        return published.by_organization(Organization.objects.filter(name=name).first())

    def person(name):
        return published.by_person(Person.objects.filter(name=name).first())

    return [
        ("ISIS 2014-2017", "caliphate",
         lambda: org("ISIS").in_period(date(2014, 1, 1), date(2017, 12, 31))),
        ("KH 2019-2020", "americans",
         lambda: org("Kata'ib Hezbollah").in_period(
             date(2019, 1, 1), date(2020, 12, 31))),
        ("al-Baghdadi", "rome", lambda: person("Abu Bakr al-Baghdadi")),
        ("al-Qaeda 2001-2011", "america",
         lambda: org("al-Qaeda").in_period(date(2001, 1, 1), date(2011, 12, 31))),
        ("facts 2015", "oil",
         lambda: published.filter(kind=Quote.Kind.FACT).in_period(
             date(2015, 1, 1), date(2015, 12, 31))),
    ]  # fmt: skip


def cases():
    """Return ``(kind, label, run)`` for every query, in a fixed order."""
    published = Quote.objects.published().select_related("person", "organization")
    found = [("words", q, lambda q=q: archive(published, q)) for q in WORDS]
    found += [("syntax", q, lambda q=q: archive(published, q)) for q in SYNTAX]
    found += [
        ("names", q, lambda q=q: names(q)) for q in NAMES + _typos_of_made_up_names()
    ]
    found += [
        ("name quotes", q, lambda q=q: archive(published, q)) for q in NAME_QUOTES
    ]
    found += [
        ("filtered", f"{q} [{label}]", lambda q=q, f=f: archive(f(), q))
        for label, q, f in _filtered(published)
    ]
    found += [("site", q, lambda q=q: site(q)) for q in SITE]
    found += [
        ("suggest", f"{field}={q}", lambda f=field, q=q: len(find_suggestions(f, q)))
        for field, q in SUGGESTIONS
    ]
    return found
