"""
What every API address does around its operation: the rate limit per client
address (``settings.API_RATE_LIMIT``, counted in the shared cache by
``cepsite.ratelimits``, answered with a JSON 429 and ``Retry-After``), CORS
for reading from any origin, and the query parameters the page cache keys
the response on (``cepsite.pagecache.keyed_on``).
"""

import functools

from django.conf import settings
from django.http import JsonResponse

from cepsite import ratelimits
from cepsite.pagecache import keyed_on

CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
    "Access-Control-Expose-Headers": "ETag, Retry-After",
}


def rate_limited(request):
    """A JSON 429 if this anonymous client has asked too much, else ``None``."""
    rate = settings.API_RATE_LIMIT
    if not (settings.RATELIMIT_ENABLE and rate) or request.user.is_authenticated:
        return None
    counted = ratelimits.usage(request, "api", rate)
    if counted is None or not counted["should_limit"]:
        return None
    retry_after = max(1, counted["time_left"])
    response = JsonResponse(
        {
            "detail": f"Too many requests: try again in {retry_after} seconds. "
            "For the whole archive, download a dataset release from /data/.",
        },
        status=429,
    )
    response["Retry-After"] = str(retry_after)
    return response


def with_cors(response):
    for name, value in CORS_HEADERS.items():
        response[name] = value
    return response


def api_view(view, parameters=()):
    """``view`` limited, open to every origin, and keyed on ``parameters``."""

    @functools.wraps(view)
    def limited(request, *args, **kwargs):
        if request.method == "OPTIONS":
            return with_cors(JsonResponse({}, status=200))
        refused = rate_limited(request)
        if refused is not None:
            return with_cors(refused)
        if request.method != "HEAD":
            return with_cors(view(request, *args, **kwargs))
        # HEAD wherever GET works, as on every page; ninja knows only GET.
        request.method = "GET"
        try:
            return with_cors(view(request, *args, **kwargs))
        finally:
            request.method = "HEAD"

    return keyed_on(*parameters)(limited)
