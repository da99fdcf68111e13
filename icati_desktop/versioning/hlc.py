"""Hybrid logical clock (physical milliseconds, counter), one per device.

The clock never goes backwards, even when the system clock does: a tick takes the
larger of the wall clock and the last value, and bumps the counter on a tie. Merging
a remote clock keeps the local clock ahead of everything it has seen. The last value
is persisted by the store in the same transaction as the version it stamped, so the
clock is also strictly increasing across restarts.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Self


@dataclass(frozen=True, order=True, slots=True)
class Timestamp:
    """An HLC value. Ordered by (ms, counter); the origin device breaks ties elsewhere."""

    ms: int
    counter: int

    def to_json(self) -> list[int]:
        return [self.ms, self.counter]

    @classmethod
    def from_json(cls, value: object) -> Self:
        if (
            not isinstance(value, list)
            or len(value) != 2
            or not all(isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in value)
        ):
            raise ValueError(f"an HLC is [milliseconds, counter], got {value!r}")
        return cls(value[0], value[1])


ZERO = Timestamp(0, 0)


def wall_clock_ms() -> int:
    return time.time_ns() // 1_000_000


class HybridLogicalClock:
    """Issues strictly increasing timestamps from a starting value."""

    def __init__(self, last: Timestamp, now_ms: Callable[[], int] = wall_clock_ms) -> None:
        self._last = last
        self._now_ms = now_ms

    @property
    def last(self) -> Timestamp:
        return self._last

    def tick(self) -> Timestamp:
        """A new timestamp for a local event."""
        physical = self._now_ms()
        if physical > self._last.ms:
            self._last = Timestamp(physical, 0)
        else:
            self._last = Timestamp(self._last.ms, self._last.counter + 1)
        return self._last

    def observe(self, remote: Timestamp) -> Timestamp:
        """Merge a timestamp received from elsewhere (an imported version)."""
        physical = self._now_ms()
        top = max(physical, self._last.ms, remote.ms)
        if top == self._last.ms == remote.ms:
            counter = max(self._last.counter, remote.counter) + 1
        elif top == self._last.ms:
            counter = self._last.counter + 1
        elif top == remote.ms:
            counter = remote.counter + 1
        else:
            counter = 0
        self._last = Timestamp(top, counter)
        return self._last
