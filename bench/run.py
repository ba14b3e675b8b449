"""
``python -m bench.run``: the page benchmark, from an empty database to a
table of figures.

1. Creates the database if needed, migrates it, and fills it with the
   generated archive (unless it already holds this size), then collects the
   static files.
2. Starts two gunicorn servers with production settings (``bench.settings``)
   and two workers each: one with the page cache, one without.
3. Checks every URL answers 200 on both, warms both up, then runs wrk on
   each target, the cached and uncached server in turn, each run preceded
   by one of the floor on the same server, for ``--rounds`` rounds.
4. Reports, per target and mode, the round with the median ratio to the
   floor measured just before it: that ratio, the page's requests a second,
   p50 and p99 latency; and the non-2xx responses over all rounds.
5. Renders each target once in process and explains its queries, flagging
   sequential scans of large tables.
"""

import argparse
import json
import os
import platform
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

BASE_DIR = Path(__file__).resolve().parent.parent
MODES = ("cached", "uncached")
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/cep_bench_pages_{size}"
DEFAULT_REDIS = "redis://127.0.0.1:6379/9"


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", choices=["full", "small", "tiny"], default="full")
    parser.add_argument(
        "--database-url",
        help="PostgreSQL database to fill; its name must start with "
        f"cep_bench_pages (default: {DEFAULT_DATABASE})",
    )
    parser.add_argument("--redis-url", default=DEFAULT_REDIS)
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
    """Point bench.settings at the benchmark's database, cache and static root."""
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
    import psycopg

    name = urlsplit(database_url).path.lstrip("/")
    if not name.startswith("cep_bench_pages"):
        raise SystemExit(
            "The benchmark's database name must start with cep_bench_pages, "
            f"not {name!r}."
        )
    maintenance = urlsplit(database_url)._replace(path="/postgres").geturl()
    with psycopg.connect(maintenance, autocommit=True) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def prepare(size, log):
    """Migrate, generate the archive if it is not there, collect static files."""
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connections

    from . import data

    call_command("migrate", verbosity=0, interactive=False)
    if data.loaded_dataset() != (size, data.GENERATOR_VERSION):
        log(f"Generating the {size} archive")
        started = time.monotonic()
        data.generate(size, progress=log)
        log(f"  done in {time.monotonic() - started:.0f} s")
    else:
        log(f"The {size} archive is already loaded")
    call_command("collectstatic", verbosity=0, interactive=False)
    # Pages cached by an earlier run were rendered from other data.
    cache.clear()
    connections.close_all()


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    mode: str
    workers: int
    workdir: Path
    port: int = 0
    process: subprocess.Popen = None

    @property
    def base_url(self):
        return f"http://127.0.0.1:{self.port}"

    def start(self):
        self.port = free_port()
        env = {
            **os.environ,
            "PAGE_CACHE_ENABLED": "1" if self.mode == "cached" else "0",
        }
        self.log_path = self.workdir / f"gunicorn-{self.mode}.log"
        with open(self.log_path, "w") as log:
            self.process = subprocess.Popen(
                [
                    sys.executable, "-m", "gunicorn", "cepsite.wsgi",
                    "--bind", f"127.0.0.1:{self.port}",
                    "--workers", str(self.workers),
                    "--log-level", "warning",
                ],
                cwd=BASE_DIR,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip

    def wait_ready(self, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                with urllib.request.urlopen(f"{self.base_url}/healthz", timeout=5):
                    return
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.2)
        raise RuntimeError(
            f"gunicorn ({self.mode}) did not start:\n{self.log_path.read_text()}"
        )

    def stop(self):
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def fetch(url):
    """(status, body bytes, X-Cache) of one GET."""
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.status, response.read(), response.headers.get("X-Cache")
    except urllib.error.HTTPError as error:
        return error.code, error.read(), error.headers.get("X-Cache")


def check_pages(servers, paths):
    """
    Every URL answers 200 on both servers, and the cached server serves the
    second request from its cache. Returns the size of each target's first
    page, to compare with the floor's.
    """
    sizes = {}
    problems = []
    for name, target_paths in paths.items():
        for path in target_paths:
            for server in servers:
                status, body, _ = fetch(server.base_url + path)
                if status != 200:
                    problems.append(f"{server.mode} {path}: {status}")
                sizes.setdefault(name, len(body))
            cached = next(s for s in servers if s.mode == "cached")
            _, _, x_cache = fetch(cached.base_url + path)
            if name != "floor" and x_cache != "hit":
                problems.append(f"cached {path}: not served from the cache")
    if problems:
        raise RuntimeError("Pages not ready for measuring:\n" + "\n".join(problems))
    return sizes


def measure(servers, targets, paths, args, workdir, log):
    """
    For each target and mode, one ``(page, floor)`` pair a round: the floor
    measured on the same server just before the page, so that a machine
    whose speed drifts during the run moves both alike.
    """
    from . import wrk

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


def _median(items, key):
    ordered = sorted(items, key=key)
    return ordered[(len(ordered) - 1) // 2]


def summarise(targets, runs):
    """
    One row per target and mode. A page's ratio is taken in each round
    against the floor measured just before it; the row shows the round with
    the median ratio.
    """
    rows = []
    for mode in MODES:
        floor_runs = [
            f for (_, m), pairs in runs.items() if m == mode for _, f in pairs
        ]
        floor = _median(floor_runs, key=lambda m: m.rate)
        rows.append(
            {
                "target": "floor",
                "label": "Floor (no database)",
                "mode": mode,
                "rate": floor.rate,
                "p50_ms": floor.p50_us / 1000,
                "p99_ms": floor.p99_us / 1000,
                "non2xx": sum(m.non2xx + m.socket_errors for m in floor_runs),
                "cache_hits": sum(m.cache_hits for m in floor_runs),
                "requests": sum(m.requests for m in floor_runs),
                "ratio": 1.0,
                "goal": None,
                "rounds": [m.as_dict() for m in floor_runs],
            }
        )
    for target in targets:
        for mode in MODES:
            measured = runs[(target.name, mode)]
            page, floor = _median(
                measured, key=lambda pair: pair[0].rate / pair[1].rate
            )
            goal = target.cached_goal if mode == "cached" else target.uncached_goal
            rows.append(
                {
                    "target": target.name,
                    "label": target.label,
                    "mode": mode,
                    "rate": page.rate,
                    "p50_ms": page.p50_us / 1000,
                    "p99_ms": page.p99_us / 1000,
                    "non2xx": sum(m.non2xx + m.socket_errors for m, _ in measured),
                    "cache_hits": sum(m.cache_hits for m, _ in measured),
                    "requests": sum(m.requests for m, _ in measured),
                    "floor_rate": floor.rate,
                    "ratio": page.rate / floor.rate,
                    "goal": goal,
                    "rounds": [
                        {**m.as_dict(), "floor_rate": f.rate} for m, f in measured
                    ],
                }
            )
    return rows


def format_table(rows):
    lines = [
        "| Target | Mode | req/s | p50 ms | p99 ms | non-2xx | × floor | goal | met |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for row in rows:
        goal = row["goal"]
        met = "—" if goal is None else ("yes" if row["ratio"] >= goal else "**no**")
        if row["non2xx"]:
            met = "**no** (errors)"
        lines.append(
            f"| {row['label']} | {row['mode']} | {row['rate']:.0f} "
            f"| {row['p50_ms']:.1f} | {row['p99_ms']:.1f} | {row['non2xx']} "
            f"| {row['ratio']:.2f} | {'—' if goal is None else f'≥ {goal}'} | {met} |"
        )
    return "\n".join(lines)


def explain_targets(targets, paths, log):
    from . import explain

    sizes = explain.table_sizes()
    plans = []
    for target in targets:
        plan = explain.page_plan(target.name, paths[target.name][0])
        plans.append(plan.as_dict(sizes))
        scans = plan.large_seq_scans(sizes)
        flag = (
            "SEQ SCAN of " + ", ".join(f"{t} ({n:,} rows)" for t, n in scans)
            if scans
            else "no seq scan of a large table"
        )
        log(
            f"  {target.name:<17} {plan.query_count:>3} queries "
            f"{plan.milliseconds:7.1f} ms  {flag}"
        )
    return plans


def main(argv=None):
    args = parse_args(argv)

    def log(message):
        print(message, flush=True)

    from . import wrk

    wrk.require_wrk()
    database_url = configure(args)
    ensure_database(database_url)

    import django

    django.setup()

    from . import targets as target_module

    prepare(args.size, log)
    targets = [t for t in target_module.TARGETS if not args.only or t.name in args.only]
    paths = target_module.choose_paths()
    from django.db import connections

    connections.close_all()

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

    rows = summarise(targets, runs)
    log("Explaining the queries of each page (page cache off)")
    plans = explain_targets(targets, paths, log)

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
    missed = [
        r for r in rows
        if r["non2xx"] or (r["goal"] is not None and r["ratio"] < r["goal"])
    ]  # fmt: skip
    scans = [p for p in plans if p["large_seq_scans"]]
    print()
    print(f"Goals missed: {len(missed)}; pages scanning a large table: {len(scans)}")

    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "size": args.size,
                    "settings": {
                        "duration": args.duration,
                        "rounds": args.rounds,
                        "connections": args.connections,
                        "threads": args.threads,
                        "workers": args.workers,
                        "cpus": os.cpu_count(),
                    },
                    "page_bytes": page_bytes,
                    "paths": paths,
                    "results": rows,
                    "explain": plans,
                },
                indent=2,
            )
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
