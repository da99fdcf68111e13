"""Which paths changed between two payloads: the one diff rule history and merge share.

A payload is canonical JSON (objects, arrays, text, integers, booleans, null). Two
payloads are compared object key by object key, all the way down; an array is compared
element by element only when every element is an object with a text ``id`` (attendees,
progress updates: elements that keep their identity when the list is reordered), and as
one value otherwise (tags, languages: the list is the value). The result is the list of
*leaf* paths whose value differs, in a stable order, with the value on each side
(:data:`MISSING` where one side has no such path).

Pure and deterministic: the same two payloads give the same changes on every replica.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Final


class _Missing:
    """The value at a path one side does not have (not the same as ``null``)."""

    _instance: _Missing | None = None

    def __new__(cls) -> _Missing:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "MISSING"

    def __bool__(self) -> bool:
        return False


MISSING: Final = _Missing()


@dataclass(frozen=True, order=True, slots=True)
class ElementId:
    """A path step into an array whose elements are objects with an ``id``."""

    id: str


Step = str | ElementId
Path = tuple[Step, ...]


@dataclass(frozen=True, slots=True)
class Change:
    """One leaf path whose value differs; ``old``/``new`` may be :data:`MISSING`."""

    path: Path
    old: Any
    new: Any


def _keyed_elements(value: Any) -> dict[str, Any] | None:
    """An array of objects with distinct text ids, as id → element; None otherwise."""
    if not isinstance(value, list) or not value:
        return None
    out: dict[str, Any] = {}
    for element in value:
        if not isinstance(element, dict) or not isinstance(element.get("id"), str):
            return None
        if element["id"] in out:
            return None
        out[element["id"]] = element
    return out


def _as_mapping(value: Any) -> Mapping[Step, Any] | None:
    if isinstance(value, dict):
        return value
    keyed = _keyed_elements(value)
    if keyed is None:
        return None
    return {ElementId(key): element for key, element in keyed.items()}


def _step_key(step: Step) -> tuple[int, str]:
    return (1, step.id) if isinstance(step, ElementId) else (0, step)


def same(a: Any, b: Any) -> bool:
    """JSON equality that tells ``true`` from ``1`` (Python's ``==`` does not)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


def _walk(path: Path, old: Any, new: Any) -> Iterator[Change]:
    if old is MISSING or new is MISSING:
        yield Change(path, old, new)
        return
    if same(old, new):
        return
    old_map, new_map = _as_mapping(old), _as_mapping(new)
    # Descend only when both sides are of one kind (two objects, or two keyed arrays).
    both_objects = isinstance(old, dict) and isinstance(new, dict)
    both_keyed = isinstance(old, list) and isinstance(new, list)
    if old_map is not None and new_map is not None and (both_objects or both_keyed):
        for step in sorted(set(old_map) | set(new_map), key=_step_key):
            yield from _walk((*path, step), old_map.get(step, MISSING), new_map.get(step, MISSING))
        return
    yield Change(path, old, new)


def changed_paths(old: Any, new: Any) -> list[Change]:
    """The leaf paths whose value differs between two payloads (``None``: no payload).

    A creation (``old`` is None) or a deletion (``new`` is None) lists every top-level
    field of the payload that exists, with :data:`MISSING` on the other side.
    """
    old_value = MISSING if old is None else old
    new_value = MISSING if new is None else new
    if old_value is MISSING and new_value is MISSING:
        return []
    if old_value is MISSING or new_value is MISSING:
        present = new_value if old_value is MISSING else old_value
        if not isinstance(present, dict):
            return [Change((), old_value, new_value)]
        if old_value is MISSING:
            return [Change((key,), MISSING, present[key]) for key in sorted(present)]
        return [Change((key,), present[key], MISSING) for key in sorted(present)]
    return list(_walk((), old_value, new_value))


def value_at(payload: Any, path: Path) -> Any:
    """The value at ``path`` in a payload, or :data:`MISSING`."""
    value = MISSING if payload is None else payload
    for step in path:
        mapping = _as_mapping(value)
        if mapping is None or step not in mapping:
            return MISSING
        value = mapping[step]
    return value


__all__ = [
    "MISSING",
    "Change",
    "ElementId",
    "Path",
    "Step",
    "changed_paths",
    "same",
    "value_at",
]
