"""Canonical encoding: one byte string per value, the same on every machine and engine.

Rules (published in ``docs/bundle-format.md``):

* JSON with object keys sorted by code point, no insignificant whitespace, UTF-8,
  non-ASCII characters written as themselves;
* every string (keys included) in Unicode NFC;
* times as UTC ``YYYY-MM-DDTHH:MM:SS[.ffffff]Z`` (naive times are refused), dates as
  ``YYYY-MM-DD``;
* decimals as strings in plain notation without trailing zeros (``Decimal("1.50")``
  → ``"1.5"``); floats are refused because they have no canonical text form;
* UUIDs as lowercase hyphenated text, enums as their value, tuples and lists as arrays,
  sets as sorted arrays.

A version id is the SHA-256 of the canonical encoding of the version's content.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from collections.abc import Mapping
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any, cast
from uuid import UUID

JsonValue = None | bool | int | str | list["JsonValue"] | dict[str, "JsonValue"]


class CanonicalEncodingError(ValueError):
    """A value that has no canonical form (a float, a naive time, an unknown type)."""


def _decimal_text(value: Decimal) -> str:
    if not value.is_finite():
        raise CanonicalEncodingError(f"decimal {value} is not finite")
    text = format(value.normalize(), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _time_text(value: datetime) -> str:
    if value.tzinfo is None or value.utcoffset() is None:
        raise CanonicalEncodingError(f"time {value.isoformat()} has no time zone")
    utc = value.astimezone(UTC)
    fmt = "%Y-%m-%dT%H:%M:%S.%fZ" if utc.microsecond else "%Y-%m-%dT%H:%M:%SZ"
    return utc.strftime(fmt)


def canonical_value(value: Any) -> JsonValue:
    """Turn a Python value into its canonical JSON-compatible form."""
    # Fast paths for the plain JSON types (exact types: subclasses such as a str enum take
    # the general path below), which are nearly every value of a payload.
    kind = type(value)
    if kind is str:
        return (
            value
            if unicodedata.is_normalized("NFC", value)
            else unicodedata.normalize("NFC", value)
        )
    if kind is dict:
        return _canonical_dict(value)
    if kind is list:
        return [canonical_value(item) for item in value]
    if kind is int or kind is bool:
        return cast(int, value)
    if value is None:
        return None
    return _general_value(value)


def _canonical_dict(value: Mapping[Any, Any]) -> dict[str, JsonValue]:
    out: dict[str, JsonValue] = {}
    for key, item in value.items():
        if not isinstance(key, str):
            raise CanonicalEncodingError(f"object key {key!r} is not text")
        nkey = key if unicodedata.is_normalized("NFC", key) else unicodedata.normalize("NFC", key)
        if nkey in out:
            raise CanonicalEncodingError(f"key {nkey!r} appears twice after NFC")
        out[nkey] = canonical_value(item)
    return out


def _general_value(value: Any) -> JsonValue:
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, Enum):
        return canonical_value(value.value)
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, float):
        raise CanonicalEncodingError("floats have no canonical form: use Decimal")
    if isinstance(value, Decimal):
        return _decimal_text(value)
    if isinstance(value, datetime):
        return _time_text(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, Mapping):
        return _canonical_dict(value)
    if isinstance(value, (list, tuple)):
        return [canonical_value(item) for item in value]
    if isinstance(value, (set, frozenset)):
        items = [canonical_value(item) for item in value]
        return sorted(items, key=lambda v: canonical_json(v))
    raise CanonicalEncodingError(f"no canonical form for {type(value).__name__}")


_ENCODER = json.JSONEncoder(
    sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
)
"""One encoder for every call (``json.dumps`` with options builds one a call)."""


def canonical_json(value: Any) -> str:
    """The canonical JSON text of a value."""
    return _ENCODER.encode(canonical_value(value))


def canonical_bytes(value: Any) -> bytes:
    return canonical_json(value).encode("utf-8")


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
