"""
Whole-page caching for anonymous readers, with exact invalidation.

Every cached page is stored with the *content version* it was rendered at,
and served only while that is still the current version. Any change to
content (a save, a delete, a tag, a publish action) moves the version on, so
every page that might show it is fresh at once, with no need to know which
pages those are. Scheduled items are handled the same way: the version also
records when the next scheduled item goes live (or the next midnight, when
the Daily Dose changes), and is moved on when that moment passes, so no cached
page outlives a ``publish_at``.

A hit costs one round trip to the cache, which returns the version and the
page together.
"""

import datetime
import hashlib
import time
import uuid

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.cache import patch_cache_control, set_response_etag

from cepsite.publishing import Publishable

VERSION_KEY = "pagecache:version"
NEXT_PUBLISH_KEY = "pagecache:next-publish"
NO_SCHEDULED_ITEM = 0.0


def _publishable_models():
    return [model for model in apps.get_models() if issubclass(model, Publishable)]


def _next_scheduled_timestamp():
    upcoming = [
        model.objects.scheduled()
        .order_by("publish_at")
        .values_list("publish_at", flat=True)[:1]
        for model in _publishable_models()
    ]
    moments = [moment for queryset in upcoming for moment in queryset]
    # The Daily Dose changes at midnight, which no save announces.
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    moments.append(
        timezone.make_aware(datetime.datetime.combine(tomorrow, datetime.time.min))
    )
    return min(moments).timestamp()


def _store_new_version():
    """A new content version and the next scheduled moment, both stored."""
    version, next_publish = uuid.uuid4().hex[:16], _next_scheduled_timestamp()
    cache.set_many({VERSION_KEY: version, NEXT_PUBLISH_KEY: next_publish}, timeout=None)
    return version, next_publish


def _forget_version():
    cache.delete_many([VERSION_KEY, NEXT_PUBLISH_KEY])


def content_changed():
    """
    Mark every cached page stale. Cheap, so it can run on every save: the
    next request sets a new version. It runs again once the surrounding
    transaction commits, so a page rendered from the old data between the
    change and the commit is not kept under the new version.
    """
    _forget_version()
    transaction.on_commit(_forget_version)


def _current(values):
    """
    ``(version, next publish timestamp)`` from what the cache holds under
    ``VERSION_KEY`` and ``NEXT_PUBLISH_KEY``; the version is ``None`` if there
    is none, or if a scheduled item has gone live since it was set.
    """
    version = values.get(VERSION_KEY)
    next_publish = values.get(NEXT_PUBLISH_KEY, NO_SCHEDULED_ITEM)
    if next_publish and time.time() >= next_publish:
        return None, next_publish
    return version, next_publish


def _version_from(values):
    """The current version and next publish timestamp; new ones if there are none."""
    version, next_publish = _current(values)
    if version is None:
        return _store_new_version()
    return version, next_publish


def cached_result(name, compute):
    """
    ``compute()``, kept while the current content version lasts: for small
    results that many pages share, such as the Daily Dose. With no current
    version (nothing served since the last change, or a scheduled item due)
    it is computed afresh and not kept: the next page served sets a version.
    """
    key = f"pagecache:result:{name}"
    values = cache.get_many([VERSION_KEY, NEXT_PUBLISH_KEY, key])
    version, _ = _current(values)
    if version is None:
        return compute()
    kept = values.get(key)
    if kept is not None and kept[0] == version:
        return kept[1]
    result = compute()
    cache.set(key, (version, result), settings.PAGE_CACHE_SECONDS)
    return result


def _page_key(request):
    digest = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()
    return f"pagecache:page:{request.method}:{digest}"


def _is_cacheable_request(request):
    if request.method not in ("GET", "HEAD"):
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        # Staff (anyone logged in) always gets a freshly rendered page.
        return False
    return not request.path.startswith(settings.PAGE_CACHE_EXCLUDED_PREFIXES)


def _is_cacheable_response(response):
    if response.status_code not in (200, 301, 404):
        return False
    if response.streaming or response.cookies:
        return False
    cache_control = response.get("Cache-Control", "")
    return "private" not in cache_control and "no-store" not in cache_control


class PageCacheMiddleware:
    """Serve anonymous GETs of public pages from the cache, keyed by full URL."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.PAGE_CACHE_ENABLED or not _is_cacheable_request(request):
            return self.get_response(request)

        # A page is stored under its URL with the version it was rendered
        # at, so one round trip to the cache fetches the version and the page
        # together; a page of an older version is simply rendered again.
        key = _page_key(request)
        values = cache.get_many([VERSION_KEY, NEXT_PUBLISH_KEY, key])
        version, next_publish = _version_from(values)
        cached = values.get(key)
        if cached is not None and cached[0] == version:
            response = cached[1]
            response["X-Cache"] = "hit"
            return response

        response = self.get_response(request)
        if _is_cacheable_response(response):
            timeout = settings.PAGE_CACHE_SECONDS
            if next_publish:
                timeout = max(1, min(timeout, int(next_publish - time.time())))
            patch_cache_control(
                response,
                public=True,
                max_age=0,
                must_revalidate=True,
                s_maxage=min(timeout, settings.PAGE_CACHE_PROXY_SECONDS),
            )
            if response.status_code == 200 and not response.has_header("Last-Modified"):
                response["Last-Modified"] = timezone.now().strftime(
                    "%a, %d %b %Y %H:%M:%S GMT"
                )
            if request.method == "GET":
                # Hashed once here rather than by ConditionalGetMiddleware on
                # every hit.
                set_response_etag(response)
            cache.set(key, (version, response), timeout)
            response["X-Cache"] = "miss"
        return response
