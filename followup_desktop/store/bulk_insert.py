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

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import Connection, insert


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
    processors: dict[str, Callable[[Any], Any] | None] = {
        key: columns[key].type._cached_bind_processor(dialect) for key in keys
    }

    def value(row: dict[str, Any], key: str) -> Any:
        process = processors[key]
        raw = row[key]
        return raw if process is None or raw is None else process(raw)

    order = compiled.positiontup
    if order is not None:
        parameters: list[Any] = [tuple(value(row, key) for key in order) for row in rows]
    else:
        parameters = [{key: value(row, key) for key in keys} for row in rows]
    cursor = connection.connection.cursor()
    try:
        cursor.executemany(str(compiled), parameters)
    finally:
        cursor.close()
