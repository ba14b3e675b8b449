"""
``python -m bench.run``: the page benchmark, from an empty database to a
table of figures.

1. Creates the database if needed, migrates it, and fills it with the
   generated archive (``bench.data``) unless it already holds this size,
   then collects the static files.
2. Starts two gunicorn servers with production settings (``bench.settings``)
   and two workers each: one with the page cache, one without
   (``bench.servers``).
3. Checks every URL answers 200 on both, warms both up, then runs wrk on
   each target, the cached and uncached server in turn, each run preceded
   by one of the floor on the same server, for ``--rounds`` rounds.
4. Reports, per target and mode, the round with the median ratio to the
   floor measured just before it: that ratio, the page's requests a second,
   p50 and p99 latency; and the non-2xx responses over all rounds
   (``bench.summary``).
5. Renders every path of each target's rotation in process, as the first
   request after a content change, and explains its queries: a target whose
   dearest path spends over ``SQL_BUDGET_MS`` in SQL misses its goal, and
   sequential scans of large tables are flagged (``bench.explain``).

Missed goals are reported, not failed: the exit status is 0 once the run
completes.
"""

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

from . import wrk
from .servers import MODES, Server, check_pages
from .summary import format_table, missed, summarise

DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/cep_bench_pages_{size}"
DEFAULT_REDIS = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/9")
DATABASE_PREFIX = "cep_bench_pages"


def parse_args(argv=None):
    """Return the command line's options."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", choices=["full", "small", "tiny"], default="full")
    parser.add_argument(
        "--database-url",
        help=f"PostgreSQL database to fill; its name must start with "
        f"{DATABASE_PREFIX} (default: {DEFAULT_DATABASE})",
    )
    parser.add_argument(
        "--redis-url", default=DEFAULT_REDIS, help="default: $BENCH_REDIS_URL or db 9"
    )
    parser.add_argument(
        "--skip-load",
        action="store_true",
        help="measure the archive already in the database, whatever its size",
    )
    parser.add_argument("--duration", type=int, default=10, help="seconds of wrk")
    parser.add_argument(
        "--floor-duration",
        type=int,
        default=5,
        help="seconds of wrk on the floor before each page",
    )
    parser.add_argument("--warmup", type=int, default=2, help="seconds of wrk")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument(
        "--only", nargs="*", help="measure these targets only (and the floor)"
    )
    return parser.parse_args(argv)


def configure(args):
    """Return the database URL, once bench.settings is pointed at it."""
    database_url = args.database_url or DEFAULT_DATABASE.format(size=args.size)
    os.environ.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        BENCH_DATABASE_URL=database_url,
        BENCH_REDIS_URL=args.redis_url,
        BENCH_STATIC_ROOT=str(
            Path(tempfile.gettempdir()) / f"cep-bench-pages-static-{args.size}"
        ),
    )
    return database_url


def ensure_database(database_url):
    """Create the benchmark's database if it is missing; refuse any other name."""
    import psycopg

    name = urlsplit(database_url).path.lstrip("/")
    if not name.startswith(DATABASE_PREFIX):
        raise SystemExit(
            f"The benchmark's database name must start with {DATABASE_PREFIX}, "
            f"not {name!r}."
        )
    maintenance = urlsplit(database_url)._replace(path="/postgres").geturl()
    with psycopg.connect(maintenance, autocommit=True) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def fill(size, log):
    """Ensure the database holds the archive of ``size`` from this generator."""
    from .data import SIZES
    from .data.loading import GENERATOR_VERSION, load, loaded_dataset

    if loaded_dataset() == (size, GENERATOR_VERSION):
        log(f"The {size} archive is already loaded")
        return
    log(f"Generating the {size} archive")
    started = time.monotonic()
    load(SIZES[size], label=size, progress=lambda line: log(f"  {line}"))
    log(f"  done in {time.monotonic() - started:.0f} s")


def prepare(args, log):
    """Migrate, fill the database unless told not to, collect static files."""
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connections

    call_command("migrate", verbosity=0, interactive=False)
    if args.skip_load:
        log("Measuring the archive already loaded")
    else:
        fill(args.size, log)
    call_command("collectstatic", verbosity=0, interactive=False)
    # Pages cached by an earlier run were rendered from other data.
    cache.clear()
    connections.close_all()


def measure(servers, targets, paths, args, workdir, log):
    """Return, per target and mode, one ``(page, floor)`` pair a round."""
    # The floor is measured on the same server just before the page, so that
    # a machine whose speed drifts during the run moves both alike.
    by_mode = {server.mode: server for server in servers}
    runs = {(t.name, mode): [] for t in targets for mode in MODES}

    def one(name, mode, duration):
        return wrk.run(
            by_mode[mode].base_url,
            paths[name],
            duration=duration,
            connections=args.connections,
            threads=args.threads,
            workdir=workdir,
        )

    if args.warmup:
        log("Warming up")
        for name in ["floor", *(t.name for t in targets)]:
            for mode in MODES:
                one(name, mode, args.warmup)
    for round_number in range(1, args.rounds + 1):
        log(f"Round {round_number} of {args.rounds}")
        for target in targets:
            for mode in MODES:
                floor = one("floor", mode, args.floor_duration)
                page = one(target.name, mode, args.duration)
                runs[(target.name, mode)].append((page, floor))
                log(
                    f"  {target.name:<17} {mode:<8} {page.rate:8.1f} req/s, "
                    f"floor {floor.rate:8.1f}: {page.rate / floor.rate:5.2f}×"
                )
    return runs


def serve_and_measure(targets, paths, args, log):
    """Return the sizes of the first pages and the runs, from both servers."""
    with tempfile.TemporaryDirectory(prefix="cep-bench-pages-") as workdir:
        workdir = Path(workdir)
        servers = [Server(mode, args.workers, workdir) for mode in MODES]
        try:
            for server in servers:
                server.start()
            for server in servers:
                server.wait_ready()
            log("Checking every URL")
            page_bytes = check_pages(
                servers,
                {"floor": paths["floor"]} | {t.name: paths[t.name] for t in targets},
            )
            runs = measure(servers, targets, paths, args, workdir, log)
        finally:
            for server in servers:
                server.stop()
    return page_bytes, runs


def print_report(args, rows, plans, page_bytes):
    """Print the settings, the table and what missed, as the run's result."""
    # bench.explain needs Django set up, which this module does in main().
    from .explain import format_over_budget, over_budget

    print()
    print(
        f"Size {args.size}; {args.rounds} round(s) of {args.duration} s per target "
        f"and mode; wrk -t{args.threads} -c{args.connections}; gunicorn "
        f"{args.workers} sync workers per server; {os.cpu_count()} CPUs "
        f"({platform.processor() or platform.machine()})."
    )
    print(
        f"Page sizes: floor {page_bytes['floor']:,} bytes, press list "
        f"{page_bytes.get('press_list', 0):,} bytes."
    )
    print()
    print(format_table(rows))
    scans = [p for p in plans if p["large_seq_scans"]]
    over = over_budget(plans)
    print()
    print(
        f"Goals missed: {len(missed(rows)) + len(over)}; "
        f"pages scanning a large table: {len(scans)}"
    )
    if over:
        print(format_over_budget(over))


def write_json(args, rows, plans, page_bytes, paths):
    """Write the run's settings, figures and plans to ``args.json``."""
    from .explain import SQL_BUDGET_MS

    settings = {
        "duration": args.duration,
        "rounds": args.rounds,
        "connections": args.connections,
        "threads": args.threads,
        "workers": args.workers,
        "cpus": os.cpu_count(),
    }
    report = {
        "size": args.size,
        "settings": settings,
        "page_bytes": page_bytes,
        "paths": paths,
        "results": rows,
        "sql_budget_ms": SQL_BUDGET_MS,
        "explain": plans,
    }
    args.json.write_text(json.dumps(report, indent=2))


def log(message):
    """Print one line of progress at once."""
    print(message, flush=True)


def main(argv=None):
    """Run the page benchmark; return the process's exit status."""
    args = parse_args(argv)
    wrk.require_wrk()
    ensure_database(configure(args))

    import django

    django.setup()

    from django.db import connections

    from . import targets as target_module
    from .explain import explain_pages

    prepare(args, log)
    targets = [t for t in target_module.TARGETS if not args.only or t.name in args.only]
    paths = target_module.choose_paths()
    connections.close_all()

    page_bytes, runs = serve_and_measure(targets, paths, args, log)
    rows = summarise(targets, runs)
    log("Explaining the queries of every path (page cache off)")
    plans = explain_pages(targets, paths, log)
    print_report(args, rows, plans, page_bytes)
    if args.json:
        write_json(args, rows, plans, page_bytes, paths)
    return 0


if __name__ == "__main__":
    sys.exit(main())
