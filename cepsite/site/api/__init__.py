"""
The public read API at ``/api/v1/``, built with django-ninja: typed
operations from which the OpenAPI 3 document (``/api/v1/openapi.json``) is
generated, and a server-rendered page of it at ``/api/v1/docs/``.

Published items only, each with its public ``url``; lists are paged by an
opaque cursor (``cursor.py``). Every address is rate limited, open to every
origin and cached like the pages (``limits.py``).
"""

from django.urls import path

from .docs import docs
from .limits import api_view
from .operations import PARAMETERS, api, index

app_name = "api"


def _patterns():
    for pattern in api.urls[0]:
        if pattern.name == "api-root":
            # The API's root: links to what it serves, not ninja's own page.
            pattern.callback = index
        pattern.callback = api_view(pattern.callback, PARAMETERS.get(pattern.name, ()))
        yield pattern


urlpatterns = [
    *_patterns(),
    path("docs/", api_view(docs), name="docs"),
]
