"""Which leaf of a record is shown, and when a record is in conflict.

Every replica applies the same rule, so every replica shows the same winner:
not-deleted beats deleted (an edit beats a concurrent delete), then the highest
``(hlc, origin)``; the version id breaks any remaining tie. Clocks choose winners;
convergence never depends on them, because the leaf set itself is order-free.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from icati_desktop.versioning.hlc import Timestamp


@dataclass(frozen=True, slots=True)
class LeafInfo:
    version_id: str
    hlc: Timestamp
    origin: str
    deleted: bool


def winner_key(leaf: LeafInfo) -> tuple[bool, int, int, str, str]:
    return (not leaf.deleted, leaf.hlc.ms, leaf.hlc.counter, leaf.origin, leaf.version_id)


def choose_winner(leaves: Iterable[LeafInfo]) -> LeafInfo:
    candidates = list(leaves)
    if not candidates:
        raise ValueError("a record without leaves has no winner")
    return max(candidates, key=winner_key)


def is_conflict(leaves: Sequence[LeafInfo]) -> bool:
    """Two or more leaves are an open conflict, unless all of them are deletions."""
    return len(leaves) > 1 and not all(leaf.deleted for leaf in leaves)


def leaves_of(version_ids: Iterable[str], parents: dict[str, tuple[str, ...]]) -> set[str]:
    """The versions no other version in the set names as a parent."""
    ids = set(version_ids)
    named = {p for vid in ids for p in parents.get(vid, ())}
    return ids - named
