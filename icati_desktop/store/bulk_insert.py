"""Insert many rows with one ``executemany`` and no per-row statement machinery.

``session.execute(insert(table), rows)`` builds each row's parameters through the
statement compiler (tens of microseconds a row): at 100k versions, with a current row, a
record, a leaf, terms and a search entry for each, that was a sixth of an import. On
SQLite :func:`insert_rows` compiles the statement once per table and column set, applies
each column type's own bind processor (dates, decimals, booleans: the very conversion
SQLAlchemy applies) and hands plain tuples to the driver. Rows that need no conversion
become tuples by one ``itemgetter`` call each (in C). Other engines take the usual path
(their drivers batch rows themselves).
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


@cache
def _plan(table: Table, columns: tuple[str, ...], dialect: Dialect) -> _Plan:
    """The statement and, in its parameter order, each column's source and conversion;
    ``None`` when a column left out of the rows has a default computed per row."""
    compiled = insert(table).compile(dialect=dialect, column_keys=list(columns))
    plan: list[_Column] = []
    for name in compiled.positiontup or []:
        kind = table.c[name].type
        # sqlite3 binds True and False as 1 and 0, which is what the processor writes
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
    return compiled.string, tuple(plan)


def _value(row: Mapping[str, Any], column: _Column) -> Any:
    name, convert, in_row, default = column
    value = row[name] if in_row else default
    return value if convert is None or value is None else convert(value)


def insert_rows(session: Session, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert ``rows`` (dicts with the same keys) into ``table`` in the session's
    transaction."""
    if not rows:
        return
    connection = session.connection()
    dialect = connection.dialect
    plan = _plan(table, tuple(rows[0]), dialect) if dialect.name == "sqlite" else None
    if plan is None:
        session.execute(insert(table), list(rows))
        return
    sql, columns = plan
    if all(in_row and convert is None for _, convert, in_row, _ in columns):
        names = [name for name, *_ in columns]
        if len(names) == 1:
            connection.exec_driver_sql(sql, [(row[names[0]],) for row in rows])
            return
        take = itemgetter(*names)
        connection.exec_driver_sql(sql, [take(row) for row in rows])
        return
    connection.exec_driver_sql(sql, [tuple(_value(row, c) for c in columns) for row in rows])
