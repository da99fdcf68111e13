"""Split long id lists for ``IN (…)`` queries (SQLite allows a bounded number of parameters)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

CHUNK = 500


def chunked(items: Sequence[str], size: int = CHUNK) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
