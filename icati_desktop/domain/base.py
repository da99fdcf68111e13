"""Conventions shared by every syncable record type.

A *record* is an aggregate people edit together (a meeting with its attendees, an
assessment with its answers). Its payload is one of the models below; the store keeps
every version of it and materialises the winning one into a current table.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, ClassVar
from uuid import UUID

from pydantic import AfterValidator, BaseModel, ConfigDict, Field


class Owner(StrEnum):
    """Who may author versions of a record type."""

    HQ = "hq"
    """Central-owned (library, forms, directory, events, countries): only an HQ key."""
    FIELD = "field"
    """Field-authored (meetings, assessments, action plans, atlas): any trusted device."""


def _require_utc(value: datetime) -> datetime:
    if value.tzinfo is None:
        raise ValueError("a time must carry its time zone (naive times are ambiguous)")
    return value.astimezone(UTC)


UtcDatetime = Annotated[datetime, AfterValidator(_require_utc)]
"""An aware datetime, normalised to UTC."""

LocalizedText = dict[str, str]
"""Text in several languages: language code (``en``, ``fr``, ``ar``…) to text."""

RecordRef = UUID
"""The record id of another record (a soft reference: sync may deliver it later)."""

ShortText = Annotated[str, Field(max_length=500)]
LongText = Annotated[str, Field(max_length=100_000)]


class RecordPayload(BaseModel):
    """Base of every record payload.

    Subclasses set ``record_type`` (the stable name used in versions, bundles and
    tables) and ``owner``. Payloads are immutable and reject unknown fields, so a
    version always decodes to exactly what was signed. Numbers that are not whole use
    ``Decimal`` (floats have no canonical text form).
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    record_type: ClassVar[str]
    owner: ClassVar[Owner]


__all__ = [
    "Decimal",
    "LocalizedText",
    "LongText",
    "Owner",
    "RecordPayload",
    "RecordRef",
    "ShortText",
    "UtcDatetime",
    "date",
]
