"""
The pages the benchmark measures, and the URLs it requests for each.

A detail page is measured over a rotation of URLs rather than one, so that
the database answers for many rows, as it does for readers; list pages are
the first page, where readers land. Every URL is chosen from the published
content of the benchmark's database.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Count
from django.urls import reverse

from cepsite.tagging import Tag
from press.models import PressRelease
from quotes.models import Quote
from resources.models import Organization, Resource

ROTATION = 20

SEARCHES = [
    "hezbollah",
    "drones baghdad",
    "Kata'ib Hezbollah",
    "sanctions",
    '"heavy price"',
    "al-Askari",
    "recruits training",
    "Mosul",
    "propaganda",
    "caliphate",
]

# Positions in the tags ranked by use: the busiest, and rarer ones.
TAG_RANKS = (0, 1, 2, 4, 7, 12, 20, 33, 54, 88)

# (from, to) of the filtered archive, from a few years to one month.
PERIODS = [("2010", "2016-06"), ("2015", "2015"), ("2003-03", "2008-12")]


@dataclass(frozen=True)
class Target:
    name: str
    label: str
    # Least acceptable ratio to the floor, with and without the page cache;
    # None where the issue sets no figure.
    cached_goal: float | None = 0.9
    uncached_goal: float | None = None
    paths: list = field(default_factory=list, compare=False)


FLOOR = Target("floor", "Floor (no database)", cached_goal=None)

TARGETS = [
    Target("home", "Home"),
    Target("press_list", "Press list"),
    Target("press_detail", "Press detail", uncached_goal=0.5),
    Target("archive", "Archive, unfiltered"),
    Target("archive_filtered", "Archive, organisation and dates", uncached_goal=0.5),
    Target("quote", "Quote page", uncached_goal=0.5),
    Target("resource_detail", "Resource detail", uncached_goal=0.5),
    Target("tag", "Tag page"),
    Target("search", "Search", uncached_goal=0.3),
    Target("suggest", "Archive filter suggestions"),
]

# What a reader has typed into each of the archive's filter boxes.
SUGGESTIONS = [
    ("organization", "kat"),
    ("organization", "hezbolah"),
    ("person", "bag"),
    ("person", "askari"),
    ("tag", "ir"),
    ("category", "pro"),
]


def _spread(queryset, count=ROTATION):
    """Return ``count`` items evenly spread over an ordered queryset."""
    total = queryset.count()
    step = max(total // count, 1)
    return [queryset[index] for index in range(0, total, step)][:count]


def _with_query(url_name, **params):
    """Return the path of ``url_name`` with ``params`` as its query string."""
    return f"{reverse(url_name)}?{urlencode(params)}"


def choose_paths():
    """Return ``{target name: [path, ...]}`` for the floor and every target."""
    releases = PressRelease.objects.published().order_by("pk").only("slug")
    quotes = Quote.objects.published().order_by("pk").only("pk")
    # Ordered by kind, so that the rotation holds every kind of page.
    resources = Resource.objects.published().order_by("kind", "pk").only("slug")
    busiest = list(
        Organization.objects.annotate(said=Count("quotes"))
        .order_by("-said", "pk")
        .values_list("slug", flat=True)[:5]
    )
    archive_filtered = [
        _with_query("quotes:archive", organization=slug, **{"from": start, "to": end})
        for slug in busiest
        for start, end in PERIODS
    ]
    # Popular tags and rarer ones, by how much they label; each has public
    # content, or its page would be a 404.
    ranked_tags = list(
        Tag.objects.annotate(uses=Count("tagged_items"))
        .filter(uses__gt=0)
        .order_by("-uses", "pk")
    )
    tags = [
        ranked_tags[rank].slug
        for rank in TAG_RANKS
        if rank < len(ranked_tags)
        and PressRelease.objects.published().filter(tags=ranked_tags[rank]).exists()
    ]
    return {
        "floor": [reverse("bench_floor")],
        "home": [reverse("home")],
        "press_list": [reverse("press:list")],
        "press_detail": [r.get_absolute_url() for r in _spread(releases)],
        "archive": [reverse("quotes:archive")],
        "archive_filtered": archive_filtered,
        "quote": [q.get_absolute_url() for q in _spread(quotes)],
        "resource_detail": [r.get_absolute_url() for r in _spread(resources)],
        "tag": [reverse("tag", args=[slug]) for slug in tags],
        "search": [_with_query("search", q=query) for query in SEARCHES],
        "suggest": [
            _with_query("quotes:suggest", field=field, q=q) for field, q in SUGGESTIONS
        ],
    }
