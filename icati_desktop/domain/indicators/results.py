"""What an indicator gives: its value, its target, a breakdown and the records behind it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from icati_desktop.domain.indicators.facts import RecordLink


class Unit(StrEnum):
    COUNT = "count"
    PERCENT = "percent"
    SCORE = "score"
    """A change of a domain score (0–4 scale)."""


class Breakdown(StrEnum):
    """What the rows of an indicator are keyed by (how the key is shown)."""

    REGION = "region"
    LEVEL = "level"
    PHASE = "phase"
    STATUS = "status"
    MONTH = "month"
    LANGUAGE = "language"
    CURRICULUM = "curriculum"
    SECTOR = "sector"
    COUNTRY = "country"
    KIND = "kind"
    STAGE = "stage"


@dataclass(frozen=True)
class Row:
    key: str
    value: Decimal
    target: Decimal | None = None
    records: tuple[RecordLink, ...] = ()


@dataclass(frozen=True)
class Indicator:
    key: str
    value: Decimal | None
    """``None`` when the period holds nothing to compute it from (a rate of no items)."""
    unit: Unit
    breakdown: Breakdown
    rows: tuple[Row, ...] = ()
    target: Decimal | None = None
    records: tuple[RecordLink, ...] = ()
    is_global_outcome: bool = False
    """One of the seed's global outcomes (shown first, with its target)."""

    @property
    def met(self) -> bool | None:
        if self.target is None or self.value is None:
            return None
        return self.value >= self.target


def percent(part: int, whole: int) -> Decimal | None:
    """``part`` of ``whole`` in %, one decimal; ``None`` for a share of nothing."""
    if whole == 0:
        return None
    return (Decimal(100) * part / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def mean(values: Iterable[Decimal]) -> Decimal | None:
    items = list(values)
    if not items:
        return None
    return (sum(items, Decimal(0)) / len(items)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def links(records: Iterable[RecordLink]) -> tuple[RecordLink, ...]:
    """Distinct records, in a stable order."""
    return tuple(sorted(set(records)))
