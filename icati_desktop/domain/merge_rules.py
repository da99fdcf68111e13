"""How each field of a record merges when two devices changed the record concurrently.

The versioning core merges payloads as JSON (``versioning/merge.py``); what it needs to
know per field is one :class:`MergeSpec`, derived here from the payload models so that
a new field merges sensibly without anyone remembering to declare it. Defaults by type:

* scalars (text, numbers, dates, enums, ids) and unions of models are **atomic**: one
  side's value or the other's, never a mix;
* a nested model merges **field by field**;
* a ``dict`` merges **key by key** (answers per item, translations per language);
* a list of models that have an ``id`` field merges **element by element** by that id
  (agenda items, attendees, follow-ups, progress notes, repeat entries);
* a list of scalars is a **set**: an element added on either side is kept, an element
  removed on either side is removed (tags, languages, linked ids);
* any other list (of models without an id) is atomic.

A field overrides its default with metadata: ``Annotated[T, MergeRule.ATOMIC]`` for a
value that must stay whole (a tagged answer value, a phase override),
``Annotated[list[T], MergeRule.SET]`` or ``Annotated[list[T], KeyedBy("sha256")]``.
The rules are published in ``docs/bundle-format.md`` ("Merge rules per field type").
"""

from __future__ import annotations

import inspect
import types
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import Enum, StrEnum
from functools import cache
from typing import Annotated, Any, Literal, Union, get_args, get_origin
from uuid import UUID

from pydantic import BaseModel


class MergeRule(Enum):
    """Markers for ``Annotated`` metadata that override a field's default rule."""

    ATOMIC = "atomic"
    """The value is kept whole: two sides that changed it differently conflict."""
    SET = "set"
    """The list is a set: additions on any side are kept, removals on any side applied."""


@dataclass(frozen=True)
class KeyedBy:
    """Marker: the list's elements merge one by one, identified by this field."""

    field: str


class MergeKind(StrEnum):
    ATOMIC = "atomic"
    OBJECT = "object"
    MAP = "map"
    KEYED = "keyed"
    SET = "set"


@dataclass(frozen=True)
class MergeSpec:
    """The merge rule of one value, and of what it holds."""

    kind: MergeKind
    fields: tuple[tuple[str, MergeSpec], ...] = ()
    """OBJECT: the rule of each field, in the model's order."""
    item: MergeSpec | None = None
    """MAP: the rule of every value; KEYED: the rule of every element."""
    key: str | None = None
    """KEYED: the field that identifies an element."""

    def field(self, name: str) -> MergeSpec:
        """The rule of an OBJECT's field (atomic for a field the model does not declare)."""
        for field_name, spec in self.fields:
            if field_name == name:
                return spec
        return ATOMIC

    def child(self) -> MergeSpec:
        return self.item if self.item is not None else ATOMIC


ATOMIC = MergeSpec(MergeKind.ATOMIC)
SET = MergeSpec(MergeKind.SET)

_SCALARS: tuple[type, ...] = (str, int, bool, Decimal, UUID, date, datetime, Enum)


def _unwrap(annotation: Any) -> tuple[Any, list[Any]]:
    """Strip ``Annotated`` layers, collecting their metadata."""
    metadata: list[Any] = []
    while get_origin(annotation) is Annotated:
        inner, *extra = get_args(annotation)
        metadata.extend(extra)
        annotation = inner
    return annotation, metadata


def _marker(metadata: list[Any]) -> MergeRule | KeyedBy | None:
    found = [m for m in metadata if isinstance(m, (MergeRule, KeyedBy))]
    return found[-1] if found else None


def _is_model(annotation: Any) -> bool:
    return inspect.isclass(annotation) and issubclass(annotation, BaseModel)


def _is_scalar(annotation: Any) -> bool:
    annotation, _metadata = _unwrap(annotation)
    if get_origin(annotation) is Literal:
        return True
    return inspect.isclass(annotation) and issubclass(annotation, _SCALARS)


def _spec(annotation: Any, metadata: list[Any], seen: frozenset[type]) -> MergeSpec:
    annotation, more = _unwrap(annotation)
    marker = _marker([*metadata, *more])
    if marker is MergeRule.ATOMIC:
        return ATOMIC
    origin = get_origin(annotation)
    if origin in (Union, types.UnionType):
        options = [a for a in get_args(annotation) if a is not type(None)]
        if len(options) == 1:
            return _spec(options[0], [marker] if marker else [], seen)
        return ATOMIC  # a union of shapes (a tagged answer value) stays whole
    if _is_model(annotation):
        return ATOMIC if annotation in seen else _model_spec(annotation, seen)
    if origin is dict:
        return MergeSpec(MergeKind.MAP, item=_spec(get_args(annotation)[1], [], seen))
    if origin is list:
        element = get_args(annotation)[0]
        inner, _metadata = _unwrap(element)
        if isinstance(marker, KeyedBy):
            return MergeSpec(MergeKind.KEYED, item=_spec(inner, [], seen), key=marker.field)
        if marker is MergeRule.SET:
            return SET
        if _is_model(inner) and "id" in inner.model_fields:
            return MergeSpec(MergeKind.KEYED, item=_spec(inner, [], seen), key="id")
        return SET if _is_scalar(inner) else ATOMIC
    return ATOMIC


def _model_spec(model: type[BaseModel], seen: frozenset[type]) -> MergeSpec:
    inner = seen | {model}
    return MergeSpec(
        MergeKind.OBJECT,
        fields=tuple(
            (name, _spec(info.annotation, list(info.metadata), inner))
            for name, info in model.model_fields.items()
        ),
    )


@cache
def merge_spec(model: type[BaseModel]) -> MergeSpec:
    """The merge rule of a payload model: field by field, each by its type or marker."""
    return _model_spec(model, frozenset())
