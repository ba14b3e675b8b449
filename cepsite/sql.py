"""
Helpers for the few queries written in SQL rather than with the ORM.

Django builds a query afresh every time it runs: for the small, fixed
queries that most pages send (the Daily Dose, an item's tags, related
press, the words of those a resource describes) that costs several times
what the database spends answering them. Those few are written out, their
tables and lists of columns taken from the models, and read with
``Manager.raw()``, which turns each row into a model instance, with the
database's conversions, as the ORM would.
"""

from django.utils import timezone

from cepsite.publishing import Status


def public_condition(connection, alias, *, now=None):
    """
    The condition of ``PublishableQuerySet.published()`` on the table
    ``alias``: (SQL, parameters). Give ``now`` to ask the same moment of
    several tables.
    """
    return (
        f"{alias}.status = %s AND {alias}.publish_at <= %s",
        [
            Status.PUBLISHED,
            connection.ops.adapt_datetimefield_value(now or timezone.now()),
        ],
    )


def select_list(connection, model, alias, *, only=None, leave_out=(), prefix=""):
    """
    ``alias."column", ...`` for the concrete fields of ``model``, or those
    named in ``only`` (the key is always read), but those named in
    ``leave_out``; ``Manager.raw()`` defers the others. With ``prefix``,
    each column is renamed ``prefix`` + its attribute name, for
    :func:`pop_related`: the columns of a joined model, read alongside
    another's.
    """
    quote = connection.ops.quote_name
    return ", ".join(
        f"{alias}.{quote(field.column)}"
        + (f" AS {quote(prefix + field.attname)}" if prefix else "")
        for field in model._meta.concrete_fields
        if (only is None or field.primary_key or field.name in only)
        and field.name not in leave_out
    )


def pop_related(instance, model, prefix):
    """
    The ``model`` instance whose columns a raw query read into ``instance``
    under ``prefix`` (see :func:`select_list`), taking them off
    ``instance``; ``None`` if the join found no row. The values are used
    as the database driver returns them: for models of text and integer
    columns, which need no conversion on any database.
    """
    fields = model._meta.concrete_fields
    values = [instance.__dict__.pop(prefix + field.attname) for field in fields]
    if values[fields.index(model._meta.pk)] is None:
        return None
    return model.from_db(
        instance._state.db, [field.attname for field in fields], values
    )
