import tempfile

import pytest
from django.conf import settings


def pytest_configure(config):
    # Tests render templates without running collectstatic first.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        },
    }
    # The production password hash is deliberately slow; tests log in often.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Serve static files from the apps' folders; there is no collectstatic run.
    settings.WHITENOISE_AUTOREFRESH = True
    settings.WHITENOISE_USE_FINDERS = True
    # Staff sign in with a password alone unless a test asks for a second step.
    settings.STAFF_TWO_FACTOR_REQUIRED = False
    # Each run has a cache of its own, so runs side by side never share one.
    if settings.CACHES["default"]["BACKEND"].endswith("FileBasedCache"):
        settings.CACHES = {
            "default": {
                **settings.CACHES["default"],
                "LOCATION": tempfile.mkdtemp(prefix="cepsite-test-cache-"),
            }
        }


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploads made by a test land in its own temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _sources_fetched_locally(settings, tmp_path):
    """
    Captures land in the test's own folder; the test's HTTP servers listen
    on 127.0.0.1, which the address rule refuses unless allowed; no wait
    between two requests to one host.
    """
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.SOURCES_ALLOW_PRIVATE_ADDRESSES = True
    settings.SOURCES_HOST_DELAY = 0


@pytest.fixture(autouse=True)
def _page_cache_off(settings):
    """
    Views are tested as rendered; the page cache has tests of its own, which
    turn it on with the ``page_cache`` fixture.
    """
    settings.PAGE_CACHE_ENABLED = False


@pytest.fixture(autouse=True)
def _rate_limits_off(settings):
    """Tests ask faster than any reader; the limits have tests of their own."""
    settings.RATELIMIT_ENABLE = False


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_ENABLED = True


@pytest.fixture(autouse=True)
def _fresh_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def staff_client(client, db):
    from tests.factories import make_staff_user

    client.force_login(make_staff_user())
    return client
