"""
``python -m bench.search [--replace] [--skip-load] [--quotes N] ...``: the
search benchmark in its own PostgreSQL database (``$DATABASE_URL``, by
default ``cep_bench_search`` on 127.0.0.1), created and migrated if need be.
"""

import os
import sys

from . import database

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/cep_bench_search"


def main(argv=None):
    """Run the search benchmark with the options in ``argv``."""
    argv = sys.argv[1:] if argv is None else argv
    os.environ.setdefault("DATABASE_URL", DEFAULT_DATABASE_URL)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cepsite.settings")
    # Asking for the options creates and migrates nothing.
    wants_help = {"-h", "--help"} & set(argv)
    if not wants_help:
        database.ensure()

    import django

    django.setup()

    from django.core.management import call_command

    from .command import Command

    if not wants_help:
        call_command("migrate", interactive=False, verbosity=0)
    Command().run_from_argv(["python -m", "bench.search", *argv])


if __name__ == "__main__":
    main()
