"""Changes between two versions as people know them: field labels and values in words.

:func:`describe_changes` turns the leaf paths of :func:`~icati_desktop.versioning.changes.
changed_paths` into one line per field a person recognises: a top-level field, one key
of a map-valued field ("Title (French)"), or one part of an assessment answer ("D3 · Is
there a…? — answer"). Values are shown in the UI language: enum values by their labels,
dates and numbers by babel, country codes and record ids by name, text in the current
language. Internal ids (elements' ``id``) are never listed.
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
from icati_desktop.domain.registry import UnknownRecordType, payload_model
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
from icati_desktop.versioning.changes import (
    MISSING,
    ElementId,
    Path,
    changed_paths,
    same,
    value_at,
)

NONE_TEXT = "—"
CACHE_LIMIT = 5000
ANSWER_PARTS = ("value", "note", "evidence")
HIDDEN_STEPS = frozenset({"id"})
"""Path steps that are internal ids: a change there is never listed on its own."""


class FieldChange(BaseModel):
    """One field (or map key) whose value changed, old → new."""

    path: list[str]
    """The raw path in the payload (element ids as ``#id``), for scripts."""
    field: str
    """The field as people know it ("Title (French)", "D3 · … — answer")."""
    old: str
    new: str
    old_value: Any = None
    new_value: Any = None
    """The raw JSON values (``None`` where the field was absent)."""


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
def _annotation_at(model: type[BaseModel] | None, path: Path) -> Any:
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


def _localized(value: dict[str, Any], language: str) -> str:
    for key in (language, "en", *sorted(value)):
        text = value.get(key)
        if isinstance(text, str) and text.strip():
            return text
    return NONE_TEXT


def _number(value: Any) -> str:
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
        return _number(value)
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
            return _localized(value, names.language)
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


def _step_text(step: str | ElementId) -> str:
    return f"#{step.id}" if isinstance(step, ElementId) else step


class _Describer:
    def __init__(self, record_type: str, old: Any, new: Any, names: Names) -> None:
        self.record_type = record_type
        self.old, self.new, self.names = old, new, names
        try:
            self.model: type[BaseModel] | None = payload_model(record_type)
        except UnknownRecordType:
            self.model = None
        shown = new if isinstance(new, dict) else old if isinstance(old, dict) else {}
        self.form: FormDefinition | None = None
        if record_type == "assessment" and shown:
            self.form = names.form(str(shown.get("form_id")), str(shown.get("form_version")))

    def field_order(self) -> list[str]:
        return list(self.model.model_fields) if self.model is not None else []

    def display_paths(self, path: Path) -> list[Path]:
        """The paths a leaf change is shown under (none for internal ids)."""
        if any(step in HIDDEN_STEPS for step in path) or not path:
            return []
        top = path[0]
        if self.record_type == "assessment" and top == "answers" and len(path) >= 2:
            if len(path) >= 3:
                return [path[:3]]
            return [(*path[:2], part) for part in ANSWER_PARTS]
        if len(path) >= 2 and self._is_map(top):
            return [path[:2]]
        return [path[:1]]

    def _is_map(self, top: str | ElementId) -> bool:
        values = (value_at(self.old, (top,)), value_at(self.new, (top,)))
        return all(isinstance(v, dict) or v is MISSING for v in values) and any(
            isinstance(v, dict) for v in values
        )

    def label(self, path: Path) -> str:
        top = _step_text(path[0])
        if self.record_type == "assessment" and top == "answers" and len(path) == 3:
            item = _step_text(path[1])
            part = {"value": _("answer"), "note": _("note"), "evidence": _("evidence")}
            return _("{item} — {part}").format(
                item=self._item_name(item), part=part.get(_step_text(path[2]), path[2])
            )
        if len(path) == 2:
            key = _step_text(path[1])
            texts = isinstance(value_at(self.new, path), str) or isinstance(
                value_at(self.old, path), str
            )
            if texts and len(key) in (2, 3) and key.isalpha():
                key = language_label(key)
            return _("{field} ({key})").format(field=field_label(top), key=key)
        return field_label(top)

    def _item_name(self, item: str) -> str:
        if self.form is None:
            return item
        try:
            element = self.form.item(item)
        except (KeyError, LookupError, ValueError):
            return item
        code = next((d.code for d, i in self.form.items() if i.name == item), "")
        label = _localized(dict(element.label), self.names.language)
        if len(label) > 70:
            label = label[:69].rstrip() + "…"
        return f"{code} · {label}" if code else label

    def text(self, path: Path, value: Any) -> str:
        if value is MISSING or value is None:
            return NONE_TEXT
        if self.record_type == "assessment" and path[0] == "answers" and len(path) == 3:
            return self._answer_part_text(_step_text(path[1]), _step_text(path[2]), value)
        annotation = _annotation_at(self.model, path)
        return value_text(value, annotation, _step_text(path[0]), self.names)

    def _answer_part_text(self, item: str, part: str, value: Any) -> str:
        if part == "note":
            return value or NONE_TEXT
        if part == "evidence":
            if not isinstance(value, dict):
                return NONE_TEXT
            words = [self.names.record(str(r)) for r in value.get("resource_ids", [])]
            files = value.get("attachments", [])
            if files:
                words.append(_("{n} files").format(n=format_number(len(files))))
            return ", ".join(words) or NONE_TEXT
        return self._answer_text(item, value)

    def _answer_text(self, item: str, value: Any) -> str:
        if not isinstance(value, dict):
            return NONE_TEXT
        kind, raw = value.get("kind"), value.get("value")
        if kind == "dk":
            return _("Don't know")
        if kind == "score" and isinstance(raw, int):
            anchor = None
            if self.form is not None:
                anchor = next((a for a in self.form.scale.anchors if a.value == raw), None)
            number = format_number(raw)
            if anchor is None:
                return number
            return f"{number} · {_localized(dict(anchor.label), self.names.language)}"
        if kind in ("choice", "choices"):
            chosen = raw if isinstance(raw, list) else [raw]
            return ", ".join(self._choice(item, str(c)) for c in chosen) or NONE_TEXT
        if kind == "number":
            return _number(raw)
        if kind == "date" and isinstance(raw, str):
            return value_text(raw, date, "value", self.names)
        return str(raw) if raw not in (None, "") else NONE_TEXT

    def _choice(self, item: str, name: str) -> str:
        if self.form is None:
            return name
        try:
            choices = self.form.choices_of(self.form.item(item))
        except (KeyError, LookupError, ValueError):
            return name
        choice = next((c for c in choices if c.name == name), None)
        return name if choice is None else _localized(dict(choice.label), self.names.language)


def describe_changes(
    record_type: str,
    old: Any,
    new: Any,
    names: Names,
    *,
    limit: int | None = None,
) -> list[FieldChange]:
    """The fields that differ between two payloads (``None``: no payload), in words."""
    describer = _Describer(record_type, old, new, names)
    paths: dict[Path, None] = {}
    for change in changed_paths(old, new):
        for path in describer.display_paths(change.path):
            paths.setdefault(path, None)
    order = {name: index for index, name in enumerate(describer.field_order())}
    out: list[FieldChange] = []
    for path in sorted(
        paths, key=lambda p: (order.get(_step_text(p[0]), len(order)), [_step_text(x) for x in p])
    ):
        before, after = value_at(old, path), value_at(new, path)
        if same(before, after):
            continue
        old_text, new_text = describer.text(path, before), describer.text(path, after)
        if old_text == new_text:
            continue  # e.g. a creation's empty fields, or None → []: nothing a person sees
        out.append(
            FieldChange(
                path=[_step_text(step) for step in path],
                field=describer.label(path),
                old=old_text,
                new=new_text,
                old_value=None if before is MISSING else before,
                new_value=None if after is MISSING else after,
            )
        )
        if limit is not None and len(out) >= limit:
            break
    return out


__all__ = ["FieldChange", "Names", "describe_changes", "value_text"]
