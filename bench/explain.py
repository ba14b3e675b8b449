"""
The queries behind each page, and how PostgreSQL runs them.

Each target is rendered once in this process, with the page cache off, and
every SELECT it sent is run again under ``EXPLAIN (ANALYZE, BUFFERS)``. A
sequential scan of a large table is what makes a page slow as the archive
grows, so those are flagged.
"""

import json
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from cepsite.pagecache import content_changed

# Tables with at least this many rows count as large: the archive's quotes,
# press releases and their tags at the benchmark's full size.
LARGE_TABLE_ROWS = 10_000


@dataclass
class QueryPlan:
    sql: str
    milliseconds: float
    seq_scans: list  # [(table, rows in the table)]


@dataclass
class PagePlan:
    target: str
    path: str
    status: int
    queries: list = field(default_factory=list)

    @property
    def query_count(self):
        return len(self.queries)

    @property
    def milliseconds(self):
        return sum(query.milliseconds for query in self.queries)

    def large_seq_scans(self, sizes):
        """Return ``(table, rows)`` of every large table this page scans in full."""
        return sorted(
            {
                (table, sizes.get(table, 0))
                for query in self.queries
                for table, _ in query.seq_scans
                if sizes.get(table, 0) >= LARGE_TABLE_ROWS
            }
        )

    def as_dict(self, sizes):
        """Return the plan as JSON-ready data, large scans judged by ``sizes``."""
        return {
            "target": self.target,
            "path": self.path,
            "status": self.status,
            "query_count": self.query_count,
            "milliseconds": round(self.milliseconds, 2),
            "large_seq_scans": self.large_seq_scans(sizes),
            "queries": [
                {
                    "sql": query.sql,
                    "milliseconds": round(query.milliseconds, 2),
                    "seq_scans": query.seq_scans,
                }
                for query in self.queries
            ],
        }


def table_sizes():
    """Return the rows of each table of the public schema, as the planner has them."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, reltuples::bigint FROM pg_class"
            " WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace"
        )
        return dict(cursor.fetchall())


def _seq_scans(node):
    """Return ``(table, rows)`` of every sequential scan under ``node``."""
    found = []
    if node.get("Node Type") == "Seq Scan":
        found.append((node["Relation Name"], node.get("Actual Rows", 0)))
    for child in node.get("Plans", []):
        found.extend(_seq_scans(child))
    return found


def explain(sql):
    """Return the plan of ``sql`` run under EXPLAIN ANALYZE, its effects rolled back."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) {sql}")
        raw = cursor.fetchone()[0]
        transaction.set_rollback(True)
    (plan,) = json.loads(raw) if isinstance(raw, str) else raw
    return QueryPlan(
        sql=sql,
        milliseconds=plan["Planning Time"] + plan["Execution Time"],
        seq_scans=_seq_scans(plan["Plan"]),
    )


def page_plan(target, path):
    """Return the plans of the queries ``path`` sends for an anonymous reader."""
    client = Client(HTTP_HOST="127.0.0.1")
    with override_settings(PAGE_CACHE_ENABLED=False):
        # A first request opens the connection and fills per-process caches
        # (content types, templates), which readers of a warm server never pay.
        client.get(path)
        # No content version: results kept under one are read afresh, so
        # every query a page can send is explained.
        content_changed()
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
    plan = PagePlan(target=target, path=path, status=response.status_code)
    for query in captured.captured_queries:
        sql = query["sql"]
        if sql.lstrip().upper().startswith(("SELECT", "WITH")):
            plan.queries.append(explain(sql))
    return plan


def _scan_note(plan, sizes):
    scans = plan.large_seq_scans(sizes)
    if not scans:
        return "no seq scan of a large table"
    return "SEQ SCAN of " + ", ".join(f"{t} ({n:,} rows)" for t, n in scans)


def explain_pages(targets, paths, log):
    """Return every target's first page's plan as data, logging a line for each."""
    sizes = table_sizes()
    plans = []
    for target in targets:
        plan = page_plan(target.name, paths[target.name][0])
        plans.append(plan.as_dict(sizes))
        log(
            f"  {target.name:<17} {plan.query_count:>3} queries "
            f"{plan.milliseconds:7.1f} ms  {_scan_note(plan, sizes)}"
        )
    return plans
