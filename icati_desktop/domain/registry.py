"""Every syncable record type, its payload model and its owner."""

from __future__ import annotations

from functools import cache
from types import ModuleType

from icati_desktop.domain import (
    action_plans,
    assessments,
    atlas,
    countries,
    directory,
    form_versions,
    forms,
    library,
    meetings,
    network,
)
from icati_desktop.domain.base import Owner, RecordPayload

_MODULES: tuple[ModuleType, ...] = (
    countries,
    library,
    forms,
    form_versions,
    directory,
    meetings,
    action_plans,
    assessments,
    atlas,
    network,
)


class UnknownRecordType(KeyError):
    def __str__(self) -> str:
        return f"unknown record type {self.args[0]!r}"


@cache
def record_types() -> dict[str, type[RecordPayload]]:
    found: dict[str, type[RecordPayload]] = {}
    for module in _MODULES:
        for model in module.RECORD_TYPES:
            if model.record_type in found:
                raise RuntimeError(f"record type {model.record_type} is declared twice")
            found[model.record_type] = model
    return found


def payload_model(record_type: str) -> type[RecordPayload]:
    try:
        return record_types()[record_type]
    except KeyError:
        raise UnknownRecordType(record_type) from None


def owner_of(record_type: str) -> Owner:
    return payload_model(record_type).owner
