"""
Opaque, signed cursors for keyset pagination.

A cursor names the last item of a page by its sort key, so the next page
starts after it whatever is added before or after meanwhile. It is signed
(``django.core.signing``), bound to the filters of the query it came from,
and expires after ``settings.API_CURSOR_MAX_AGE`` seconds: a forged, altered,
foreign or stale cursor is refused with a message, never followed.
"""

import hashlib
import json

from django.conf import settings
from django.core import signing

SALT = "cepsite.site.api.cursor"


class BadCursor(ValueError):
    """The cursor cannot be used; the message says why."""


def filters_digest(filters):
    """A short digest of the filters a cursor belongs to (a dict of strings)."""
    text = json.dumps(sorted((k, v) for k, v in filters.items() if v), default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def make_cursor(key, filters):
    """The cursor after the item whose sort key is ``key`` (JSON-able values)."""
    return signing.dumps(
        {"k": list(key), "f": filters_digest(filters)}, salt=SALT, compress=True
    )


def read_cursor(token, filters, *, arity):
    """The sort key ``token`` carries; :class:`BadCursor` if it cannot be used."""
    try:
        payload = signing.loads(token, salt=SALT, max_age=settings.API_CURSOR_MAX_AGE)
    except signing.SignatureExpired as error:
        raise BadCursor(
            "This cursor has expired: start again from the first page."
        ) from error
    except (signing.BadSignature, ValueError, UnicodeError) as error:
        raise BadCursor(
            "This cursor is not one the API gave out: use the `next` link "
            "of the previous page as it is."
        ) from error
    key = payload.get("k") if isinstance(payload, dict) else None
    if not isinstance(key, list) or len(key) != arity:
        raise BadCursor("This cursor is not one the API gave out.")
    if payload.get("f") != filters_digest(filters):
        raise BadCursor(
            "This cursor belongs to a query with other filters: keep the "
            "filters of the page it came from, or start again without it."
        )
    return key
