"""
Finding the first matches of a search on PostgreSQL, and their ranks only
when they are few enough to be ranked.

Two statements here are written in SQL, around SQL the ORM compiled, because
the ORM cannot say them: a materialised CTE, and a window over the first
rows of one (docs/decisions/0004-search-materialised-cte.md,
docs/decisions/0035-search-first-render.md).
"""

from django.contrib.postgres.search import SearchQuery
from django.core.exceptions import EmptyResultSet, FieldError
from django.db import connections
from django.db.models import F
from django.db.models.expressions import Col


class UnplannedSearchQuery(SearchQuery):
    """
    A query whose words PostgreSQL's planner cannot read: a scalar subquery.
    It then expects few matches and reads them from the GIN index. Told how
    many match, it scans a table of which most rows match instead, not
    counting that matching each row means reading its search vector, which
    the index does not need.
    """

    def as_sql(self, compiler, connection, function=None, template=None):
        sql, params = super().as_sql(compiler, connection, function, template)
        return f"(SELECT {sql})", params


def _walked(expressions):
    """Every expression in ``expressions``, and in conditions, at any depth."""
    for expression in expressions:
        if expression is None:
            continue
        yield expression
        if hasattr(expression, "get_source_expressions"):
            yield from _walked(expression.get_source_expressions())


def _compiled(queryset, expressions):
    """
    ``(table alias, [(sql, params)], columns)``: ``expressions`` as SQL on
    ``queryset``'s table, and the columns they read beside the key; ``None``
    when one of them needs a join.
    """
    query = queryset.query.chain()
    alias = query.get_initial_alias()
    compiler = query.get_compiler(queryset.db)
    try:
        resolved = [
            (F(e) if isinstance(e, str) else e).resolve_expression(
                query, allow_joins=False
            )
            for e in expressions
        ]
    except FieldError:
        return None
    columns = {}
    for node in _walked(resolved):
        if isinstance(node, Col):
            # The CTE names its columns by attname, the expressions by column.
            if node.alias != alias or node.target.attname != node.target.column:
                return None
            columns[node.target.attname] = None
    columns.pop(queryset.model._meta.pk.attname, None)
    return alias, [compiler.compile(e) for e in resolved], list(columns)


def first_rows(queryset, limit, *, rank=None, fields=()):
    """
    The first ``limit`` rows of ``queryset`` (filtered, without order) as
    (key, *values of ``fields``), or with ``rank``, (key, rank, *values),
    read as PostgreSQL reads every row: from the GIN index. The ranks are
    ``None`` unless fewer than ``limit`` rows are found, since ranking reads
    each row's search vector, which a search too broad to rank has no use
    for.

    Told that a few rows will do, the planner expects a sequential scan to
    find them soonest. A materialised CTE is planned on its own, for all its
    rows, and still read lazily, so the scan stops at ``limit`` all the
    same; a window over those rows counts them before any is ranked.
    """
    pk = queryset.model._meta.pk
    compiled = _compiled(queryset, [rank, *fields]) if rank is not None else None
    if compiled is None:
        expressions = [] if rank is None else [rank]
        matching = queryset.values_list(pk.attname, *expressions, *fields)
        outer, outer_params = "SELECT * FROM matching LIMIT %s", [limit]
    else:
        alias, ((rank_sql, rank_params), *values), columns = compiled
        matching = queryset.values_list(pk.attname, *columns)
        table = connections[queryset.db].ops.quote_name(alias)
        selected = [
            f"{table}.{connections[queryset.db].ops.quote_name(pk.column)}",
            f"CASE WHEN count(*) OVER () < %s THEN {rank_sql} END",
            *(sql for sql, _ in values),
        ]
        outer = (
            f"SELECT {', '.join(selected)} "
            f"FROM (SELECT * FROM matching LIMIT %s) AS {table}"
        )
        outer_params = [
            limit,
            *rank_params,
            *(param for _, params in values for param in params),
            limit,
        ]
    try:
        sql, params = matching.query.sql_with_params()
    except EmptyResultSet:
        # A condition that can match nothing, such as an empty query.
        return []
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(
            f"WITH matching AS MATERIALIZED ({sql}) {outer}",
            (*params, *outer_params),
        )
        return [tuple(row) for row in cursor.fetchall()]
