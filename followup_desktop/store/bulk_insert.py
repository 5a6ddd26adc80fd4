"""Many rows into (or updated in) one table through the driver's executemany, for large
imports.

``connection.execute(insert(table), rows)`` processes every row's parameters in
SQLAlchemy's generic machinery (~10 µs a row, more than SQLite takes to insert it): at
300,000 rows (contacts, e-mails, phones) that was seconds of a 100k import. Here the
statement is compiled once for the connection's own dialect and each row goes to the
driver as it expects it (positional or named), through the same bind processors the
column types define (so times are stored exactly as SQLAlchemy stores them). Portable:
nothing here is SQLite-specific.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from collections.abc import Set as AbstractSet
from functools import lru_cache
from operator import itemgetter
from typing import Any

from sqlalchemy import Connection, Table, bindparam, insert, update


def insert_rows(connection: Connection, entity: type[Any], rows: Sequence[dict[str, Any]]) -> None:
    """INSERT ``rows`` (dicts with the same keys) into the mapped class ``entity``'s
    table, in one executemany."""
    if not rows:
        return
    keys = list(rows[0])
    take = itemgetter(*keys)
    values = [take(row) for row in rows] if len(keys) > 1 else [(take(row),) for row in rows]
    insert_tuples(connection, entity, keys, values)


def insert_tuples(
    connection: Connection,
    entity: type[Any],
    columns: Sequence[str],
    rows: Sequence[tuple[Any, ...]],
    same: Mapping[str, Any] | None = None,
) -> None:
    """INSERT ``rows`` (tuples of the values of ``columns``, in that order) into the
    mapped class ``entity``'s table, in one executemany; ``same`` holds the columns whose
    value is the same in every row. Columns given nowhere take their defaults."""
    if not rows:
        return
    dialect = connection.dialect
    table = entity.__table__.c
    constant = dict(same or {})
    sql, bound, order = _statement(entity.__table__, (*columns, *constant), dialect)
    defaults = _scalar_defaults(table, bound - set(columns) - set(constant))
    if defaults is None:
        # A default computed per row (a callable, SQL) to fill in: leave that to SQLAlchemy.
        connection.execute(
            insert(entity), [{**dict(zip(columns, r, strict=True)), **constant} for r in rows]
        )
        return
    constant.update(defaults)
    tail = tuple(_processed(table[key], dialect, value) for key, value in constant.items())
    given = _processed_rows(table, dialect, columns, rows)
    values = [row + tail for row in given] if tail else given
    _execute_many(connection, sql, (*columns, *constant), order, values)


def update_tuples(
    connection: Connection,
    entity: type[Any],
    columns: Sequence[str],
    rows: Sequence[tuple[Any, ...]],
    same: Mapping[str, Any] | None = None,
) -> None:
    """UPDATE, in one executemany, the row of the mapped class ``entity``'s table whose
    ``columns[0]`` (its key) is each tuple's first value, setting the other ``columns``
    to the tuple's other values and those of ``same`` to theirs."""
    if not rows:
        return
    dialect = connection.dialect
    table = entity.__table__
    constant = dict(same or {})
    key, *changed = columns
    sql, bound, order = _update_statement(table, key, (*changed, *constant), dialect)
    names = ("k_" + key, *("v_" + name for name in (*changed, *constant)))
    if bound != set(names):
        # An onupdate default to compute for each row: leave that to SQLAlchemy.
        statement = (
            update(table)
            .where(table.c[key] == bindparam("k_" + key))
            .values({name: bindparam("v_" + name) for name in (*changed, *constant)})
        )
        values = [dict(zip(names, (*row, *constant.values()), strict=True)) for row in rows]
        connection.execute(statement, values)
        return
    tail = tuple(_processed(table.c[name], dialect, value) for name, value in constant.items())
    given = _processed_rows(table.c, dialect, columns, rows)
    _execute_many(connection, sql, names, order, [row + tail for row in given])


def _execute_many(
    connection: Connection,
    sql: str,
    names: Sequence[str],
    order: Sequence[str] | None,
    values: Sequence[tuple[Any, ...]],
) -> None:
    """Rows of ``values`` (in ``names`` order) through the driver's executemany: as dicts
    for a named paramstyle (``order`` None), else as tuples in the statement's order."""
    parameters: Sequence[Any]
    if order is None:
        parameters = [dict(zip(names, row, strict=True)) for row in values]
    elif tuple(order) == tuple(names):
        parameters = values
    else:
        positions = [names.index(name) for name in order]
        if len(positions) == 1:  # itemgetter of one position gives the value, not a tuple
            parameters = [(row[positions[0]],) for row in values]
        else:
            take = itemgetter(*positions)
            parameters = [take(row) for row in values]
    cursor = connection.connection.cursor()
    try:
        cursor.executemany(sql, parameters)
    finally:
        cursor.close()


@lru_cache(maxsize=64)
def _update_statement(
    table: Table, key: str, changed: tuple[str, ...], dialect: Any
) -> tuple[str, frozenset[str], tuple[str, ...] | None]:
    """The UPDATE of ``changed`` by ``key`` in ``dialect``, as _statement gives INSERTs."""
    statement = (
        update(table)
        .where(table.c[key] == bindparam("k_" + key))
        .values({name: bindparam("v_" + name) for name in changed})
    )
    compiled = statement.compile(dialect=dialect)
    order = compiled.positiontup
    return str(compiled), frozenset(compiled.params), None if order is None else tuple(order)


@lru_cache(maxsize=64)
def _statement(
    table: Table, keys: tuple[str, ...], dialect: Any
) -> tuple[str, frozenset[str], tuple[str, ...] | None]:
    """The INSERT for ``keys`` in ``dialect``: its SQL, the columns it binds (``keys``
    and those with client-side defaults), and their order for a positional paramstyle.
    Compiled once (about 1 ms each, 300 times in a 100k import)."""
    compiled = insert(table).compile(dialect=dialect, column_keys=list(keys))
    order = compiled.positiontup
    return str(compiled), frozenset(compiled.params), None if order is None else tuple(order)


def _processed(column: Any, dialect: Any, value: Any) -> Any:
    process = column.type._cached_bind_processor(dialect)
    return value if process is None or value is None else process(value)


def _processed_rows(
    table: Any, dialect: Any, columns: Sequence[str], rows: Sequence[tuple[Any, ...]]
) -> Sequence[tuple[Any, ...]]:
    """``rows`` through the bind processors of their columns' types (most have none)."""
    processors = [
        (position, process)
        for position, key in enumerate(columns)
        if (process := table[key].type._cached_bind_processor(dialect)) is not None
    ]
    if not processors:
        return rows
    processed: list[tuple[Any, ...]] = []
    # The same value object (an import's one "now") is processed once, not once a row.
    done: dict[int, tuple[Any, Any]] = {}
    for row in rows:
        values = list(row)
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
        processed.append(tuple(values))
    return processed


def _scalar_defaults(columns: Any, missing: AbstractSet[str]) -> dict[str, Any] | None:
    """The constant client-side default of each column in ``missing``; None when one of
    them has a default that is not a constant (SQLAlchemy computes those row by row)."""
    constants: dict[str, Any] = {}
    for key in missing:
        default = columns[key].default
        if default is None or not default.is_scalar:
            return None
        constants[key] = default.arg
    return constants
