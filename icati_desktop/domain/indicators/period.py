"""The period an indicator is computed over: two days, both included."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class Period:
    """From ``start`` to ``end``, both days included."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(
                f"the period ends ({self.end.isoformat()}) before it starts "
                f"({self.start.isoformat()}): give the earlier date first"
            )

    def contains(self, day: date | datetime) -> bool:
        if isinstance(day, datetime):
            day = day.date()
        return self.start <= day <= self.end

    def months(self) -> list[str]:
        """Every calendar month the period touches, as ``YYYY-MM``."""
        out: list[str] = []
        year, month = self.start.year, self.start.month
        while (year, month) <= (self.end.year, self.end.month):
            out.append(f"{year:04d}-{month:02d}")
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return out


OUTCOME_WINDOW_MONTHS = 18
"""The seed's outcomes are for "the next 18 months"."""


def default_period(today: date) -> Period:
    """The 18 calendar months that end with ``today``'s month, up to ``today``."""
    months = today.year * 12 + today.month - 1 - (OUTCOME_WINDOW_MONTHS - 1)
    return Period(date(months // 12, months % 12 + 1, 1), today)
