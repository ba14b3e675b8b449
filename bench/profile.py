"""
``python -m bench.profile TARGET``: where one page's time goes, uncached.

Renders the target's URLs in this process against the benchmark's database
(fill it first with ``python -m bench.run``), with the page cache off, and
prints the time per request, the queries per request and the time they
took, and the functions that cost the most under cProfile.

With ``--against-floor`` it renders each of the target's URLs in turn with
the floor instead, and prints the page's time as a multiple of the
floor's: both see the machine as it is at that moment, which a machine
whose speed wanders needs.
"""

import argparse
import cProfile
import pstats
import time

from .run import DEFAULT_REDIS, configure


def main(argv=None):
    """Print where the target's time goes, or how it compares with the floor."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("target")
    parser.add_argument("--size", choices=["full", "small", "tiny"], default="full")
    parser.add_argument("--database-url")
    parser.add_argument("--redis-url", default=DEFAULT_REDIS)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--sort", default="cumulative")
    parser.add_argument("--against-floor", action="store_true")
    args = parser.parse_args(argv)
    configure(args)

    import django

    django.setup()

    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    from .targets import choose_paths

    chosen = choose_paths()
    paths = chosen[args.target]
    client = Client(HTTP_HOST="127.0.0.1")

    if args.against_floor:
        with override_settings(PAGE_CACHE_ENABLED=False):
            against_floor(client, args.target, paths, chosen["floor"][0], args.repeat)
        return

    def render_all():
        for path in paths:
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)

    with override_settings(PAGE_CACHE_ENABLED=False):
        render_all()
        with CaptureQueriesContext(connection) as captured:
            render_all()
        # Read now: the captured list is a view of the connection's query
        # log, which every later request clears.
        queries = list(captured.captured_queries)
        started = time.perf_counter()
        for _ in range(args.repeat):
            render_all()
        elapsed = time.perf_counter() - started
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(args.repeat):
            render_all()
        profiler.disable()

    requests = args.repeat * len(paths)
    sql_ms = sum(float(q["time"]) for q in queries) * 1000
    print(
        f"{args.target}: {len(paths)} URL(s), {elapsed / requests * 1000:.1f} ms "
        f"a request; {len(queries) / len(paths):.1f} queries a request taking "
        f"{sql_ms / len(paths):.1f} ms"
    )
    slowest = sorted(queries, key=lambda q: -float(q["time"]))[:5]
    for query in slowest:
        print(f"  {float(query['time']) * 1000:7.1f} ms  {query['sql'][:300]}")
    pstats.Stats(profiler).sort_stats(args.sort).print_stats(args.top)


def against_floor(client, target, paths, floor, repeat):
    """Print the target's time as a multiple of the floor's, rendered in turn."""

    def timed(path):
        started = time.perf_counter()
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        return time.perf_counter() - started

    for path in paths:
        timed(floor), timed(path)
    floor_time = page_time = 0.0
    for _ in range(repeat):
        for path in paths:
            floor_time += timed(floor)
            page_time += timed(path)
    requests = repeat * len(paths)
    print(
        f"{target}: {page_time / floor_time:.2f} times the floor's time "
        f"({page_time / requests * 1000:.1f} ms a request, the floor "
        f"{floor_time / requests * 1000:.1f} ms)"
    )


if __name__ == "__main__":
    main()
