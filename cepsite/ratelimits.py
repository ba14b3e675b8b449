"""
Rate limits per client address on the pages dearest to render.

``settings.RATE_LIMITS`` maps a URL name to a rate such as ``"30/m"``: an
anonymous client (one address, or one /64 of IPv6) asking more of those
pages than that within the window gets a 429 page that says when to come
back, with ``Retry-After``. The counts are kept in the shared cache, so every
process and server applies one limit (django-ratelimit counts them).

Only pages actually rendered are counted: a page served from the page cache
costs next to nothing and comes back before this middleware is reached.
Staff are never limited. When the cache fails, nothing is limited, like
everything else that leans on the cache (cepsite/pagecache.py).

The client address is the one the staff login throttle uses
(``cepsite.accounts.client_address``): ``REMOTE_ADDR``, or, behind
``settings.TRUSTED_PROXY_COUNT`` proxies (nginx, in production), the address
the outermost of them saw, the last hops of ``X-Forwarded-For``, which nginx
appends to. Hops a client wrote into the header itself are never read, so
it cannot choose its own address; and without the setting, behind nginx,
every reader would share nginx's address and one limit.
"""

import ipaddress

from django.conf import settings
from django.shortcuts import render
from django_ratelimit.core import get_usage

from cepsite.accounts import client_address
from cepsite.pagecache import CACHE_ERRORS, health


def _rate_for(request):
    match = request.resolver_match
    if match is None:
        return None
    return settings.RATE_LIMITS.get(match.view_name)


def _client(group, request):
    """The client's address; for IPv6, its /64, which one client can fill."""
    address = client_address(request) or ""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if parsed.version == 6:
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)


def usage(request, view_name, rate):
    """
    django-ratelimit's count of this client's requests to ``view_name``,
    counting this one; ``None`` when the cache cannot keep the count.
    """
    if health.resting():
        return None
    try:
        return get_usage(
            request, group=view_name, key=_client, rate=rate, increment=True
        )
    except CACHE_ERRORS as error:
        health.failed(error, "rate limit")
        return None


def too_many_requests(request, retry_after):
    response = render(
        request,
        "429.html",
        {"retry_after": retry_after, "retry_minutes": -(-retry_after // 60)},
        status=429,
    )
    response["Retry-After"] = str(retry_after)
    return response


class RateLimitMiddleware:
    """Apply ``settings.RATE_LIMITS`` to anonymous requests."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not settings.RATELIMIT_ENABLE:
            return None
        rate = _rate_for(request)
        if rate is None or request.user.is_authenticated:
            return None
        counted = usage(request, request.resolver_match.view_name, rate)
        if counted is None or not counted["should_limit"]:
            return None
        return too_many_requests(request, max(1, counted["time_left"]))
