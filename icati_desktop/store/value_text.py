"""Payload values in words: names for ids and codes, labels for enum values, babel formats.

:class:`Names` looks up what record ids and country codes stand for (with bounded caches),
:func:`value_text` turns one payload value into the text people read, guided by the payload
model's type annotations: enum values by label, dates and numbers by babel in the UI
language, record references by the referenced record's name, text in the current language.
"""

from __future__ import annotations

import json
import types
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from enum import Enum
from functools import lru_cache
from typing import Annotated, Any, Union, get_args, get_origin
from uuid import UUID

from babel.lists import format_list
from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from icati_desktop.domain.countries import country_display_name
from icati_desktop.domain.forms import FormDefinition
from icati_desktop.i18n import (
    _,
    current_language,
    format_date,
    format_datetime,
    format_number,
    locale,
)
from icati_desktop.store.forms import get_form
from icati_desktop.store.labels import enum_label, field_label, language_label, topic_label
from icati_desktop.store.resolution import DATE_FIELDS, record_title
from icati_desktop.store.tables.core import RecordRow, VersionRow
from icati_desktop.store.tables.reference import CountryRow
from icati_desktop.versioning.changes import MISSING, Path

NONE_TEXT = "—"
CACHE_LIMIT = 5000
HIDDEN_STEPS = frozenset({"id"})
"""Path steps that are internal ids: a change there is never listed on its own."""


class Names:
    """Looks up what ids and codes stand for, in the current language, with a bounded cache."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.language = current_language()
        self._records: dict[str, str | None] = {}
        self._countries: dict[str, str] = {}
        self._forms: dict[tuple[str, str], FormDefinition | None] = {}

    def _bounded(self, cache: dict[Any, Any]) -> None:
        if len(cache) >= CACHE_LIMIT:
            cache.clear()

    def record(self, record_id: str) -> str:
        if record_id not in self._records:
            self._bounded(self._records)
            self._records[record_id] = self._record_title(record_id)
        title = self._records[record_id]
        return title or _("(a record not on this device)")

    def _record_title(self, record_id: str) -> str | None:
        row = self.session.execute(
            select(RecordRow.record_type, VersionRow.payload)
            .join(VersionRow, VersionRow.version_id == RecordRow.winner_version_id)
            .where(RecordRow.record_id == record_id)
        ).first()
        if row is None:
            return None
        return self.title_of(row.record_type, json.loads(row.payload))

    def title_of(self, record_type: str, payload: Any) -> str | None:
        """A record's name for people: a title, a name, or a country and a date."""
        if not isinstance(payload, dict):
            return None
        if record_type == "country":
            return self.country(str(payload.get("alpha3", "")))
        title = record_title(payload, self.language)
        if any(payload.get(key) for key in ("title", "name", "display_name")):
            return title
        parts = []
        if isinstance(payload.get("country"), str):
            parts.append(self.country(payload["country"]))
        for key in DATE_FIELDS:
            if isinstance(payload.get(key), str):
                parts.append(_scalar(payload[key], date, key, self))
                break
        return " · ".join(parts) or title

    def country(self, alpha3: str) -> str:
        if alpha3 not in self._countries:
            self._bounded(self._countries)
            row = self.session.scalar(select(CountryRow).where(CountryRow.alpha3 == alpha3))
            name = alpha3
            if row is not None:
                try:
                    name = country_display_name(row.alpha2, self.language)
                except ValueError:
                    name = row.name
            self._countries[alpha3] = name
        return self._countries[alpha3]

    def form(self, form_id: str, version: str) -> FormDefinition | None:
        key = (form_id, version)
        if key not in self._forms:
            self._bounded(self._forms)
            try:
                self._forms[key] = get_form(self.session, form_id, version)
            except (LookupError, ValueError):
                self._forms[key] = None
        return self._forms[key]


def _unwrap(annotation: Any) -> Any:
    """Strip ``Annotated`` and ``Optional``; leave ``list``/``dict``/models/scalars."""
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation = get_args(annotation)[0]
            continue
        if origin in (Union, types.UnionType):
            options = [a for a in get_args(annotation) if a is not type(None)]
            if len(options) == 1:
                annotation = options[0]
                continue
        return annotation


@lru_cache(maxsize=4096)
def annotation_at(model: type[BaseModel] | None, path: Path) -> Any:
    annotation: Any = model
    for step in path:
        annotation = _unwrap(annotation)
        origin = get_origin(annotation)
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            info = annotation.model_fields.get(step) if isinstance(step, str) else None
            if info is None:
                return None
            annotation = info.annotation
        elif origin is dict:
            annotation = get_args(annotation)[1]
        elif origin is list:
            annotation = get_args(annotation)[0]
        else:
            return None
    return _unwrap(annotation)


def localized(value: dict[str, Any], language: str) -> str:
    for key in (language, "en", *sorted(value)):
        text = value.get(key)
        if isinstance(text, str) and text.strip():
            return text
    return NONE_TEXT


def number_text(value: Any) -> str:
    try:
        return format_number(Decimal(str(value)))
    except (InvalidOperation, ValueError):
        return str(value)


def _scalar(value: Any, annotation: Any, name: str, names: Names) -> str:
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(annotation, type) and issubclass(annotation, Enum) and isinstance(value, str):
        return enum_label(annotation, value)
    if name == "country" and isinstance(value, str):
        return names.country(value)
    if name in ("languages", "default_language") and isinstance(value, str):
        return language_label(value)
    if name == "topics" and isinstance(value, str):
        return topic_label(value)
    if annotation is UUID and isinstance(value, str):
        return names.record(value)
    if annotation is datetime and isinstance(value, str):
        try:
            return format_datetime(datetime.fromisoformat(value.replace("Z", "+00:00")), "short")
        except ValueError:
            return value
    if annotation is date and isinstance(value, str):
        try:
            return format_date(date.fromisoformat(value))
        except ValueError:
            return value
    if isinstance(value, int) and "year" in name:
        return str(value)  # 2024, never "2,024"
    if isinstance(value, int) or annotation in (int, Decimal):
        return number_text(value)
    return str(value)


def value_text(value: Any, annotation: Any, name: str, names: Names) -> str:
    """A payload value in words (see the module doc); absent or empty values as "—"."""
    if value is MISSING or value is None or value in ("", [], {}):
        return NONE_TEXT
    annotation = _unwrap(annotation)
    if isinstance(value, list):
        inner = _unwrap(get_args(annotation)[0]) if get_origin(annotation) is list else None
        words = [value_text(v, inner, name, names) for v in value]
        return format_list(words, style="unit-short", locale=locale())
    if isinstance(value, dict):
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            return _model_text(value, annotation, names)
        if all(isinstance(v, str) for v in value.values()):
            return localized(value, names.language)
        return "; ".join(
            f"{k}: {value_text(v, None, str(k), names)}" for k, v in sorted(value.items())
        )
    return _scalar(value, annotation, name, names)


def _model_text(value: dict[str, Any], model: type[BaseModel], names: Names) -> str:
    """A nested part (a link, an attachment, an override) as a short phrase."""
    for key in ("filename", "label", "title", "name", "url"):
        if value.get(key):
            return value_text(value[key], None, key, names)
    parts = []
    for key, info in model.model_fields.items():
        if key in HIDDEN_STEPS or key not in value or value[key] in ("", [], {}, None):
            continue
        text = value_text(value[key], info.annotation, key, names)
        parts.append(f"{field_label(key)}: {text}")
    return "; ".join(parts) or NONE_TEXT


__all__ = [
    "HIDDEN_STEPS",
    "NONE_TEXT",
    "Names",
    "annotation_at",
    "localized",
    "number_text",
    "value_text",
]
