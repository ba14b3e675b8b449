"""
The page benchmark runs end to end: a tiny archive, one short round.

The figures themselves come from ``make bench`` on a quiet machine; this
proves that the benchmark works, that every page it measures answers 200
under production settings, and that the cached and uncached servers really
are what they claim to be.
"""

import json
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

from bench.explain import SQL_BUDGET_MS, over_budget
from bench.servers import MODES
from bench.summary import missed
from bench.targets import TARGETS

BASE_DIR = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the benchmark runs on PostgreSQL; CI's PostgreSQL run covers it",
)


def _bench_database_url():
    """The test database's server, with a benchmark database named for this run's."""
    database = settings.DATABASES["default"]
    # Named after the test database, so that runs side by side against
    # databases of their own never fill or reload one another's.
    name = "cep_bench_pages_test_" + database["NAME"].removeprefix("test_")
    credentials = quote(database["USER"] or "postgres", safe="")
    if database["PASSWORD"]:
        credentials += ":" + quote(database["PASSWORD"], safe="")
    host = database["HOST"] or "127.0.0.1"
    port = database["PORT"] or 5432
    return f"postgres://{credentials}@{host}:{port}/{name}"


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    output = tmp_path_factory.mktemp("bench") / "bench.json"
    completed = subprocess.run(
        [
            sys.executable, "-m", "bench.run",
            "--size", "tiny",
            "--duration", "1",
            "--floor-duration", "1",
            "--warmup", "0",
            "--rounds", "1",
            "--database-url", _bench_database_url(),
            "--json", str(output),
        ],
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        timeout=900,
    )  # fmt: skip
    assert completed.returncode == 0, completed.stdout + completed.stderr
    return completed.stdout, json.loads(output.read_text())


@pytest.fixture(scope="module")
def report(run):
    return run[1]


def test_every_target_is_measured_in_both_modes_with_the_floor(report):
    measured = {(row["target"], row["mode"]) for row in report["results"]}
    expected = {(t.name, mode) for t in TARGETS for mode in MODES}
    assert expected | {("floor", mode) for mode in MODES} == measured


def test_no_page_answers_anything_but_2xx(report):
    failures = [row for row in report["results"] if row["non2xx"]]
    assert failures == []


def test_every_page_has_a_positive_ratio_to_the_floor(report):
    for row in report["results"]:
        assert row["requests"] > 0, row["target"]
        assert row["ratio"] > 0, row["target"]


def test_cached_server_serves_from_the_cache_and_uncached_one_never(report):
    for row in report["results"]:
        if row["target"] == "floor":
            assert row["cache_hits"] == 0
        elif row["mode"] == "cached":
            assert row["cache_hits"] > 0, row["target"]
        else:
            assert row["cache_hits"] == 0, row["target"]


def test_every_path_of_every_rotation_is_explained(report):
    explained = {plan["target"]: plan for plan in report["explain"]}
    assert set(explained) == {t.name for t in TARGETS}
    for name, plan in explained.items():
        assert [p["path"] for p in plan["paths"]] == report["paths"][name]
        for path in plan["paths"]:
            assert path["status"] == 200, path["path"]
            assert path["query_count"] > 0, path["path"]
    # Detail pages rotate over many rows, so more than one path is explained.
    assert len(explained["quote"]["paths"]) > 1


def test_each_target_is_shown_by_its_dearest_path(report):
    for plan in report["explain"]:
        dearest = max(plan["paths"], key=lambda path: path["milliseconds"])
        assert plan["path"] == dearest["path"]
        assert plan["milliseconds"] == dearest["milliseconds"]
        assert plan["query_count"] == len(plan["queries"]) == dearest["query_count"]


def test_the_report_counts_targets_over_the_sql_budget_as_missed(run):
    stdout, report = run
    over = over_budget(report["explain"])
    assert report["sql_budget_ms"] == SQL_BUDGET_MS
    goals_missed = len(missed(report["results"])) + len(over)
    assert f"Goals missed: {goals_missed};" in stdout
    assert ("SQL over" in stdout) == bool(over)
    for plan in report["explain"]:
        assert f"  {plan['target']:<17} {len(plan['paths']):>2} paths, worst" in stdout


def test_floor_page_is_the_size_of_the_press_list(report):
    sizes = report["page_bytes"]
    floor, press_list = sizes["floor"], sizes["press_list"]
    assert 0.8 < floor / press_list < 1.25


def test_the_profile_compares_a_page_with_the_floor_in_turn(report):
    completed = subprocess.run(
        [
            sys.executable, "-m", "bench.profile", "press_detail",
            "--size", "tiny",
            "--database-url", _bench_database_url(),
            "--against-floor",
            "--repeat", "1",
        ],
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        timeout=300,
    )  # fmt: skip
    assert completed.returncode == 0, completed.stdout + completed.stderr
    ratio = float(completed.stdout.split(": ")[1].split(" times")[0])
    # A page that asks the database costs more than one that does not.
    assert ratio > 1, completed.stdout
