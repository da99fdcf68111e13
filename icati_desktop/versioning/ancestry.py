"""Ancestors in one record's version graph: what versions descend from.

Only parent links that point at versions present in the graph are followed: a parent
that has not arrived yet ends the walk there, as it does for the leaves.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence


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
