"""
The search benchmark's own database (``make bench-search``).

The benchmark replaces every row it finds, so it runs in a database of its
own, named in ``DATABASE_URL``. :func:`ensure` creates that database when it
does not exist yet, and refuses any name that does not say it is a
benchmark's, so that a mistyped URL cannot point the load at real content.
"""

import os
import sys

import dj_database_url
import psycopg
from psycopg import sql

PREFIX = "cep_bench"


def ensure(url=None):
    """Return the name of the benchmark's database, created if it is missing."""
    url = url or os.environ.get("DATABASE_URL", "")
    if not url:
        raise SystemExit("Set DATABASE_URL to the benchmark's PostgreSQL database.")
    config = dj_database_url.parse(url)
    if "postgresql" not in config["ENGINE"]:
        raise SystemExit(f"The search benchmark needs PostgreSQL, not {url}.")
    name = config["NAME"]
    if not name.startswith(PREFIX):
        raise SystemExit(
            f"Refusing to use the database {name!r}: the benchmark deletes "
            f"everything in it, so its name must start with {PREFIX!r}."
        )
    connection = psycopg.connect(
        dbname="postgres",
        host=config.get("HOST") or None,
        port=config.get("PORT") or None,
        user=config.get("USER") or None,
        password=config.get("PASSWORD") or None,
        autocommit=True,
    )
    with connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            connection.execute(
                sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
            )
            print(f"Created the database {name}.", file=sys.stderr)
    return name
