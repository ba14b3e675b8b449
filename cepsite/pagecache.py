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

The cache is a help, never a dependency: when it cannot be reached, is full
or times out, every page is rendered and served uncached (see
:func:`call`), and the failure is logged once until the cache answers again.

A page is keyed on its path and on the query parameters its view declares
with :func:`keyed_on`; any other parameter is dropped and the rest put in
order, so ``?r=<random>`` finds the one page already kept.
"""

import contextlib
import datetime
import functools
import hashlib
import logging
import threading
import time
import uuid
from importlib import import_module
from urllib.parse import urlencode

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user
from django.core.cache import cache
from django.db import DatabaseError, transaction
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.cache import patch_cache_control, set_response_etag
from redis.exceptions import RedisError

from cepsite.publishing import Publishable

logger = logging.getLogger(__name__)

VERSION_KEY = "pagecache:version"
NEXT_PUBLISH_KEY = "pagecache:next-publish"
NO_SCHEDULED_ITEM = 0.0

# What a cache backend raises when it cannot do its work: Redis down, full
# (OOM under noeviction) or slow (a timeout), a file cache's disk trouble.
CACHE_ERRORS = (RedisError, OSError)


class CacheUnavailable(Exception):
    """The cache failed, or failed a moment ago: go on without it."""


class _Health:
    """
    Whether this process's cache is failing. After a failure the cache is
    left alone for ``settings.PAGE_CACHE_RETRY_SECONDS``, so a cache that
    times out does not slow every request by its timeout; the first call
    after that tries it again.
    """

    def __init__(self):
        self.lock = threading.Lock()
        self.failing = False
        self.retry_at = 0.0
        self.invalidation_pending = False

    def failed(self, error, method):
        with self.lock:
            first = not self.failing
            self.failing = True
            self.retry_at = time.monotonic() + settings.PAGE_CACHE_RETRY_SECONDS
        if first:
            logger.error(
                "The cache failed (%s: %s); pages are served uncached until it "
                "answers again.",
                method,
                error,
                exc_info=error,
            )

    def recovered(self):
        with self.lock:
            was_failing, self.failing = self.failing, False
        if was_failing:
            logger.warning("The cache answers again; pages are cached again.")

    def resting(self):
        return self.failing and time.monotonic() < self.retry_at


health = _Health()


def call(method, *args, **kwargs):
    """
    ``cache.<method>(*args, **kwargs)``; :class:`CacheUnavailable` instead of
    the backend's error, or at once while a recent failure is still resting.
    """
    if health.resting():
        raise CacheUnavailable(method)
    try:
        if health.invalidation_pending:
            # A change made while the cache failed could not move the version
            # on; that is done first, before anything is read under it.
            cache.delete_many([VERSION_KEY, NEXT_PUBLISH_KEY])
            health.invalidation_pending = False
        result = getattr(cache, method)(*args, **kwargs)
    except CACHE_ERRORS as error:
        health.failed(error, method)
        raise CacheUnavailable(method) from error
    if health.failing:
        health.recovered()
    return result


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
    call(
        "set_many", {VERSION_KEY: version, NEXT_PUBLISH_KEY: next_publish}, timeout=None
    )
    return version, next_publish


def _forget_version():
    try:
        call("delete_many", [VERSION_KEY, NEXT_PUBLISH_KEY])
    except CacheUnavailable:
        # Done as soon as this process reaches the cache again.
        health.invalidation_pending = True


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
    try:
        values = call("get_many", [VERSION_KEY, NEXT_PUBLISH_KEY, key])
    except CacheUnavailable:
        return compute()
    version, _ = _current(values)
    if version is None:
        return compute()
    kept = values.get(key)
    if kept is not None and kept[0] == version:
        return kept[1]
    result = compute()
    with contextlib.suppress(CacheUnavailable):
        call("set", key, (version, result), settings.PAGE_CACHE_SECONDS)
    return result


def keyed_on(*sources):
    """
    Declare the query parameters a view reads, for the page cache's key:
    names, and form classes whose fields are read from the query string
    (under the names the form gives them). A decorator for a function view
    or a view class: ``@keyed_on(SearchForm, "page")``. A view that declares
    nothing is cached on its path alone.
    """

    def declare(view):
        view.page_cache_parameters = sources
        return view

    return declare


@functools.cache
def _parameters_of(view):
    names = set()
    for source in getattr(view, "page_cache_parameters", ()):
        if isinstance(source, str):
            names.add(source)
        else:
            form = source()
            names.update(form.add_prefix(name) for name in form.fields)
    return frozenset(names)


def _declared_parameters(path):
    try:
        view = resolve(path).func
    except Resolver404:
        return frozenset()
    return _parameters_of(getattr(view, "view_class", view))


def _page_key(request):
    """The page's key: its host, path and declared parameters, in order."""
    declared = _declared_parameters(request.path_info)
    query = urlencode(
        sorted(
            (name, value)
            for name, values in request.GET.lists()
            if name in declared
            for value in values
        )
    )
    address = f"{request.get_host()}{request.path}?{query}"
    digest = hashlib.sha256(address.encode()).hexdigest()
    return f"pagecache:page:{request.method}:{digest}"


def _has_staff_session(request):
    """
    Whether the request carries the session of a logged-in, active staff
    member: a made-up or expired session cookie does not count, so it cannot
    be used to have the dearest pages rendered on every request.
    """
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False
    engine = import_module(settings.SESSION_ENGINE)
    request.session = engine.SessionStore(request.COOKIES[settings.SESSION_COOKIE_NAME])
    try:
        user = get_user(request)
    except (DatabaseError, CacheUnavailable, *CACHE_ERRORS):
        # The cached page is the best this instance can offer just now.
        return False
    return user.is_active and user.is_staff


def _is_cacheable_request(request):
    if request.method not in ("GET", "HEAD"):
        return False
    if request.path.startswith(settings.PAGE_CACHE_EXCLUDED_PREFIXES):
        return False
    # Staff always get a freshly rendered page.
    return not _has_staff_session(request)


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
        try:
            values = call("get_many", [VERSION_KEY, NEXT_PUBLISH_KEY, key])
            version, next_publish = _version_from(values)
        except CacheUnavailable:
            return _uncached(self.get_response(request))
        cached = values.get(key)
        if cached is not None and cached[0] == version:
            response = cached[1]
            response["X-Cache"] = "hit"
            return response

        response = self.get_response(request)
        # A made-up or ended session's cookie is deleted by the session
        # middleware; the page is kept without that, for everyone.
        deletion = _session_cookie_deletion(response)
        if _is_cacheable_response(response):
            response = _stored(request, response, key, version, next_publish)
        if deletion is not None:
            response.cookies[settings.SESSION_COOKIE_NAME] = deletion
        return response


def _session_cookie_deletion(response):
    """The deletion of the session cookie, if that is all ``response`` sets."""
    name = settings.SESSION_COOKIE_NAME
    morsel = response.cookies.get(name)
    if morsel is None or len(response.cookies) != 1 or morsel.value:
        return None
    del response.cookies[name]
    return morsel


def _uncached(response):
    response["X-Cache"] = "unavailable"
    return response


def _stored(request, response, key, version, next_publish):
    """``response``, with the headers of a cached page, kept under ``key``."""
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
        response["Last-Modified"] = timezone.now().strftime("%a, %d %b %Y %H:%M:%S GMT")
    if request.method == "GET":
        # Hashed once here rather than by ConditionalGetMiddleware on every hit.
        set_response_etag(response)
    try:
        call("set", key, (version, response), timeout)
    except CacheUnavailable:
        return _uncached(response)
    response["X-Cache"] = "miss"
    return response


def cache_health():
    """
    ``(ok, detail)`` for the health check: whether the cache takes a write
    and gives it back just now, whatever this process's recent failures.
    """
    token = uuid.uuid4().hex
    try:
        cache.set("pagecache:health", token, 30)
        ok = cache.get("pagecache:health") == token
    except CACHE_ERRORS as error:
        return False, f"{type(error).__name__}: {error}"
    return ok, "ok" if ok else "the cache did not keep a value"
