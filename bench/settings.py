"""
Production settings for the benchmark, plus the floor page.

``cepsite.settings`` reads the environment when it is imported, so the
production switches are put there first: the benchmark then measures the
settings production gets (``DEBUG`` off, persistent database connections,
the Redis cache), not a copy of them.
"""

import os
import tempfile
from pathlib import Path

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/cep_bench_pages_full"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/9"

# Assigned, not defaulted: a DATABASE_URL or DEBUG left in the shell must not
# point the benchmark (which replaces content) at another database, or turn
# it into a development server.
os.environ.update(
    DEBUG="0",
    SECRET_KEY="bench-only-secret-key-never-used-by-a-real-site",
    ALLOWED_HOSTS="127.0.0.1",
    # wrk talks plain HTTP on loopback, as nginx does to gunicorn.
    SECURE_SSL_REDIRECT="0",
    DATABASE_URL=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL),
    REDIS_URL=os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS_URL),
    CACHE_KEY_PREFIX="cep-bench-pages",
)

from cepsite.settings import *  # noqa: E402, F403
from cepsite.settings import PAGE_CACHE_EXCLUDED_PREFIXES  # noqa: E402

ROOT_URLCONF = "bench.urls"

# The floor measures rendering through the middleware; a cached floor would
# measure the cache instead.
PAGE_CACHE_EXCLUDED_PREFIXES = (*PAGE_CACHE_EXCLUDED_PREFIXES, "/bench/")

# collectstatic writes here, outside the checkout, so a benchmark leaves
# nothing behind in it; WhiteNoise serves the files as in production.
STATIC_ROOT = Path(
    os.environ.get(
        "BENCH_STATIC_ROOT", Path(tempfile.gettempdir()) / "cep-bench-pages-static"
    )
)

# The load comes from one address, far faster than any reader; the rate
# limits (cepsite/ratelimits.py) would answer most of it with 429.
RATELIMIT_ENABLE = False
