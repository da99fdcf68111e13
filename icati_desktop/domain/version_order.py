"""The order of a form's versions, whatever their authors wrote as a version.

pyxform accepts any text as a form's ``version``: most authors write numbers (``2``,
``1.3``) or ODK's date versions (``2024061201``), some a date (``2024-06-12``) or words
(``v3 draft``). Two versions are *comparable* when both are numbers separated by dots;
then ``1.10`` comes after ``1.9``. When any version of a form is not, the versions are
ordered by when they were imported (the hybrid logical clock of each version record's
first version, the same on every device), since nothing else says which came first.

Keys are tuples so that a sort is stable and total: in both cases a tie (impossible for
two different records, but cheap to rule out) falls back to the version text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

NUMERIC = re.compile(r"^[0-9]+(\.[0-9]+)*$")


def numeric_parts(version: str) -> tuple[int, ...] | None:
    """``(1, 10)`` for ``1.10``; ``None`` when the version is not dotted numbers."""
    if not NUMERIC.match(version):
        return None
    return tuple(int(part) for part in version.split("."))


def comparable(versions: Iterable[str]) -> bool:
    """Whether every version is dotted numbers, so they order by their numbers."""
    return all(numeric_parts(version) is not None for version in versions)


def ordered(versions: Sequence[tuple[str, int]]) -> list[str]:
    """The versions, earliest first. Each entry is (version, import order): the import
    order (any increasing number, e.g. a clock in ms) decides only when the versions
    are not all comparable."""
    if comparable(version for version, _ in versions):
        return sorted((v for v, _ in versions), key=lambda v: (numeric_parts(v) or (), v))
    return [v for v, _ in sorted(versions, key=lambda pair: (pair[1], pair[0]))]


def latest(versions: Sequence[tuple[str, int]]) -> str | None:
    """The latest version (``None`` for none)."""
    order = ordered(versions)
    return order[-1] if order else None


__all__ = ["NUMERIC", "comparable", "latest", "numeric_parts", "ordered"]
