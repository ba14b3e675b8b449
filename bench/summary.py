"""
The page benchmark's figures: one row per target and mode, and the table
they are printed as.

A page's ratio is taken in each round against the floor measured just
before it on the same server, so that a machine whose speed drifts during a
run moves both alike; a row shows the round with the median ratio.
"""

from .servers import MODES

TABLE_HEADER = [
    "| Target | Mode | req/s | p50 ms | p99 ms | non-2xx | × floor | goal | met |",
    "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
]


def _median(items, key):
    """Return the middle item by ``key``, the lower one of an even count."""
    ordered = sorted(items, key=key)
    return ordered[(len(ordered) - 1) // 2]


def _totals(measurements):
    """Return the errors, cache hits and requests summed over ``measurements``."""
    return {
        "non2xx": sum(m.non2xx + m.socket_errors for m in measurements),
        "cache_hits": sum(m.cache_hits for m in measurements),
        "requests": sum(m.requests for m in measurements),
    }


def _floor_row(mode, runs):
    """Return the floor's row for ``mode``: its median run over every round."""
    floor_runs = [f for (_, m), pairs in runs.items() if m == mode for _, f in pairs]
    floor = _median(floor_runs, key=lambda m: m.rate)
    return {
        "target": "floor",
        "label": "Floor (no database)",
        "mode": mode,
        "rate": floor.rate,
        "p50_ms": floor.p50_us / 1000,
        "p99_ms": floor.p99_us / 1000,
        **_totals(floor_runs),
        "ratio": 1.0,
        "goal": None,
        "rounds": [m.as_dict() for m in floor_runs],
    }


def _target_row(target, mode, measured):
    """Return the row of ``target`` in ``mode``: the round of the median ratio."""
    page, floor = _median(measured, key=lambda pair: pair[0].rate / pair[1].rate)
    return {
        "target": target.name,
        "label": target.label,
        "mode": mode,
        "rate": page.rate,
        "p50_ms": page.p50_us / 1000,
        "p99_ms": page.p99_us / 1000,
        **_totals([m for m, _ in measured]),
        "floor_rate": floor.rate,
        "ratio": page.rate / floor.rate,
        "goal": target.cached_goal if mode == "cached" else target.uncached_goal,
        "rounds": [{**m.as_dict(), "floor_rate": f.rate} for m, f in measured],
    }


def summarise(targets, runs):
    """Return one row per mode for the floor, then per target and mode."""
    rows = [_floor_row(mode, runs) for mode in MODES]
    rows += [
        _target_row(target, mode, runs[(target.name, mode)])
        for target in targets
        for mode in MODES
    ]
    return rows


def _met(row):
    goal = row["goal"]
    if row["non2xx"]:
        return "**no** (errors)"
    if goal is None:
        return "—"
    return "yes" if row["ratio"] >= goal else "**no**"


def format_table(rows):
    """Return ``rows`` as a Markdown table, saying which goals are met."""
    lines = list(TABLE_HEADER)
    for row in rows:
        goal = "—" if row["goal"] is None else f"≥ {row['goal']}"
        lines.append(
            f"| {row['label']} | {row['mode']} | {row['rate']:.0f} "
            f"| {row['p50_ms']:.1f} | {row['p99_ms']:.1f} | {row['non2xx']} "
            f"| {row['ratio']:.2f} | {goal} | {_met(row)} |"
        )
    return "\n".join(lines)


def missed(rows):
    """Return the rows with errors or below their goal."""
    return [
        row
        for row in rows
        if row["non2xx"] or (row["goal"] is not None and row["ratio"] < row["goal"])
    ]
