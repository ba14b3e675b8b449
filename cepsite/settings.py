"""
Settings for the site, read from the environment.

With nothing set the site runs as a local trial: SQLite, local-memory cache,
``DEBUG`` on. Production sets ``DEBUG=0``, ``SECRET_KEY``, ``ALLOWED_HOSTS``
and ``DATABASE_URL`` (and usually ``REDIS_URL``), and gets strict behaviour.
"""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [
        item.strip()
        for item in os.environ.get(name, default).split(",")
        if item.strip()
    ]


DEBUG = env_bool("DEBUG", default=True)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "insecure-local-trial-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# Search engines are told to stay away unless this is explicitly production.
SITE_INDEXABLE = env_bool("SITE_INDEXABLE") and not DEBUG
SITE_NAME = os.environ.get("SITE_NAME", "Counter Extremism Project")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "taggit",
    "django_prose_editor",
    "csp",
    "reversion",
    "reversion_compare",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_otp_webauthn",
    "cepsite",
    "resources",
    "quotes",
    "press",
    "cepsite.site",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "cepsite.security.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "cepsite.pagecache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "cepsite.ratelimits.RateLimitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "cepsite.accounts.StaffSessionMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "cepsite.accounts.TwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: turns a refused sign-in into its lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cepsite.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "cepsite.context_processors.site",
            ],
        },
    },
]

WSGI_APPLICATION = "cepsite.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # The site's queries are short; JIT compiling costs them more than it
    # saves (docs/decisions/0005-postgresql-jit-off.md).
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")

# The cache is shared by every process of the site, so that a change made
# by any of them (a second server, a command) refreshes every page at once.
if REDIS_URL := os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "cepsite"),
            # A Redis that hangs costs a page this much, then is left alone
            # for PAGE_CACHE_RETRY_SECONDS (cepsite/pagecache.py).
            "OPTIONS": {
                "socket_connect_timeout": float(
                    os.environ.get("CACHE_CONNECT_TIMEOUT", 0.25)
                ),
                "socket_timeout": float(os.environ.get("CACHE_TIMEOUT", 0.5)),
            },
        }
    }
else:
    # The quick start: files on disk, which every local process shares.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": os.environ.get("CACHE_DIR", str(BASE_DIR / ".pagecache")),
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }

# Anonymous readers get whole pages from the cache; see cepsite/pagecache.py.
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE_ENABLED", default=True)
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", 60 * 60))
# Shared proxies (nginx, a CDN) cannot be told of a change, so they keep a
# page only briefly; browsers always revalidate, cheaply, with the ETag.
PAGE_CACHE_PROXY_SECONDS = int(os.environ.get("PAGE_CACHE_PROXY_SECONDS", 10))
PAGE_CACHE_EXCLUDED_PREFIXES = (
    "/admin/",
    "/healthz",
    "/static/",
    "/media/",
    # A shareable preview shows what is not public yet.
    "/preview/",
)
# After a cache error, pages are served uncached for this long before the
# cache is tried again.
PAGE_CACHE_RETRY_SECONDS = float(os.environ.get("PAGE_CACHE_RETRY_SECONDS", 5))

# Anonymous requests per client address (REMOTE_ADDR) to the pages dearest to
# render, by URL name, counted in the cache: "<count>/<s, m, h or d>"; see
# cepsite/ratelimits.py. Pages served from the page cache are not counted.
RATELIMIT_ENABLE = env_bool("RATELIMIT_ENABLE", default=True)
_DOWNLOAD_RATE = os.environ.get("RATE_LIMIT_DOWNLOADS", "10/m")
RATE_LIMITS = {
    "search": os.environ.get("RATE_LIMIT_SEARCH", "30/m"),
    "tag": os.environ.get("RATE_LIMIT_TAGS", "60/m"),
    "quotes:download_csv": _DOWNLOAD_RATE,
    "quotes:download_json": _DOWNLOAD_RATE,
}

# The public read API (cepsite/site/api/): anonymous requests per client
# address ("" for no limit), items a page by default and at most, and how
# long, in seconds, a page's cursor may be followed.
API_RATE_LIMIT = os.environ.get("RATE_LIMIT_API", "120/m")
API_PAGE_SIZE = int(os.environ.get("API_PAGE_SIZE", 20))
API_PAGE_SIZE_MAX = int(os.environ.get("API_PAGE_SIZE_MAX", 100))
API_CURSOR_MAX_AGE = int(os.environ.get("API_CURSOR_MAX_AGE", 7 * 24 * 60 * 60))
# Dataset releases (cepsite/site/datasets/): where in media storage they go,
# their licence and who is cited as their author.
DATASETS_DIRECTORY = os.environ.get("DATASETS_DIRECTORY", "datasets")
DATASETS_LICENSE = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}
DATASETS_AUTHOR = os.environ.get("DATASETS_AUTHOR", "Counter Extremism Project")

# Sessions live in the database so that any web server can serve any request.
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# Staff accounts (cepsite/accounts.py; docs/operations.md, "Staff accounts").
# A session ends after a working day however busy, and after an idle hour.
STAFF_SESSION_MAX_AGE = int(os.environ.get("STAFF_SESSION_MAX_AGE", 10 * 60 * 60))
STAFF_SESSION_IDLE_AGE = int(os.environ.get("STAFF_SESSION_IDLE_AGE", 60 * 60))
SESSION_COOKIE_AGE = STAFF_SESSION_MAX_AGE
# A code from an authenticator app (or a recovery code), or a passkey (see
# OTP_WEBAUTHN_* below), after the password.
STAFF_TWO_FACTOR_REQUIRED = env_bool("STAFF_TWO_FACTOR_REQUIRED", default=not DEBUG)
OTP_TOTP_ISSUER = SITE_NAME
# django-axes counts failed sign-ins, per account and per address: either
# reaching the limit locks it out until the cool-off ends or an editor
# deletes the failed attempts in the admin.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("STAFF_LOGIN_FAILURE_LIMIT", 5))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("STAFF_LOCKOUT_MINUTES", 30)))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "cepsite.admin.auth.lockout"
AXES_CLIENT_IP_CALLABLE = "cepsite.accounts.client_address"
# Proxies in front of the app whose X-Forwarded-For is trusted: nginx, in
# production; none in a local trial, where the header could be forged.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", 0 if DEBUG else 1))

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"  # noqa: E501
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = os.environ.get("TIME_ZONE", "America/New_York")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Django serves uploads itself only in a local trial; nginx or a bucket does
# in production.
SERVE_MEDIA = env_bool("SERVE_MEDIA", default=DEBUG)

# Uploads go to MEDIA_ROOT (a volume the web servers share), or to an
# S3-compatible bucket through django-storages when one is configured.
if AWS_STORAGE_BUCKET_NAME := os.environ.get("AWS_STORAGE_BUCKET_NAME"):
    DEFAULT_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "custom_domain": os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
            "file_overwrite": False,
            "querystring_auth": False,
        },
    }
else:
    DEFAULT_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}

# Captured copies of sources are evidence, not publication: kept outside
# MEDIA_ROOT (a volume the web servers share, never served), read only
# through the admin.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "private"))

# Fetching sources (manage.py capture_sources, check_sources): never an
# address on a private, loopback or link-local network unless allowed here
# (True; or, in settings only, a list of the networks allowed).
SOURCES_ALLOW_PRIVATE_ADDRESSES = env_bool(
    "SOURCES_ALLOW_PRIVATE_ADDRESSES", default=False
)
SOURCES_FETCH_TIMEOUT = float(os.environ.get("SOURCES_FETCH_TIMEOUT", "20"))
SOURCES_MAX_BYTES = int(os.environ.get("SOURCES_MAX_BYTES", str(20 * 1024 * 1024)))
SOURCES_MAX_REDIRECTS = 5
SOURCES_CHECK_LIMIT = int(os.environ.get("SOURCES_CHECK_LIMIT", "500"))
# Seconds between two requests to the same host.
SOURCES_HOST_DELAY = float(os.environ.get("SOURCES_HOST_DELAY", "2"))
SOURCES_USER_AGENT = os.environ.get(
    "SOURCES_USER_AGENT",
    "CEP-source-checker/1.0 (archive provenance; +https://www.counterextremism.com/)",
)

STORAGES = {
    "default": DEFAULT_STORAGE,
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage",
    },
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Uploaded images are decoded in full to validate them; keep them sane.
MAX_IMAGE_PIXELS = 40_000_000
MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# Renditions of uploaded images (cepsite.renditions), under MEDIA_ROOT.
IMAGEKIT_CACHEFILE_DIR = "renditions"
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# manage.py import_content: the longest value a row may give a text field
# that has no length of its own (a body, a quote's text), in characters.
IMPORT_MAX_TEXT_LENGTH = int(os.environ.get("IMPORT_MAX_TEXT_LENGTH", 1_000_000))

TAGGIT_CASE_INSENSITIVE = True
# Tag slugs are ASCII, transliterated by Unidecode ("Ḥamās" → "hamas"), so
# every tag's address is a plain slug; see cepsite.tagging.
TAGGIT_STRIP_UNICODE_WHEN_SLUGIFYING = True

# Content-Security-Policy: nothing from other origins, no inline script.
# The admin's rich-text editor loads an import map, which carries the nonce.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}

if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    # Load balancers probe the health check over plain HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    # Preloading is hard to undo: only when the operator asks for it.
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=False)
    if not SECURE_HSTS_PRELOAD:
        # Deliberately off until asked for; not an oversight to warn about.
        SILENCED_SYSTEM_CHECKS = ["security.W021"]
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SECURE_REFERRER_POLICY = "same-origin"
    X_FRAME_OPTIONS = "DENY"

# The site's own address, for links made outside a request (manage.py
# preview_link, the review emails).
SITE_URL = os.environ.get("SITE_URL", "http://localhost:8000").rstrip("/")

# Passkeys (django-otp-webauthn), a second factor like the authenticator
# app: a passkey belongs to one relying party, a domain, and works only on
# pages of the origins listed. Both default to the site's own address;
# changing the domain later makes every registered passkey stop working.
_SITE_ORIGIN = urlsplit(SITE_URL)
OTP_WEBAUTHN_RP_ID = os.environ.get("OTP_WEBAUTHN_RP_ID") or _SITE_ORIGIN.hostname
OTP_WEBAUTHN_RP_NAME = os.environ.get("OTP_WEBAUTHN_RP_NAME") or SITE_NAME
OTP_WEBAUTHN_ALLOWED_ORIGINS = env_list(
    "OTP_WEBAUTHN_ALLOWED_ORIGINS", f"{_SITE_ORIGIN.scheme}://{_SITE_ORIGIN.netloc}"
)
# Only after the password: a passkey never signs anyone in on its own.
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False

# Mail (review notices): printed to the console unless an SMTP host is set.
if EMAIL_HOST := os.environ.get("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", 587))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=EMAIL_PORT == 587)
    EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", default=False)
    EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", 10))
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "newsroom@localhost")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
