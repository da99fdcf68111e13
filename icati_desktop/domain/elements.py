"""Ids for the elements of lists that merge element by element.

Two devices that each add an agenda item, tick a follow-up or fill in a repeat entry
change different *elements* of one list; the merge tells them apart by the element's
``id`` (see :mod:`icati_desktop.domain.merge_rules`). An element made in code gets a
random id (``uuid4``), so two devices never invent the same one. A list written before
elements had ids (a dict without ``id``) is given ids derived from each element's
position and content, so reading the same old payload twice gives the same ids.
"""

from __future__ import annotations

import json
from typing import Annotated, Any, Protocol, TypeVar
from uuid import UUID, uuid5

from pydantic import AfterValidator, BaseModel, BeforeValidator

ELEMENT_NAMESPACE = UUID("5b0b7a3e-3f9e-4d0c-9a57-7f1c2c3b8e41")
"""Never change this: the ids of elements written without one derive from it."""


class HasId(Protocol):
    @property
    def id(self) -> UUID: ...


T = TypeVar("T", bound=HasId)


def _plain(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    return str(value)


def legacy_element_id(position: int, content: object) -> UUID:
    """The id of an element written without one: from its position and its content."""
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, default=_plain)
    return uuid5(ELEMENT_NAMESPACE, f"{position}:{text}")


def _with_ids(value: object) -> object:
    if not isinstance(value, list):
        return value
    return [
        {**item, "id": legacy_element_id(position, item)}
        if isinstance(item, dict) and "id" not in item
        else item
        for position, item in enumerate(value)
    ]


def require_distinct_ids(elements: list[T]) -> list[T]:
    seen: set[UUID] = set()
    for element in elements:
        if element.id in seen:
            raise ValueError(f"element id {element.id} is used twice in one list")
        seen.add(element.id)
    return elements


IdList = Annotated[list[T], BeforeValidator(_with_ids), AfterValidator(require_distinct_ids)]
"""A list whose elements carry an ``id`` (given one from position and content if not)."""
