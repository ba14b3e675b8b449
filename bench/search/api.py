"""
The public API's quotes queries against the archive page's own, for the same
filters in the same run: the API's first page, a cursor page deep into the
result, and the archive's count and first page. Their p95s are compared as
ratios (absolute times do not carry between machines).
"""

from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import QueryDict
from django.test import RequestFactory

from cepsite.site.api import operations, queries
from cepsite.site.api.cursor import make_cursor
from quotes.forms import ArchiveFilterForm
from quotes.models import Quote
from quotes.views import ArchiveView

from .report import _p95

FILTERS = [
    {},
    {"organization": "ISIS", "from": "2014", "to": "2017"},
    {"organization": "Kata'ib Hezbollah", "from": "2019", "to": "2020"},
    {"person": "Abu Bakr al-Baghdadi"},
    {"kind": "fact", "from": "2015", "to": "2015", "dates": "within"},
]
# How far into a result the deep cursor page starts, as a share of it.
DEPTH = 0.9
# The API's ratio goal against the archive page: no slower.
RATIO_GOAL = 1.0


def _label(filters):
    return urlencode(filters) or "(no filters)"


def archive_page(filters):
    """
    The archive page's own work for ``filters``, as its view does it before
    the template: the count, the first page, the facets. Its item count.
    """
    response = ArchiveView.as_view()(_request(filters, path="/quotes/"))
    return len(response.context_data["quotes"])


def _request(filters, path="/api/v1/quotes/"):
    host = urlsplit(settings.SITE_URL).netloc
    request = RequestFactory().get(path, filters, headers={"host": host})
    request.user = AnonymousUser()
    return request


def api_page(filters, cursor=None):
    """The API's quotes page for ``filters``, after ``cursor``: its item count."""
    params = {**filters, **({"cursor": cursor} if cursor else {})}
    parsed = operations.QuoteFilters.model_validate(params)
    return len(operations.quotes(_request(params), parsed)["items"])


def deep_cursor(filters):
    """A cursor DEPTH of the way into the result of ``filters``."""
    form = ArchiveFilterForm(QueryDict(urlencode(filters)))
    form.is_valid()
    found = form.filter(Quote.objects.published()).order_by(*queries.QUOTE_ORDER)
    count = found.count()
    if count < 2:
        return None
    row = found.values_list("said_on", "pk")[int(count * DEPTH)]
    key = (row[0].isoformat() if row[0] else None, row[1])
    return make_cursor(key, filters)


def cases():
    """``(kind, label, run)`` for the archive page and the API, filter by filter."""
    found = []
    for filters in FILTERS:
        if not ArchiveFilterForm(QueryDict(urlencode(filters))).is_valid():
            # A name this archive does not have.
            continue
        label = _label(filters)
        cursor = deep_cursor(filters)
        found += [
            ("archive page", label, lambda f=filters: archive_page(f)),
            ("api first", label, lambda f=filters: api_page(f)),
        ]
        if cursor:
            found.append(
                ("api deep", label, lambda f=filters, c=cursor: api_page(f, c))
            )
    return found


def _high(runs):
    """The p95 of ``runs``; the one run if there is only one."""
    return _p95(runs) if len(runs) > 1 else runs[0]


def _ratios(timings, key):
    """The first and deep pages' p95 over the archive page's, under ``key``."""
    baseline = _high(timings[key("archive page")])
    return [
        _high(timings[key(kind)]) / baseline if key(kind) in timings else None
        for kind in ("api first", "api deep")
    ]


def write_ratios(out, timings):
    """
    The API's p95s as ratios of the archive page's, measured in the same
    run: for each filter, then for all of them together.
    """
    labels = [key[1] for key in timings if isinstance(key, tuple)]
    labels = list(dict.fromkeys(labels))
    if "archive page" not in timings:
        return
    out.write(f"\n{'API against the archive page, p95':<44} {'first':>7} {'deep':>7}")
    rows = [
        (label, _ratios(timings, lambda kind, label=label: (kind, label)))
        for label in labels
        if ("archive page", label) in timings
    ]
    rows.append(("all filters", _ratios(timings, lambda kind: kind)))
    for label, ratios in rows:
        shown = [f"{ratio:>7.2f}" if ratio else f"{'-':>7}" for ratio in ratios]
        verdict = "ok" if all(r <= RATIO_GOAL for r in ratios if r) else "MISSED"
        out.write(f"{label[:44]:<44} {' '.join(shown)} {verdict}")
    out.write(f"(goal: at most {RATIO_GOAL:.2f} of the archive page's p95)")
