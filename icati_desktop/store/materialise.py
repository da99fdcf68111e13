"""Turn what a record shows (its leaf, or its leaves' merge) into its current-table row and terms.

Every non-core column of a current table is filled from the payload field of the same
name (or the path named in ``__projection__``), converted to the column's type. The
same function is used to write rows and, by ``db check``, to verify them.
"""

from __future__ import annotations

import json
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


def _lookup(payload: dict[str, Any], path: str) -> Any:
    value: Any = payload
    for part in path.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value


def naive_utc(value: datetime) -> datetime:
    """Times in current tables are naive UTC, which both engines store alike."""
    if value.tzinfo is None:
        return value
    return value.astimezone(UTC).replace(tzinfo=None)


def _convert(value: Any, column_type: Any) -> Any:
    if value is None:
        return None
    if isinstance(column_type, Boolean):
        return bool(value)
    if isinstance(column_type, Integer):
        return int(value)
    if isinstance(column_type, Numeric):
        return Decimal(str(value))
    if isinstance(column_type, DateTime):
        return naive_utc(datetime.fromisoformat(str(value).replace("Z", "+00:00")))
    if isinstance(column_type, Date):
        return date.fromisoformat(str(value)[:10])
    if isinstance(value, (dict, list)):
        return canonical_json(value)
    return str(value) if not isinstance(value, bool) else ("true" if value else "false")


def row_values(
    record_type: str,
    record_id: str,
    version_id: str,
    hlc_ms: int,
    origin: str,
    payload_json: str,
) -> dict[str, Any]:
    """The current-table row of a live record: the leaf it stands for, the payload it shows."""
    cls = current_tables()[record_type]
    table = table_for(record_type)
    payload = json.loads(payload_json)
    values: dict[str, Any] = {
        "id": record_id,
        "version_id": version_id,
        "hlc_ms": hlc_ms,
        "origin": origin,
        "data": payload_json,
    }
    for column in table.columns:
        if column.name in CORE_COLUMNS:
            continue
        source = cls.__projection__.get(column.name, column.name)
        values[column.name] = _convert(_lookup(payload, source), column.type)
    return values


def term_values(record_type: str, record_id: str, payload_json: str) -> list[dict[str, str]]:
    """``record_terms`` rows for the list fields of a live record's shown payload."""
    cls = current_tables()[record_type]
    if not cls.__term_fields__:
        return []
    payload = json.loads(payload_json)
    rows: list[dict[str, str]] = []
    for field in cls.__term_fields__:
        values = _lookup(payload, field) or []
        for value in sorted({str(v) for v in values}):
            rows.append(
                {"record_id": record_id, "record_type": record_type, "field": field, "value": value}
            )
    return rows
