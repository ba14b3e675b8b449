"""
Related press: the published releases that share the most tags with a
release or a resource, and, for a resource, the releases that link to it.

The one query of the site written in SQL
(docs/decisions/0002-related-press-in-sql.md): the ORM cannot join a
sorted, limited subquery, which is what lets PostgreSQL stop at the first
few releases instead of reading every release under a popular tag. Its
tables and columns come from the models, and its "published" condition is
compiled from ``published_q()``, the one definition of public.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import connections, router
from django.utils import timezone

from cepsite.publishing import published_q
from cepsite.tagging import TaggedItem

# What a list of releases never shows.
UNLISTED_FIELDS = {"body", "search_vector"}


def _columns(connection, model, alias):
    """``alias."column", ...`` for the fields a list of ``model`` shows."""
    quote = connection.ops.quote_name
    return ", ".join(
        f"{alias}.{quote(field.column)}"
        for field in model._meta.concrete_fields
        if field.name not in UNLISTED_FIELDS
    )


def public_condition(connection, model, alias, *, now):
    """``published_q(now)`` as SQL on the table ``alias``: (SQL, parameters)."""
    query = model._base_manager.filter(published_q(now)).query
    query.change_aliases({query.get_initial_alias(): alias})
    compiler = query.get_compiler(connection=connection)
    sql, params = query.where.as_sql(compiler, connection)
    return sql, list(params)


def _links(model, quote):
    """The table linking releases to resources, and its two columns, quoted."""
    link = model.resources.through._meta
    return (
        quote(link.db_table),
        quote(link.get_field("pressrelease").column),
        quote(link.get_field("resource").column),
    )


def _ranked_press_sql(model, *, tag_ids, limit, exclude, linking_to):
    """
    The SQL and parameters of :func:`ranked_press`: up to three parts, each
    sorted and limited on its own, numbered by ``part``, each row with
    ``shared_tags``. Each part's text and parameters are written together,
    in the order they appear.
    """
    connection = connections[router.db_for_read(model)]
    quote = connection.ops.quote_name
    columns = _columns(connection, model, "r")
    releases = quote(model._meta.db_table)
    items = quote(TaggedItem._meta.db_table)
    content_type = ContentType.objects.get_for_model(model).pk
    tags = ", ".join(["%s"] * len(tag_ids))
    carrying = [content_type, *tag_ids]

    # Every part asks for releases public at the same moment, and not
    # ``exclude``: ``published_sql(alias)`` with the parameters ``published``.
    now = timezone.now()
    _, published = public_condition(connection, model, "r", now=now)
    if exclude is not None:
        published.append(exclude)

    def published_sql(alias="r"):
        sql, _ = public_condition(connection, model, alias, now=now)
        return sql + (f" AND {alias}.id <> %s" if exclude is not None else "")

    # Each part may repeat every row of the earlier ones, which the caller
    # leaves out: each reads ``limit`` rows more than the earlier ones can.
    parts, earlier = [], 0

    def add(sql, params_before_limit):
        nonlocal earlier
        part_limit = limit + earlier
        earlier += part_limit
        parts.append((sql, [*params_before_limit, part_limit]))

    # Without a resource, every part is wanted.
    wanted_sql, wanted = "", []
    if linking_to is not None:
        links, link_release, link_resource = _links(model, quote)
        # The parts after the linking releases are wanted only if those
        # leave places free. PostgreSQL answers this once, before a part,
        # and does not run a part it rules out.
        wanted_sql = f""" AND (
              SELECT COUNT(*) FROM (
                SELECT 1 FROM {links} l
                JOIN {releases} lr ON lr.id = l.{link_release}
                WHERE l.{link_resource} = %s AND {published_sql("lr")}
                LIMIT %s
              ) linking
            ) < %s"""
        wanted = [linking_to, *published, limit, limit]
        if tag_ids:
            # For a few rows only: the releases linking to one resource.
            shared_sql = f"""(
              SELECT COUNT(*) FROM {items} i
              WHERE i.content_type_id = %s AND i.object_id = r.id
                AND i.tag_id IN ({tags})
            )"""
            shared = carrying
        else:
            shared_sql, shared = "0", []
        add(
            f"""
            SELECT {columns}, {shared_sql} AS shared_tags, 0 AS part
            FROM {releases} r
            JOIN {links} l ON l.{link_release} = r.id
            WHERE l.{link_resource} = %s AND {published_sql()}
            ORDER BY shared_tags DESC, r.publish_at DESC, r.id DESC
            LIMIT %s""",
            [*shared, linking_to, *published],
        )
    # Sharing two tags needs two tags.
    if len(tag_ids) >= 2:
        add(
            f"""
            SELECT {columns}, s.shared_tags, 1 AS part
            FROM {releases} r
            JOIN (
              SELECT object_id, COUNT(*) AS shared_tags FROM {items}
              WHERE content_type_id = %s AND tag_id IN ({tags})
              GROUP BY object_id HAVING COUNT(*) >= 2
              -- Sorted here, so that the join can stop at the limit.
              ORDER BY shared_tags DESC
            ) s ON r.id = s.object_id
            WHERE {published_sql()}{wanted_sql}
            ORDER BY s.shared_tags DESC, r.publish_at DESC, r.id DESC
            LIMIT %s""",
            [*carrying, *published, *wanted],
        )
    if tag_ids:
        add(
            f"""
            SELECT {columns}, 1 AS shared_tags, 2 AS part
            FROM {releases} r
            WHERE {published_sql()} AND r.id IN (
              SELECT object_id FROM {items}
              WHERE content_type_id = %s AND tag_id IN ({tags})
            ){wanted_sql}
            ORDER BY r.publish_at DESC, r.id DESC
            LIMIT %s""",
            [*published, *carrying, *wanted],
        )
    united = "\n          UNION ALL\n".join(
        f"SELECT * FROM ({sql}\n          ) part_{number}"
        for number, (sql, _) in enumerate(parts)
    )
    sql = f"""
        SELECT * FROM (
          {united}
        ) ranked
        ORDER BY part, shared_tags DESC, publish_at DESC, id DESC
    """
    return sql, [param for _, params in parts for param in params]


def ranked_press(model, tag_ids, *, limit, exclude=None, linking_to=None):
    """
    The first ``limit`` published releases (but ``exclude``, a key) that
    link to the resource ``linking_to`` (a key) or carry any of
    ``tag_ids``, in that order: the linking ones sharing the most tags
    first, then the newest; then the others carrying the most tags, then
    the newest. Each has ``shared_tags``, how many. Bodies are not read.

    One query in up to three parts, so that PostgreSQL never reads every
    candidate (a popular tag labels thousands of releases):

    - the releases linking to the resource: a few;
    - the releases sharing two tags or more, ranked from the tags' own
      items (an index-only scan, grouped and sorted by how many they
      share) and only then joined to the releases: few releases share
      several tags, and the join stops at its limit;
    - the newest releases carrying any of the tags, read down the
      releases' date index, which also stops at its limit.

    When the part ranking by shared tags fills fewer places than its limit
    it holds every release sharing two tags or more, so the other releases
    of the newest part share exactly one, and follow in date order. A
    release in several parts keeps its first place. The ORM cannot join a
    sorted subquery, so the query is written in SQL, which also spares
    building several querysets on every page that shows related press.
    """
    if not tag_ids and linking_to is None:
        return []
    sql, params = _ranked_press_sql(
        model, tag_ids=tag_ids, limit=limit, exclude=exclude, linking_to=linking_to
    )
    chosen, seen = [], set()
    for release in model.objects.raw(sql, params):
        if release.pk not in seen:
            seen.add(release.pk)
            chosen.append(release)
    return chosen[:limit]
