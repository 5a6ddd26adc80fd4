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
    if set(compiled.params) != set(keys):
        # Column defaults to fill in (a column not given): leave that to SQLAlchemy.
        connection.execute(insert(entity), list(rows))
        return
    columns = entity.__table__.c
    order = compiled.positiontup
    named = order is None
    order = keys if order is None else list(order)
    processors = [
        (position, process)
        for position, key in enumerate(order)
        if (process := columns[key].type._cached_bind_processor(dialect)) is not None
    ]
    take = itemgetter(*order)
    parameters: list[Any] = []
    # The same value object (an import's one "now") is processed once, not once a row.
    done: dict[int, tuple[Any, Any]] = {}
    for row in rows:
        values = list(take(row)) if len(order) > 1 else [take(row)]
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
