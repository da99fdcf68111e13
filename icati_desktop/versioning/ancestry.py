"""Ancestors in one record's version graph: what its leaves have in common.

Only parent links that point at versions present in the graph are followed: a parent
that has not arrived yet ends the walk there, as it does for the leaves.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence


def ancestors(start: str, parents: Mapping[str, Sequence[str]]) -> set[str]:
    """``start`` and every version it descends from."""
    seen = {start}
    todo = [start]
    while todo:
        for parent in parents.get(todo.pop(), ()):
            if parent not in seen and parent in parents:
                seen.add(parent)
                todo.append(parent)
    return seen


def common_ancestors(versions: Iterable[str], parents: Mapping[str, Sequence[str]]) -> set[str]:
    """The versions every one of ``versions`` descends from (or is)."""
    common: set[str] | None = None
    for version in versions:
        found = ancestors(version, parents)
        common = found if common is None else common & found
    return common or set()


def lowest(versions: set[str], parents: Mapping[str, Sequence[str]]) -> set[str]:
    """The members of ``versions`` that no other member descends from."""
    below: set[str] = set()
    todo = [p for v in versions for p in parents.get(v, ()) if p in parents]
    while todo:
        version = todo.pop()
        if version not in below:
            below.add(version)
            todo.extend(p for p in parents.get(version, ()) if p in parents)
    return versions - below


def lowest_common_ancestors(
    versions: Iterable[str], parents: Mapping[str, Sequence[str]]
) -> set[str]:
    """The most recent versions that all of ``versions`` descend from (several after
    criss-cross merges, none when they share no history)."""
    return lowest(common_ancestors(versions, parents), parents)
