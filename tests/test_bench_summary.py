"""
How the page benchmark turns wrk's measurements into ratios to the floor:
each page against the floor measured just before it, so that a machine
whose speed drifts during a run does not move the ratios; and how it judges
each target's SQL, by its dearest path, against the budget.
"""

from bench.explain import (
    SQL_BUDGET_MS,
    PagePlan,
    QueryPlan,
    TargetPlans,
    format_over_budget,
    over_budget,
)
from bench.run import parse_args, print_report
from bench.servers import MODES
from bench.summary import format_table, summarise
from bench.targets import Target
from bench.wrk import Measurement


def _measured(rate):
    """A ten-second wrk run at ``rate`` requests a second."""
    requests = int(rate * 10)
    return Measurement(
        requests=requests,
        duration_us=10_000_000,
        p50_us=int(1_000_000 / rate),
        p99_us=int(2_000_000 / rate),
        max_us=int(3_000_000 / rate),
        responses=requests,
        non2xx=0,
        cache_hits=0,
        socket_errors=0,
    )


def _summary(rounds_by_mode):
    """Rows for one target whose rounds are ``(page rate, floor rate)``."""
    target = Target("quote", "Quote page", uncached_goal=0.5)
    runs = {
        ("quote", mode): [(_measured(p), _measured(f)) for p, f in rounds_by_mode[mode]]
        for mode in MODES
    }
    rows = summarise([target], runs)
    return {(row["target"], row["mode"]): row for row in rows}


def test_each_round_is_compared_with_the_floor_measured_beside_it():
    # The machine slows to half its speed over the run, page and floor alike:
    # against the floor of its own round the page is always 0.6 of it.
    rows = _summary(
        {
            "cached": [(900, 300), (900, 300), (900, 300)],
            "uncached": [(240, 400), (180, 300), (120, 200)],
        }
    )
    uncached = rows[("quote", "uncached")]
    assert uncached["ratio"] == 0.6
    # The row shows the round of the median ratio, with its own floor.
    assert uncached["rate"] == 180
    assert uncached["floor_rate"] == 300
    assert [r["floor_rate"] for r in uncached["rounds"]] == [400, 300, 200]
    assert rows[("floor", "uncached")]["rate"] == 300


def test_the_median_round_is_chosen_by_ratio_not_by_rate():
    rows = _summary(
        {
            "cached": [(900, 300)],
            # Ratios 0.4, 0.8 and 0.5: the median is the third round's.
            "uncached": [(200, 500), (160, 200), (150, 300)],
        }
    )
    uncached = rows[("quote", "uncached")]
    assert uncached["ratio"] == 0.5
    assert uncached["rate"] == 150


def test_the_table_says_which_goals_are_missed():
    rows = _summary({"cached": [(900, 300)], "uncached": [(120, 300)]})
    table = format_table(
        [
            rows[("floor", "uncached")],
            rows[("quote", "cached")],
            rows[("quote", "uncached")],
        ]
    )
    lines = table.splitlines()
    assert (
        lines[3] == "| Quote page | cached | 900 | 1.1 | 2.2 | 0 | 3.00 | ≥ 0.9 | yes |"
    )
    assert (
        lines[4]
        == "| Quote page | uncached | 120 | 8.3 | 16.7 | 0 | 0.40 | ≥ 0.5 | **no** |"
    )


def _page(path, *milliseconds, scans=()):
    """A page at ``path`` whose queries took ``milliseconds`` each."""
    queries = [
        QueryPlan(sql="SELECT 1", milliseconds=ms, seq_scans=[]) for ms in milliseconds
    ]
    if scans:
        queries[0].seq_scans = list(scans)
    return PagePlan(target="archive", path=path, status=200, queries=queries)


def _plan(target, milliseconds, path="/quotes/"):
    """A target's explained plan as bench.explain writes it, its worst path's cost."""
    return {
        "target": target,
        "path": path,
        "status": 200,
        "query_count": 3,
        "milliseconds": milliseconds,
        "large_seq_scans": [],
        "queries": [],
        "paths": [{"path": path, "milliseconds": milliseconds, "query_count": 3}],
    }


def test_a_target_is_shown_by_its_dearest_path_with_every_path_listed():
    sizes = {"quotes_quote": 200_000, "press_pressrelease": 20_000, "tagging_tag": 500}
    pages = [
        _page("/quotes/1/", 1.0, 2.0),
        # Not the dearest, yet its scan of a large table is reported.
        _page("/quotes/2/", 4.0, scans=[("press_pressrelease", 20_000)]),
        _page("/quotes/3/", 30.0, 10.0, 5.0, scans=[("tagging_tag", 500)]),
    ]
    plan = TargetPlans("quote", pages).as_dict(sizes)
    assert plan["path"] == "/quotes/3/"
    assert plan["milliseconds"] == 45.0
    assert plan["query_count"] == 3
    assert [q["milliseconds"] for q in plan["queries"]] == [30.0, 10.0, 5.0]
    assert plan["large_seq_scans"] == [("press_pressrelease", 20_000)]
    assert [
        (p["path"], p["milliseconds"], p["query_count"]) for p in plan["paths"]
    ] == [
        ("/quotes/1/", 3.0, 2),
        ("/quotes/2/", 4.0, 1),
        ("/quotes/3/", 45.0, 3),
    ]


def test_only_targets_whose_worst_path_exceeds_the_budget_miss_it():
    plans = [
        _plan("home", 0.9, path="/"),
        _plan("press_list", SQL_BUDGET_MS, path="/press/"),
        _plan("archive", 354.24),
        _plan("search", SQL_BUDGET_MS + 0.01, path="/search/?q=Mosul"),
    ]
    over = over_budget(plans)
    assert [plan["target"] for plan in over] == ["archive", "search"]
    assert format_over_budget(over) == (
        f"SQL over {SQL_BUDGET_MS} ms: archive 354.2 ms (/quotes/), "
        "search 25.0 ms (/search/?q=Mosul)"
    )


def test_the_report_counts_sql_over_budget_among_the_goals_missed(capsys):
    # The uncached quote page misses its ratio; the archive misses the budget.
    rows = list(_summary({"cached": [(900, 300)], "uncached": [(120, 300)]}).values())
    plans = [_plan("quote", 1.5, path="/quotes/7/"), _plan("archive", 354.24)]
    print_report(parse_args([]), rows, plans, {"floor": 1000, "press_list": 1000})
    lines = capsys.readouterr().out.splitlines()
    assert lines[-2] == "Goals missed: 2; pages scanning a large table: 0"
    assert lines[-1] == f"SQL over {SQL_BUDGET_MS} ms: archive 354.2 ms (/quotes/)"


def test_the_report_names_no_sql_target_when_every_one_is_within_budget(capsys):
    rows = list(_summary({"cached": [(900, 300)], "uncached": [(240, 300)]}).values())
    plans = [_plan("quote", 1.5, path="/quotes/7/"), _plan("archive", 20.0)]
    print_report(parse_args([]), rows, plans, {"floor": 1000, "press_list": 1000})
    out = capsys.readouterr().out
    assert out.splitlines()[-1] == "Goals missed: 0; pages scanning a large table: 0"
    assert "SQL over" not in out
