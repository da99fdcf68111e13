"""Changes between two versions as people know them: field labels and values in words.

:func:`describe_changes` turns the leaf paths of :func:`~icati_desktop.versioning.changes.
changed_paths` into one line per field a person recognises: a top-level field, one key
of a map-valued field ("Title (French)"), or one part of an assessment answer ("D3 · Is
there a…? — answer"). Values are shown in the UI language: enum values by their labels,
dates and numbers by babel, country codes and record ids by name, text in the current
language. Internal ids (elements' ``id``) are never listed.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel

from icati_desktop.domain.forms import FormDefinition
from icati_desktop.domain.registry import UnknownRecordType, payload_model
from icati_desktop.i18n import _, format_number
from icati_desktop.store.labels import field_label, language_label
from icati_desktop.store.value_text import (
    HIDDEN_STEPS,
    NONE_TEXT,
    Names,
    annotation_at,
    localized,
    number_text,
    value_text,
)
from icati_desktop.versioning.changes import (
    MISSING,
    ElementId,
    Path,
    changed_paths,
    same,
    value_at,
)

ANSWER_PARTS = ("value", "note", "evidence")


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
        label = localized(dict(element.label), self.names.language)
        if len(label) > 70:
            label = label[:69].rstrip() + "…"
        return f"{code} · {label}" if code else label

    def text(self, path: Path, value: Any) -> str:
        if value is MISSING or value is None:
            return NONE_TEXT
        if self.record_type == "assessment" and path[0] == "answers" and len(path) == 3:
            return self._answer_part_text(_step_text(path[1]), _step_text(path[2]), value)
        annotation = annotation_at(self.model, path)
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
            return f"{number} · {localized(dict(anchor.label), self.names.language)}"
        if kind in ("choice", "choices"):
            chosen = raw if isinstance(raw, list) else [raw]
            return ", ".join(self._choice(item, str(c)) for c in chosen) or NONE_TEXT
        if kind == "number":
            return number_text(raw)
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
        return name if choice is None else localized(dict(choice.label), self.names.language)


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


__all__ = ["FieldChange", "Names", "describe_changes"]
