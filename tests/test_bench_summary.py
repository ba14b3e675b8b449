"""
How the page benchmark turns wrk's measurements into ratios to the floor:
each page against the floor measured just before it, so that a machine
whose speed drifts during a run does not move the ratios.
"""

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
