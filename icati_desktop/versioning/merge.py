"""Field-level three-way merge of JSON payloads, by the rules of a :class:`MergeSpec`.

Pure functions on canonical JSON values. Given a base (the common ancestor's payload)
and the payloads of two or more *sides* (the leaves), each value is merged by its rule
(``domain/merge_rules.py``):

* a value no side changed keeps the base's value; a value the sides that changed it
  changed alike takes that value — whatever its rule;
* otherwise an OBJECT merges field by field, a MAP key by key, a KEYED list element by
  element (by the element's key) and a SET element by element (an element is in the
  result if it was in the base and no side removed it, or a side added it); an ATOMIC
  value — or a value whose shapes differ (an element removed on one side and edited on
  the other, ``null`` against an object) — is a **conflict** at that path.

A conflicting path shows the value of the side that ranks highest among those that
changed it, present beating absent ("not-deleted beats deleted"), then the winner
rule's order (``rank``: higher wins). Absent values (a key or element that is not
there, or no base at all) are :data:`MISSING`. The order of a merged list comes from
:func:`merge_order`. Everything here is deterministic and independent of the order in
which the sides are given, as long as their ranks differ.
"""

from __future__ import annotations

import json
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from icati_desktop.domain.merge_rules import MergeKind, MergeSpec
from icati_desktop.versioning.changes import MISSING as MISSING  # one sentinel for both

Path = tuple[str, ...]


@dataclass(frozen=True)
class Side:
    """One version taking part in a merge."""

    version_id: str
    rank: tuple[Any, ...]
    """The winner rule's key of the version: the higher rank is shown in a conflict."""
    value: Any
    """Its value at the path being merged (:data:`MISSING` if absent there)."""


@dataclass(frozen=True)
class PathConflict:
    """One path that two or more sides changed to different values."""

    path: Path
    base: Any
    """The base's value at the path (:data:`MISSING`: not in the base, or no base)."""
    values: tuple[tuple[str, Any], ...]
    """Each side's version id and value at the path, highest rank first."""
    changed: tuple[str, ...]
    """The sides whose value differs from the base's, highest rank first."""
    shown: str
    """The side whose value the merged payload holds until someone resolves it."""


def _key_text(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _element_key(element: Any, key: str) -> str | None:
    if not isinstance(element, dict):
        return None
    found = element.get(key)
    if found is None or isinstance(found, (dict, list)):
        return None
    return found if isinstance(found, str) else _key_text(found)


def keyed(value: Any, key: str) -> dict[str, Any] | None:
    """A KEYED list as key → element, or None if it is not one (no key, a key twice)."""
    if not isinstance(value, list):
        return None
    out: dict[str, Any] = {}
    for element in value:
        element_key = _element_key(element, key)
        if element_key is None or element_key in out:
            return None
        out[element_key] = element
    return out


K = TypeVar("K", bound=Hashable)


def _reordered(sequence: Sequence[K], base: Sequence[K]) -> bool:
    common = set(sequence) & set(base)
    return [k for k in sequence if k in common] != [k for k in base if k in common]


def merge_order(sides: Sequence[Sequence[K]], base: Sequence[K]) -> list[K]:
    """One order for the elements of several versions of a list.

    ``sides`` are given highest rank first. The order is taken from the highest-ranked
    side that reordered the elements it shares with the base, else from the
    highest-ranked side; each element only other sides (or the base) hold is placed
    right after the element it follows there (at the start if it follows none).
    Reordering is never a conflict.
    """
    reordered = [s for s in sides if _reordered(s, base)]
    sources = [*reordered, *(s for s in sides if s not in reordered), base]
    result: list[K] = []
    placed: set[K] = set()
    for sequence in sources:
        anchor: K | None = None
        for item in sequence:
            if item not in placed:
                at = 0 if anchor is None else result.index(anchor) + 1
                result.insert(at, item)
                placed.add(item)
            anchor = item
    return result


def _shown(changed: Sequence[Side]) -> Side:
    return max(changed, key=lambda side: (side.value is not MISSING, side.rank))


def _children(value: Any, spec: MergeSpec) -> dict[str, Any] | None:
    """A container's children by path segment, or None if ``value`` is not that container."""
    if spec.kind in (MergeKind.OBJECT, MergeKind.MAP):
        return value if isinstance(value, dict) else None
    if spec.kind is MergeKind.KEYED:
        return keyed(value, spec.key or "id")
    return None


def _child_spec(spec: MergeSpec, segment: str) -> MergeSpec:
    return spec.field(segment) if spec.kind is MergeKind.OBJECT else spec.child()


class _Merge:
    def __init__(self) -> None:
        self.conflicts: list[PathConflict] = []

    def value(self, spec: MergeSpec, path: Path, base: Any, sides: Sequence[Side]) -> Any:
        changed = [side for side in sides if side.value != base]
        if not changed:
            return base
        if all(side.value == changed[0].value for side in changed[1:]):
            return changed[0].value
        if spec.kind is MergeKind.SET:
            merged_set = self.set(base, sides)
            if merged_set is not None:
                return merged_set
        elif spec.kind is not MergeKind.ATOMIC:
            merged = self.container(spec, path, base, sides)
            if merged is not None:
                return merged
        shown = _shown(changed)
        self.conflicts.append(
            PathConflict(
                path=path,
                base=base,
                values=tuple((side.version_id, side.value) for side in sides),
                changed=tuple(side.version_id for side in changed),
                shown=shown.version_id,
            )
        )
        return shown.value

    def container(
        self, spec: MergeSpec, path: Path, base: Any, sides: Sequence[Side]
    ) -> Any | None:
        base_children = {} if base is MISSING else _children(base, spec)
        side_children = [_children(side.value, spec) for side in sides]
        if base_children is None or any(children is None for children in side_children):
            return None  # shapes differ (removed against edited, null against object)
        everything = [base_children, *(c for c in side_children if c is not None)]
        names = {name for children in everything for name in children}
        if spec.kind is MergeKind.OBJECT:
            declared = [name for name, _spec in spec.fields if name in names]
            order: list[str] = declared + sorted(names - set(declared))
        elif spec.kind is MergeKind.MAP:
            order = sorted(names)
        else:
            order = merge_order(
                [list(c) for c in side_children if c is not None], list(base_children)
            )
        merged: dict[str, Any] = {}
        for name in order:
            value = self.value(
                _child_spec(spec, name),
                (*path, name),
                base_children.get(name, MISSING),
                [
                    Side(side.version_id, side.rank, (children or {}).get(name, MISSING))
                    for side, children in zip(sides, side_children, strict=True)
                ],
            )
            if value is not MISSING:
                merged[name] = value
        if spec.kind is MergeKind.KEYED:
            return list(merged.values())
        return merged

    @staticmethod
    def set(base: Any, sides: Sequence[Side]) -> list[Any] | None:
        lists = [side.value for side in sides]
        if not all(isinstance(v, list) for v in lists) or not (
            isinstance(base, list) or base is MISSING
        ):
            return None
        base_list: list[Any] = base if isinstance(base, list) else []
        by_text = {_key_text(e): e for v in [base_list, *lists] for e in v}
        in_base = {_key_text(e) for e in base_list}
        held = [{_key_text(e) for e in v} for v in lists]
        keep = {t for t in in_base if all(t in h for h in held)}
        keep |= {t for h in held for t in h if t not in in_base}
        order = merge_order(
            [[_key_text(e) for e in v] for v in lists], [_key_text(e) for e in base_list]
        )
        return [by_text[t] for t in order if t in keep]


def merge_values(
    spec: MergeSpec, base: Any, sides: Sequence[Side]
) -> tuple[Any, list[PathConflict]]:
    """Merge the sides' values against the base: the merged value and every conflict.

    ``sides`` must be given highest rank first (that order is what ``values`` and
    ``changed`` of each conflict follow).
    """
    merge = _Merge()
    value = merge.value(spec, (), base, sides)
    return value, merge.conflicts


def value_at(spec: MergeSpec, document: Any, path: Path) -> Any:
    """The value at ``path`` in a document merged by ``spec`` (:data:`MISSING` if absent)."""
    value = document
    for segment in path:
        children = _children(value, spec)
        if children is None:
            return MISSING
        value = children.get(segment, MISSING)
        spec = _child_spec(spec, segment)
    return value


def with_value_at(
    spec: MergeSpec, document: Any, path: Path, value: Any, source: Any = MISSING
) -> Any:
    """``document`` with the value at ``path`` replaced (removed if :data:`MISSING`).

    An element added to a KEYED list is placed after the element it follows in
    ``source`` (the document the value comes from), or at the end.
    """
    if not path:
        return value
    head, rest = path[0], path[1:]
    children = _children(document, spec)
    if children is None:
        raise ValueError(f"no {'/'.join(path)} to change: the value there is not a container")
    inner = _child_spec(spec, head)
    source_children = _children(source, spec) if source is not MISSING else None
    new = with_value_at(
        inner,
        children.get(head, MISSING),
        rest,
        value,
        (source_children or {}).get(head, MISSING),
    )
    if spec.kind is not MergeKind.KEYED:
        out = dict(children)
        if new is MISSING:
            out.pop(head, None)
        else:
            out[head] = new
        return out
    keys = list(children)
    if new is MISSING:
        return [children[k] for k in keys if k != head]
    if head in children:
        return [new if k == head else children[k] for k in keys]
    order = list(source_children or {})
    before = order[: order.index(head)] if head in order else keys
    anchor = next((k for k in reversed(before) if k in children), None)
    at = 0 if anchor is None else keys.index(anchor) + 1
    keys.insert(at, head)
    return [new if k == head else children[k] for k in keys]


def differing_paths(spec: MergeSpec, a: Any, b: Any, path: Path = ()) -> list[Path]:
    """The paths, as deep as the rules go, at which two documents hold different values.

    A list that holds the same elements in another order does not differ.
    """
    if a == b:
        return []
    a_children, b_children = _children(a, spec), _children(b, spec)
    if spec.kind is MergeKind.SET and isinstance(a, list) and isinstance(b, list):
        if {_key_text(e) for e in a} == {_key_text(e) for e in b}:
            return []
        return [path]
    if a_children is None or b_children is None:
        return [path]
    out: list[Path] = []
    for name in sorted(a_children.keys() | b_children.keys()):
        out += differing_paths(
            _child_spec(spec, name),
            a_children.get(name, MISSING),
            b_children.get(name, MISSING),
            (*path, name),
        )
    return out
