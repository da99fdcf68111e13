"""Turn what a record shows (its leaf, or its leaves' merge) into its current-table row and terms.

Every non-core column of a current table is filled from the payload field of the same
name (or the path named in ``__projection__``), converted to the column's type. The
same function is used to write rows and, by ``db check``, to verify them.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal
from functools import cache
from typing import Any

from sqlalchemy import Boolean, Date, DateTime, Integer, Numeric, Table
from sqlalchemy.orm import Mapper

from icati_desktop.store.tables.base import Base, CurrentRow
from icati_desktop.versioning.canonical import canonical_json

CORE_COLUMNS = frozenset({"id", "version_id", "hlc_ms", "origin", "data"})


class UnknownRecordType(KeyError):
    pass


@cache
def current_tables() -> dict[str, type[CurrentRow]]:
    """record type → current-table class, from every mapped ``CurrentRow`` subclass."""
    found: dict[str, type[CurrentRow]] = {}
    mapper: Mapper[Any]
    for mapper in Base.registry.mappers:
        cls = mapper.class_
        if issubclass(cls, CurrentRow):
            if cls.record_type in found:
                raise RuntimeError(f"two current tables for {cls.record_type}")
            found[cls.record_type] = cls
    return found


def table_for(record_type: str) -> Table:
    try:
        cls = current_tables()[record_type]
    except KeyError:
        raise UnknownRecordType(record_type) from None
    table = cls.__table__  # type: ignore[attr-defined]
    assert isinstance(table, Table)
    return table


def _terms_at(value: Any, parts: list[str]) -> list[Any]:
    """The values at a dotted path, through lists: ``attendees.sector`` gives every
    attendee's sector (``None`` values left out)."""
    if isinstance(value, list):
        return [found for element in value for found in _terms_at(element, parts)]
    if not parts:
        return [] if value is None else [value]
    if not isinstance(value, dict):
        return []
    return _terms_at(value.get(parts[0]), parts[1:])


def naive_utc(value: datetime) -> datetime:
    """Times in current tables are naive UTC, which both engines store alike."""
    if value.tzinfo is None:
        return value
    return value.astimezone(UTC).replace(tzinfo=None)


def _to_decimal(value: Any) -> Decimal:
    return Decimal(str(value))


def _to_datetime(value: Any) -> datetime:
    return naive_utc(datetime.fromisoformat(str(value).replace("Z", "+00:00")))


def _to_date(value: Any) -> date:
    return date.fromisoformat(str(value)[:10])


def _to_text(value: Any) -> str:
    if isinstance(value, (dict, list)):
        return canonical_json(value)
    return str(value) if not isinstance(value, bool) else ("true" if value else "false")


def _converter(column_type: Any) -> Callable[[Any], Any]:
    if isinstance(column_type, Boolean):
        return bool
    if isinstance(column_type, Integer):
        return int
    if isinstance(column_type, Numeric):
        return _to_decimal
    if isinstance(column_type, DateTime):
        return _to_datetime
    if isinstance(column_type, Date):
        return _to_date
    return _to_text


_Plan = tuple[tuple[str, tuple[str, ...], Callable[[Any], Any]], ...]


@cache
def _column_plan(record_type: str) -> _Plan:
    """Each non-core column of a type's current table: its name, the payload path it
    shows and the conversion to its type — worked out once per type, not once per row."""
    cls = current_tables()[record_type]
    return tuple(
        (
            column.name,
            tuple(cls.__projection__.get(column.name, column.name).split(".")),
            _converter(column.type),
        )
        for column in table_for(record_type).columns
        if column.name not in CORE_COLUMNS
    )


def row_values(
    record_type: str,
    record_id: str,
    version_id: str,
    hlc_ms: int,
    origin: str,
    payload_json: str,
    payload: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The current-table row of a live record: the leaf it stands for, the payload it shows
    (``payload``: ``payload_json`` already parsed, when the caller has it)."""
    if payload is None:
        payload = json.loads(payload_json)
    values: dict[str, Any] = {
        "id": record_id,
        "version_id": version_id,
        "hlc_ms": hlc_ms,
        "origin": origin,
        "data": payload_json,
    }
    for name, path, convert in _column_plan(record_type):
        value: Any = payload
        for part in path:
            if not isinstance(value, dict):
                value = None
                break
            value = value.get(part)
        values[name] = None if value is None else convert(value)
    return values


def term_values(
    record_type: str, record_id: str, payload_json: str, payload: dict[str, Any] | None = None
) -> list[dict[str, str]]:
    """``record_terms`` rows for the list fields of a live record's shown payload."""
    cls = current_tables()[record_type]
    if not cls.__term_fields__:
        return []
    if payload is None:
        payload = json.loads(payload_json)
    rows: list[dict[str, str]] = []
    for field in cls.__term_fields__:
        values = _terms_at(payload, field.split("."))
        for value in sorted({str(v) for v in values}):
            rows.append(
                {"record_id": record_id, "record_type": record_type, "field": field, "value": value}
            )
    return rows
