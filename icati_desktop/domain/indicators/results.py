"""What an indicator gives: its value, its target, a breakdown and the records behind it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
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
    target_left_out: bool = False
    """It has a target of the network or of each region, left out because the figures
    are of one country (:func:`of_one_country`): no target of one country is set."""

    @property
    def met(self) -> bool | None:
        if self.target is None or self.value is None:
            return None
        return self.value >= self.target


def of_one_country(indicator: Indicator, region: str | None) -> Indicator:
    """``indicator`` as figures of one country (of ``region``): the targets set for the
    network or per region do not apply to it, and of the rows per region only its own
    region's remains (the others are empty by construction)."""
    rows = tuple(
        replace(row, target=None)
        for row in indicator.rows
        if indicator.breakdown is not Breakdown.REGION or row.key == region
    )
    had_target = indicator.target is not None or any(r.target is not None for r in indicator.rows)
    return replace(indicator, target=None, rows=rows, target_left_out=had_target)


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
