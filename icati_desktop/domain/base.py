"""Conventions shared by every syncable record type.

A *record* is an aggregate people edit together (a meeting with its attendees, an
assessment with its answers). Its payload is one of the models below; the store keeps
every version of it and materialises the winning one into a current table.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any, ClassVar
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

    @classmethod
    def merge_problem(
        cls, merged: Mapping[str, Any], sides: Sequence[Mapping[str, Any]]
    ) -> str | None:
        """Why a field-by-field merge of concurrent versions must not be shown, or None.

        ``merged`` is the merged payload (already valid for the model) and ``sides``
        the payloads it was merged from, as JSON. A type overrides this for a rule that
        spans versions, which validating one payload cannot see (a submitted assessment
        is locked). The merge then shows the winning version whole, and every change it
        could not take is listed as a conflict.
        """
        return None


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
