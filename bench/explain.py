"""
The queries behind each page, and how PostgreSQL runs them.

Every path of each target's rotation is rendered in this process, with the
page cache off, as the first request after a content change, and every
SELECT it sent is run again under ``EXPLAIN (ANALYZE, BUFFERS)``. A target
is judged by its dearest path against ``SQL_BUDGET_MS``, the goal in
docs/performance.md for a page rendered afresh. A sequential scan of a large
table is what makes a page slow as the archive grows, so those are flagged.
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

# The most SQL time an anonymous page may take when nothing is kept for it
# (docs/performance.md, "Goals").
SQL_BUDGET_MS = 25


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
        # A union opens with a bracket: "(SELECT ...) UNION ALL (...)".
        if sql.lstrip("( \n").upper().startswith(("SELECT", "WITH")):
            plan.queries.append(explain(sql))
    return plan


@dataclass
class TargetPlans:
    target: str
    pages: list  # one PagePlan per path of the rotation

    @property
    def worst(self):
        """Return the plan of the path that spends the most time in SQL."""
        return max(self.pages, key=lambda page: page.milliseconds)

    def large_seq_scans(self, sizes):
        """Return ``(table, rows)`` of every large table any path scans in full."""
        return sorted(
            {scan for page in self.pages for scan in page.large_seq_scans(sizes)}
        )

    def as_dict(self, sizes):
        """Return the worst path's plan as data, with every path's cost and scans."""
        return {
            **self.worst.as_dict(sizes),
            "large_seq_scans": self.large_seq_scans(sizes),
            "paths": [
                {
                    "path": page.path,
                    "status": page.status,
                    "milliseconds": round(page.milliseconds, 2),
                    "query_count": page.query_count,
                    "large_seq_scans": page.large_seq_scans(sizes),
                }
                for page in self.pages
            ],
        }


def over_budget(plans, budget_ms=SQL_BUDGET_MS):
    """Return the targets' plans whose dearest path spends over ``budget_ms`` in SQL."""
    return [plan for plan in plans if plan["milliseconds"] > budget_ms]


def format_over_budget(plans, budget_ms=SQL_BUDGET_MS):
    """Return the line naming each plan over ``budget_ms``, its cost and its path."""
    return f"SQL over {budget_ms} ms: " + ", ".join(
        f"{plan['target']} {plan['milliseconds']:.1f} ms ({plan['path']})"
        for plan in plans
    )


def _scan_note(scans):
    if not scans:
        return "no seq scan of a large table"
    return "SEQ SCAN of " + ", ".join(f"{t} ({n:,} rows)" for t, n in scans)


def explain_pages(targets, paths, log):
    """Return, per target, every path's plan as data, logging the worst of each."""
    sizes = table_sizes()
    plans = []
    for target in targets:
        pages = [page_plan(target.name, path) for path in paths[target.name]]
        plan = TargetPlans(target.name, pages).as_dict(sizes)
        plans.append(plan)
        over = " OVER BUDGET" if over_budget([plan]) else ""
        log(
            f"  {target.name:<17} {len(pages):>2} paths, worst "
            f"{plan['milliseconds']:7.1f} ms{over} in {plan['query_count']:>2} "
            f"queries ({plan['path']}); {_scan_note(plan['large_seq_scans'])}"
        )
    return plans
