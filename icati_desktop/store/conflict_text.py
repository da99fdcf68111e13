"""An open conflict as people read it: field names, values in words, authors, context.

:func:`conflict_texts` turns a :class:`~icati_desktop.store.resolution.ConflictDetail`
into the words the conflicts inbox shows, in the UI language: each row's path as a
field name ("Answer to D3 — Pre-arrest diversion", "Agenda item 2 \u203a Notes"), each
value by :mod:`~icati_desktop.store.value_text` (choice and enum labels, dates and numbers
by babel, names for country codes and record ids), the author of each competing version
(its device's name; "Mine" is the GUI's word for this device's own version only), and
what tells the record apart from another of the same title (plan, country, date).
Rows that only hold internal ids (an element's ``id``) are not listed.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel
from sqlalchemy.orm import Session

from icati_desktop.domain.merge_rules import ATOMIC, MergeKind, MergeSpec, merge_spec
from icati_desktop.domain.registry import UnknownRecordType, payload_model
from icati_desktop.i18n import N_, _, format_number
from icati_desktop.store.change_text import PayloadDescriber
from icati_desktop.store.conflicts import conflicts_with_merges
from icati_desktop.store.history import author_name, device_names
from icati_desktop.store.labels import field_label, language_label, record_type_name
from icati_desktop.store.resolution import BASE, DATE_FIELDS, ConflictDetail, FieldDiff, detail_in
from icati_desktop.store.store import Store
from icati_desktop.store.value_text import (
    HIDDEN_STEPS,
    NONE_TEXT,
    Names,
    annotation_at,
    value_text,
)

ELEMENT_LABELS = {
    "agenda": N_("Agenda item {n}"),
    "attendees": N_("Attendee {n}"),
    "follow_ups": N_("Follow-up {n}"),
    "progress_notes": N_("Progress note {n}"),
    "barriers": N_("Barrier {n}"),
}
ANSWER_LABELS = {
    "value": N_("Answer to {item}"),
    "note": N_("Note on {item}"),
    "evidence": N_("Evidence for {item}"),
}
CONTEXT_REFERENCES = ("action_plan_id", "assessment_id", "organisation_id", "curriculum_id")
"""References that tell two records of the same title apart (the plan an item is in…)."""
CONTEXT_DATES = (*DATE_FIELDS, "period_start", "noted_on")
SEPARATOR = " \u203a "


class RowText(BaseModel):
    label: str
    cells: dict[str, str]
    """``"base"`` or a leaf's version id → the value in words (absent: not there)."""


class ConflictTexts(BaseModel):
    record_id: str
    title: str
    """The record's name as people know it (countries and dates in words)."""
    kind: str
    """The record type, singular ("Action item")."""
    context: str
    """What tells the record apart: its plan, country, date ("" when none)."""
    authors: dict[str, str]
    """Each competing version (and the base) → its author's name."""
    rows: dict[str, RowText]
    """Each listed row (:attr:`FieldDiff.field`) → its label and values."""

    def label(self, field: str) -> str:
        found = self.rows.get(field)
        return found.label if found else field


def _model(record_type: str) -> type[BaseModel] | None:
    try:
        return payload_model(record_type)
    except UnknownRecordType:
        return None


HIDDEN_FIELDS = frozenset({"form_id", "form_version"})
"""Settled fields that only name internal things (an assessment's form and its version)."""


def hidden(row: FieldDiff) -> bool:
    """A row only scripts need: an internal id (never a conflicting path)."""
    return not row.differs and (
        any(step in HIDDEN_STEPS for step in row.path) or row.path[0] in HIDDEN_FIELDS
    )


class _Texts:
    def __init__(self, detail: ConflictDetail, names: Names) -> None:
        self.detail, self.names = detail, names
        self.model = _model(detail.record_type)
        self.spec = merge_spec(self.model) if self.model is not None else ATOMIC
        shown = detail.merged or detail.payload_of(BASE) or {}
        self.describer = PayloadDescriber(detail.record_type, None, shown, names)

    def _element_number(self, field_path: list[str], key: str, spec: MergeSpec) -> int | None:
        for source in ("merged", *self.detail.payloads):
            document: Any = (
                self.detail.merged if source == "merged" else self.detail.payloads[source]
            )
            for step in field_path:
                document = document.get(step) if isinstance(document, dict) else None
            if isinstance(document, list):
                keys = [e.get(spec.key or "id") for e in document if isinstance(e, dict)]
                if key in [str(k) for k in keys]:
                    return [str(k) for k in keys].index(key) + 1
        return None

    def label(self, path: list[str]) -> str:
        if self.detail.record_type == "assessment" and path[:1] == ["answers"] and len(path) > 1:
            item = self.describer.item_name(path[1]).replace(" · ", " — ", 1)
            part = path[2] if len(path) > 2 else "value"
            text = _(ANSWER_LABELS.get(part, ANSWER_LABELS["value"])).format(item=item)
            return text if len(path) <= 3 else SEPARATOR.join([text, *path[3:]])
        words: list[str] = []
        spec = self.spec
        for at, step in enumerate(path):
            if spec.kind is MergeKind.OBJECT:
                words.append(field_label(step))
                spec = spec.field(step)
            elif spec.kind is MergeKind.KEYED and spec.item is not None:
                number = self._element_number(path[:at], step, spec)
                field = path[at - 1] if at else ""
                template = ELEMENT_LABELS.get(field)
                shown = "?" if number is None else format_number(number)
                element = (
                    _(template).format(n=shown) if template else f"{field_label(field)} {shown}"
                )
                if words:
                    words[-1] = element  # "Agenda item 2", the list named once
                else:
                    words.append(element)
                spec = spec.item
            elif spec.kind is MergeKind.MAP and spec.item is not None:
                key = language_label(step) if len(step) in (2, 3) and step.isalpha() else step
                if words:
                    words[-1] = _("{field} ({key})").format(field=words[-1], key=key)
                else:
                    words.append(key)
                spec = spec.item
            else:
                words.append(field_label(step))
        return SEPARATOR.join(words)

    def value(self, path: list[str], value: Any) -> str:
        if value is None:
            return NONE_TEXT
        if self.detail.record_type == "assessment" and path[:1] == ["answers"] and len(path) > 1:
            if len(path) == 2:
                answer = value.get("value") if isinstance(value, dict) else None
                return self.describer.answer_part_text(path[1], "value", answer)
            if len(path) == 3:
                return self.describer.answer_part_text(path[1], path[2], value)
        annotation = annotation_at(self.model, tuple(path))
        return value_text(value, annotation, self._field_name(path), self.names)

    def _field_name(self, path: list[str]) -> str:
        """The last field named along the path (not a map key or an element id)."""
        name, spec = path[0], self.spec
        for step in path:
            if spec.kind is MergeKind.OBJECT:
                name, spec = step, spec.field(step)
            elif spec.item is not None:
                spec = spec.item
            else:
                break
        return name

    def context(self, title: str) -> str:
        payload = self.detail.merged or self.detail.payload_of(BASE) or {}
        parts = []
        for key in CONTEXT_REFERENCES:
            if isinstance(payload.get(key), str):
                parts.append(f"{field_label(key)}: {self.names.record(payload[key])}")
        if isinstance(payload.get("country"), str) and self.detail.record_type != "country":
            parts.append(self.names.country(payload["country"]))
        for key in CONTEXT_DATES:
            if isinstance(payload.get(key), str):
                parts.append(self.value([key], payload[key]))
                break
        return " · ".join(part for part in parts if part not in title)


def conflict_texts(session: Session, detail: ConflictDetail) -> ConflictTexts:
    """The words for one open conflict (see the module doc), in the current language."""
    names = Names(session)
    texts = _Texts(detail, names)
    devices = device_names(session)
    authors = {leaf.version_id: author_name(leaf.origin, devices) for leaf in detail.leaves}
    if detail.base is not None:
        authors[BASE] = author_name(detail.base.origin, devices)
    rows = {
        row.field: RowText(
            label=texts.label(row.path),
            cells={source: texts.value(row.path, value) for source, value in row.values.items()},
        )
        for row in detail.fields
        if not hidden(row)
    }
    title = names.title_of(detail.record_type, detail.merged or detail.payload_of(BASE))
    title = title or _("Untitled record")
    return ConflictTexts(
        record_id=detail.record_id,
        title=title,
        kind=record_type_name(detail.record_type),
        context=texts.context(title),
        authors=authors,
        rows=rows,
    )


def conflicts_in_words(store: Store, language: str) -> list[tuple[ConflictDetail, ConflictTexts]]:
    """Every open conflict laid out path by path, with its words in the UI language."""
    with store.read() as session:
        out = []
        for conflict, _merge in conflicts_with_merges(session):
            detail = detail_in(session, conflict.record_id, language)
            out.append((detail, conflict_texts(session, detail)))
        return out


__all__ = ["ConflictTexts", "RowText", "conflict_texts", "conflicts_in_words", "hidden"]
