"""Insert many rows with one ``executemany`` and no per-row statement machinery.

``session.execute(insert(table), rows)`` builds each row's parameters through the
statement compiler (tens of microseconds a row): at 100k versions, with a current row, a
record, a leaf, terms and a search entry for each, that was a sixth of an import. On
SQLite :func:`insert_rows` compiles the statement once per table and column set, applies
each column type's own bind processor (dates, decimals, booleans: the very conversion
SQLAlchemy applies) and hands plain tuples to the driver. Rows that need no conversion
become tuples by one ``itemgetter`` call each (in C). On PostgreSQL the same tuples go
through ``COPY`` (psycopg's): the per-row pipelined ``INSERT`` of ``executemany`` was most
of an HQ import's client time.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import cache
from operator import itemgetter
from typing import Any

from sqlalchemy import Boolean, Table, insert
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Session

_Convert = Callable[[Any], Any] | None
_Column = tuple[str, _Convert, bool, Any]  # name, bind processor, from the row?, else default
_Plan = tuple[str, tuple[_Column, ...]] | None
_FAST = frozenset({"sqlite", "postgresql"})
"""The engines rows go to as tuples; any other takes SQLAlchemy's ``executemany``."""


@cache
def _plan(table: Table, columns: tuple[str, ...], dialect: Dialect) -> _Plan:
    """The statement and, in its parameter order, each column's source and conversion;
    ``None`` when a column left out of the rows has a default computed per row.

    SQLite: an ``INSERT`` for ``executemany``. PostgreSQL: a ``COPY … FROM STDIN`` (the
    rows stream to the server in one command: no statement per row, no round trip per
    row); a column neither in the rows nor with a default is left to the server."""
    if dialect.name == "sqlite":
        compiled = insert(table).compile(dialect=dialect, column_keys=list(columns))
        names = list(compiled.positiontup or [])
        sql = compiled.string
    else:
        names = [c.name for c in table.columns if c.name in columns or c.default is not None]
        quote = dialect.identifier_preparer
        listed = ", ".join(quote.quote(name) for name in names)
        sql = f"COPY {quote.format_table(table)} ({listed}) FROM STDIN"
    plan: list[_Column] = []
    for name in names:
        kind = table.c[name].type
        # the drivers bind True and False themselves, as the processor would
        convert = (
            None
            if isinstance(kind, Boolean)
            else kind.dialect_impl(dialect).bind_processor(dialect)
        )
        if name in columns:
            plan.append((name, convert, True, None))
            continue
        default = table.c[name].default  # a column the rows leave to its default
        if default is None or not default.is_scalar:
            return None
        plan.append((name, convert, False, default.arg))  # type: ignore[attr-defined]
    return sql, tuple(plan)


def _value(row: Mapping[str, Any], column: _Column) -> Any:
    name, convert, in_row, default = column
    value = row[name] if in_row else default
    return value if convert is None or value is None else convert(value)


def _tuples(rows: Sequence[Mapping[str, Any]], columns: tuple[_Column, ...]) -> list[Any]:
    """The rows as tuples in the statement's column order."""
    if all(in_row and convert is None for _, convert, in_row, _ in columns):
        names = [name for name, *_ in columns]
        if len(names) == 1:
            return [(row[names[0]],) for row in rows]
        take = itemgetter(*names)  # one call in C a row
        return [take(row) for row in rows]
    return [tuple(_value(row, c) for c in columns) for row in rows]


def insert_rows(session: Session, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert ``rows`` (dicts with the same keys) into ``table`` in the session's
    transaction."""
    if not rows:
        return
    connection = session.connection()
    dialect = connection.dialect
    plan = _plan(table, tuple(rows[0]), dialect) if dialect.name in _FAST else None
    if plan is None:
        session.execute(insert(table), list(rows))
        return
    sql, columns = plan
    if dialect.name == "sqlite":
        connection.exec_driver_sql(sql, _tuples(rows, columns))
        return
    driver = connection.connection.driver_connection  # psycopg, in this transaction
    assert driver is not None
    with driver.cursor() as cursor, cursor.copy(sql) as copy:
        for values in _tuples(rows, columns):
            copy.write_row(values)
