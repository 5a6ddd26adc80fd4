"""Many rows into one table through the driver's executemany, for large imports.

``connection.execute(insert(table), rows)`` processes every row's parameters in
SQLAlchemy's generic machinery (~10 µs a row, more than SQLite takes to insert it): at
300,000 rows (contacts, e-mails, phones) that was seconds of a 100k import. Here the
statement is compiled once for the connection's own dialect and each row goes to the
driver as it expects it (positional or named), through the same bind processors the
column types define (so times are stored exactly as SQLAlchemy stores them). Portable:
nothing here is SQLite-specific.
"""

from __future__ import annotations

from collections.abc import Sequence
from operator import itemgetter
from typing import Any

from sqlalchemy import Connection, insert, text


def insert_rows(connection: Connection, entity: type[Any], rows: Sequence[dict[str, Any]]) -> None:
    """INSERT ``rows`` (dicts with the same keys) into the mapped class ``entity``'s
    table, in one executemany."""
    if not rows:
        return
    keys = list(rows[0])
    dialect = connection.dialect
    compiled = insert(entity).compile(dialect=dialect, column_keys=keys)
    columns = entity.__table__.c
    constants = _scalar_defaults(columns, set(compiled.params) - set(keys))
    if constants is None:
        # A default computed per row (a callable, SQL) to fill in: leave that to SQLAlchemy.
        connection.execute(insert(entity), list(rows))
        return
    order = compiled.positiontup
    named = order is None
    order = [*keys, *constants] if order is None else list(order)
    processors = [
        (position, process)
        for position, key in enumerate(order)
        if (process := columns[key].type._cached_bind_processor(dialect)) is not None
    ]
    given = [key for key in order if key not in constants]
    take = itemgetter(*given)
    # A column left out takes its one constant default, placed where the statement has it.
    filled = [(position, constants[key]) for position, key in enumerate(order) if key in constants]
    parameters: list[Any] = []
    # The same value object (an import's one "now") is processed once, not once a row.
    done: dict[int, tuple[Any, Any]] = {}
    for row in rows:
        values = list(take(row)) if len(given) > 1 else [take(row)]
        for position, constant in filled:
            values.insert(position, constant)
        for position, process in processors:
            raw = values[position]
            if raw is None:
                continue
            seen = done.get(position)
            if seen is not None and seen[0] is raw:
                values[position] = seen[1]
            else:
                values[position] = process(raw)
                done[position] = (raw, values[position])
        parameters.append(dict(zip(order, values, strict=True)) if named else tuple(values))
    cursor = connection.connection.cursor()
    try:
        cursor.executemany(str(compiled), parameters)
    finally:
        cursor.close()


def _scalar_defaults(columns: Any, missing: set[str]) -> dict[str, Any] | None:
    """The constant client-side default of each column in ``missing``; None when one of
    them has a default that is not a constant (SQLAlchemy computes those row by row)."""
    constants: dict[str, Any] = {}
    for key in missing:
        default = columns[key].default
        if default is None or not default.is_scalar:
            return None
        constants[key] = default.arg
    return constants


def ids_assigned(connection: Connection, entity: type[Any]) -> None:
    """After rows were inserted with ids chosen by the caller: on PostgreSQL the id
    sequence does not see them, and the next ordinary insert would reuse an id. SQLite
    picks max(id) + 1 by itself."""
    if connection.dialect.name != "postgresql":
        return
    table = entity.__table__.name
    connection.execute(
        text(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"
        )
    )
