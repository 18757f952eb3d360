"""Plain SQL for the few reads every signed-in page makes (the learner's own records): the one way to run it.

The rule (README, "Raw SQL"): plain SQL is written only in an app's selectors, runs only through this module
(`select` for one table, `fetch` for a join written by hand, `instance` to turn its columns into models), and
each site is pinned by a query-count test.

Measured on the lesson page: Django's ORM spent five to ten times longer building each of these
one-table queries than the database spent running them. Here the column list is built once per
model, the WHERE clause is written by hand, and the rows become model instances with the same
conversions the ORM applies (dates, JSON), so callers get ordinary model instances.
"""
from functools import lru_cache

from django.db import connections


@lru_cache(maxsize=None)
def _model_columns(model, alias: str):
    connection = connections[alias]
    quote = connection.ops.quote_name
    table = model._meta.db_table
    fields = model._meta.concrete_fields
    converters = []
    for position, field in enumerate(fields):
        column = field.get_col(table)
        found = connection.ops.get_db_converters(column) + field.get_db_converters(connection)
        if found:
            converters.append((position, found, column))
    names = ", ".join(f"{{table}}.{quote(field.column)}" for field in fields)
    return names, [field.attname for field in fields], converters


def columns(model, *, table: str | None = None, alias: str = "default") -> str:
    """The SELECT list of all the model's columns, qualified by `table` (an alias in the query) or its table."""
    names, _, _ = _model_columns(model, alias)
    return names.format(table=table or connections[alias].ops.quote_name(model._meta.db_table))


def width(model) -> int:
    """How many columns `columns(model)` selects, to split joined rows."""
    return len(model._meta.concrete_fields)


def instance(model, row, *, alias: str = "default"):
    """A model instance from the values `columns(model)` selected, converted as the ORM would."""
    _, attnames, converters = _model_columns(model, alias)
    if converters:
        connection = connections[alias]
        row = list(row)
        for position, found, column in converters:
            value = row[position]
            for converter in found:
                value = converter(value, column, connection)
            row[position] = value
    return model.from_db(alias, attnames, row)


def select(model, where: str, params, *, order_by: str = "", limit: int | None = None, alias: str = "default") -> list:
    """Instances of `model` matching `where` (SQL on its own columns, %s placeholders)."""
    connection = connections[alias]
    sql = f"SELECT {columns(model, alias=alias)} FROM {connection.ops.quote_name(model._meta.db_table)} WHERE {where}"
    if order_by:
        sql += f" ORDER BY {order_by}"
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    return [instance(model, row, alias=alias) for row in fetch(sql, params, alias=alias)]


def fetch(sql: str, params, *, alias: str = "default") -> list[tuple]:
    """The rows of a read written by hand (%s placeholders, never values formatted into `sql`): one query."""
    with connections[alias].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def db_datetime(value, *, alias: str = "default"):
    """A datetime as the database compares it (SQLite stores naive UTC text)."""
    return connections[alias].ops.adapt_datetimefield_value(value)
