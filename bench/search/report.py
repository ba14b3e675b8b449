"""
Timing the search benchmark's queries, and what it prints of them: a line
per query, p50 and p95 per kind against its target, and the plans.
"""

import re
import statistics
import time

from django.db import connection
from django.test.utils import CaptureQueriesContext

# The p95 each kind of query is read against, in milliseconds.
TARGETS = {"names": 20, "default": 50}

# The suggestions' p95 is read against the plain-words search's, measured
# in the same run: at most this fraction of it.
SUGGEST_RATIO_GOAL = 1 / 3

_INDEX_IN_PLAN = re.compile(
    r"(?:Index(?: Only)? Scan(?: Backward)? using|Bitmap Index Scan on) (\w+)"
)


def _timed(run):
    """Return the milliseconds ``run`` takes."""
    started = time.perf_counter()
    run()
    return (time.perf_counter() - started) * 1000


def measure(cases, repeat):
    """Return the timings by kind and by query, and what each query found."""
    timings, counts = {}, {}
    for kind, label, run in cases:
        # The first run warms up, and says what the query finds.
        counts[(kind, label)] = run()
        runs = [_timed(run) for _ in range(repeat)]
        timings.setdefault(kind, []).extend(runs)
        timings[(kind, label)] = runs
    return timings, counts


def _p95(runs):
    return statistics.quantiles(sorted(runs), n=20, method="inclusive")[18]


def report(out, cases, timings, counts):
    """Write a line per query, then p50 and p95 per kind against its target."""
    out.write(f"{'query':<44} {'kind':<12} {'found':>9} {'p50':>8} {'max':>8}")
    for kind, label, _ in cases:
        runs = timings[(kind, label)]
        found = counts[(kind, label)]
        found = found if isinstance(found, str) else f"{found:,}"
        out.write(
            f"{label[:44]:<44} {kind:<12} {found:>9} "
            f"{statistics.median(runs):>6.1f}ms {max(runs):>6.1f}ms"
        )
    out.write(f"\n{'kind':<12} {'runs':>5} {'p50':>9} {'p95':>9} {'target':>8}")
    for kind in dict.fromkeys(kind for kind, _, _ in cases):
        runs = timings[kind]
        p95 = _p95(runs)
        target = TARGETS.get(kind, TARGETS["default"])
        verdict = "ok" if p95 < target else "MISSED"
        out.write(
            f"{kind:<12} {len(runs):>5} {statistics.median(runs):>7.1f}ms "
            f"{p95:>7.1f}ms {target:>5}ms {verdict}"
        )
    if "suggest" in timings and "words" in timings:
        ratio = suggest_ratio(timings)
        verdict = "ok" if ratio <= SUGGEST_RATIO_GOAL else "MISSED"
        out.write(
            f"\nSuggestions p95 / plain-words search p95: {ratio:.3f} "
            f"(goal at most {SUGGEST_RATIO_GOAL:.3f}) {verdict}"
        )


def suggest_ratio(timings):
    """The suggestions' p95 as a fraction of the plain-words search's p95."""
    return _p95(timings["suggest"]) / _p95(timings["words"])


def _plan(sql):
    """Return the lines of the plan of ``sql`` run under EXPLAIN ANALYZE."""
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
        return [row[0] for row in cursor.fetchall()]


def _first_of_each_kind(cases):
    seen = set()
    for kind, label, run in cases:
        if kind not in seen:
            seen.add(kind)
            yield kind, label, run


def explain(out, cases):
    """Write the plans of the statements behind the first query of each kind."""
    out.write("\nPlans (EXPLAIN ANALYZE) of the first query of each kind:")
    for kind, label, run in _first_of_each_kind(cases):
        # The log keeps a bounded number of queries; a full one would leave
        # nothing to capture.
        connection.queries_log.clear()
        with CaptureQueriesContext(connection) as captured:
            run()
        out.write(f"\n== {kind}: {label}")
        for statement in captured.captured_queries:
            sql = statement["sql"]
            plan = _plan(sql)
            indexes = sorted(set(_INDEX_IN_PLAN.findall("\n".join(plan))))
            used = ", ".join(indexes) or "none"
            out.write(f"-- {sql[:110]}...\n   indexes used: {used}")
            for line in plan:
                out.write(f"   {line}")
