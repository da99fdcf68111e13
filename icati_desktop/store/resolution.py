"""Field-by-field conflict resolution: base / mine / theirs, and one resolution version.

:func:`conflict_detail` lays an open conflict out for a person: its competing leaves,
their most recent common ancestor (the *base*) and, per top-level payload field, the
value in the base and in each leaf. :func:`resolve_with_choices` builds ONE payload
from a choice per field, checks it with the record type's model, and writes it as one
version whose parents are all the leaves (the design's "resolution may offer per-field
choices that produce one new version"). Nothing is merged that a person did not choose:
fields nobody chose come from the shown winner.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, Final

from pydantic import BaseModel, ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from icati_desktop.domain.registry import payload_model
from icati_desktop.store.conflicts import ConflictLeaf, _device_names, conflicts_in
from icati_desktop.store.device import read_device
from icati_desktop.store.records import RecordNotFound, RecordService
from icati_desktop.store.store import Store
from icati_desktop.store.tables.core import RecordRow, VersionRow
from icati_desktop.versioning.version import Version

BASE: Final = "base"
"""The choice that takes a field from the common ancestor."""

TITLE_FIELDS: Final = ("title", "name", "display_name")
DATE_FIELDS: Final = ("held_on", "assessed_on", "starts_on", "due_on")


class ResolutionRefused(ValueError):
    """Choices that cannot make a resolution; ``fields`` names the fields at fault."""

    def __init__(self, message: str, fields: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.fields = list(fields)


class BaseVersion(BaseModel):
    """The most recent version every leaf descends from."""

    version_id: str
    origin: str
    origin_name: str | None
    time: datetime
    deleted: bool


class FieldDiff(BaseModel):
    """One top-level payload field across the base and the leaves."""

    field: str
    values: dict[str, Any]
    """``"base"`` or a leaf's version id → the field's JSON value. A source that lacks the
    field (a deletion, or a payload that leaves it at its default) has no entry."""
    differs: bool
    """Whether the live leaves disagree on the field (value or presence)."""
    changed_since_base: bool
    """Whether some live leaf differs from the base on the field (always, without a base)."""


class ConflictDetail(BaseModel):
    record_id: str
    record_type: str
    title: str | None
    """A human title taken from the shown payload (title, name, country and date…)."""
    leaves: list[ConflictLeaf]
    """Newest first, as in :class:`~icati_desktop.store.conflicts.Conflict`."""
    base: BaseVersion | None
    """None when the leaves share no ancestor (e.g. two creations of the same id)."""
    mine: str
    """The leaf this device wrote (the newest, if several), else the shown winner."""
    mine_is_own: bool
    """Whether ``mine`` was written by this device (else it is only the shown winner)."""
    theirs: list[str]
    """Every other leaf, newest first."""
    winner: str
    fields: list[FieldDiff]
    """Every top-level field of the base and the live leaves, in the model's order."""

    @property
    def differing(self) -> list[FieldDiff]:
        return [f for f in self.fields if f.differs]

    @property
    def columns(self) -> list[str]:
        """The leaves in the order to show them: mine, then theirs."""
        return [self.mine, *self.theirs]

    def leaf(self, version_id: str) -> ConflictLeaf:
        return next(leaf for leaf in self.leaves if leaf.version_id == version_id)

    def payload_of(self, source: str) -> dict[str, Any] | None:
        """The payload of ``"base"`` or a leaf, rebuilt from the field values."""
        if source == BASE:
            if self.base is None or self.base.deleted:
                return None
        elif self.leaf(source).deleted:
            return None
        return {f.field: f.values[source] for f in self.fields if source in f.values}


def record_title(payload: Mapping[str, Any] | None, language: str = "en") -> str | None:
    """A short human title for a record payload, or None if nothing fits."""
    if not payload:
        return None
    for key in TITLE_FIELDS:
        text = _text(payload.get(key), language)
        if text:
            return text
    parts = [str(payload["country"])] if isinstance(payload.get("country"), str) else []
    parts += [str(payload[k]) for k in DATE_FIELDS if isinstance(payload.get(k), str)][:1]
    return " · ".join(parts) or None


def _text(value: Any, language: str) -> str | None:
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, dict) and value:
        for key in (language, "en", *sorted(value)):
            text = value.get(key)
            if isinstance(text, str) and text.strip():
                return text.strip()
    return None


def _versions_of(session: Session, record_id: str) -> dict[str, VersionRow]:
    rows = session.scalars(select(VersionRow).where(VersionRow.record_id == record_id))
    return {row.version_id: row for row in rows}


def _ancestors(start: str, parents: Mapping[str, Sequence[str]]) -> set[str]:
    """``start`` and every version it descends from."""
    seen = {start}
    todo = [start]
    while todo:
        for parent in parents.get(todo.pop(), ()):
            if parent not in seen:
                seen.add(parent)
                todo.append(parent)
    return seen


def merge_base(leaves: Sequence[str], rows: Mapping[str, VersionRow]) -> str | None:
    """The most recent common ancestor of ``leaves`` (None if they share none).

    Common ancestors that another common ancestor descends from are passed over; if
    criss-cross merges leave several, the newest by ``(hlc, origin, id)`` is the base.
    """
    parents = {vid: tuple(json.loads(row.parents)) for vid, row in rows.items()}
    common: set[str] | None = None
    for leaf in leaves:
        found = _ancestors(leaf, parents)
        common = found if common is None else common & found
    if not common:
        return None
    strict = {vid: _ancestors(vid, parents) - {vid} for vid in common}
    lowest = [vid for vid in common if not any(vid in strict[other] for other in common)]

    def key(vid: str) -> tuple[int, int, str, str]:
        row = rows[vid]
        return (row.hlc_ms, row.hlc_counter, row.origin, vid)

    return max(lowest or common, key=key)


def _field_order(record_type: str, names: set[str]) -> list[str]:
    try:
        declared = list(payload_model(record_type).model_fields)
    except KeyError:
        declared = []
    known = [name for name in declared if name in names]
    return known + sorted(names - set(known))


def detail_in(session: Session, record_id: str, language: str = "en") -> ConflictDetail:
    """:func:`conflict_detail` inside an open session."""
    found = conflicts_in(session, [record_id])
    if not found:
        if session.get(RecordRow, record_id) is None:
            raise RecordNotFound(f"no record {record_id} on this device")
        raise ValueError(f"record {record_id} has no open conflict: nothing to resolve")
    conflict = found[0]
    rows = _versions_of(session, record_id)
    leaf_ids = [leaf.version_id for leaf in conflict.leaves]
    base_id = merge_base(leaf_ids, rows)
    device = read_device(session)
    own = device.device_id if device is not None else None
    winner = next(leaf.version_id for leaf in conflict.leaves if leaf.shown)
    mine = next((leaf.version_id for leaf in conflict.leaves if leaf.origin == own), winner)
    theirs = [vid for vid in leaf_ids if vid != mine]
    base: BaseVersion | None = None
    payloads: dict[str, dict[str, Any]] = {}
    if base_id is not None:
        row = rows[base_id]
        base = BaseVersion(
            version_id=base_id,
            origin=row.origin,
            origin_name=_device_names(session).get(row.origin),
            time=datetime.fromtimestamp(row.hlc_ms / 1000, UTC),
            deleted=row.deleted,
        )
        if not row.deleted:
            payloads[BASE] = json.loads(row.payload)
    live = [leaf.version_id for leaf in conflict.leaves if not leaf.deleted]
    for vid in live:
        payloads[vid] = json.loads(rows[vid].payload)
    missing = object()
    fields: list[FieldDiff] = []
    for name in _field_order(conflict.record_type, {k for p in payloads.values() for k in p}):
        values = {source: p[name] for source, p in payloads.items() if name in p}
        in_leaves = [payloads[vid].get(name, missing) for vid in live]
        differs = any(value != in_leaves[0] for value in in_leaves[1:])
        base_value = payloads[BASE].get(name, missing) if BASE in payloads else missing
        changed = BASE not in payloads or any(value != base_value for value in in_leaves)
        fields.append(
            FieldDiff(field=name, values=values, differs=differs, changed_since_base=changed)
        )
    shown = payloads.get(winner)
    return ConflictDetail(
        record_id=record_id,
        record_type=conflict.record_type,
        title=record_title(shown or payloads.get(BASE), language),
        leaves=conflict.leaves,
        base=base,
        mine=mine,
        mine_is_own=any(leaf.origin == own for leaf in conflict.leaves),
        theirs=theirs,
        winner=winner,
        fields=fields,
    )


def conflict_detail(store: Store, record_id: str, language: str = "en") -> ConflictDetail:
    """The open conflict of one record, laid out field by field (see the module doc)."""
    with store.read() as session:
        return detail_in(session, record_id, language)


def list_conflict_details(store: Store, language: str = "en") -> list[ConflictDetail]:
    """Every open conflict, laid out field by field (by type, then record id)."""
    with store.read() as session:
        return [detail_in(session, c.record_id, language) for c in conflicts_in(session)]


def _source_name(detail: ConflictDetail, source: str) -> str:
    if source == BASE:
        return "the base"
    if source == detail.mine:
        return "mine"
    return f"version {source[:12]}…"


def merged_payload(detail: ConflictDetail, choices: Mapping[str, str]) -> dict[str, Any] | None:
    """The payload the choices make (``None``: every leaf is a deletion), unvalidated."""
    winner_payload = detail.payload_of(detail.winner)
    if winner_payload is None:
        if choices:
            raise ResolutionRefused(
                "every competing version deletes this record: there are no fields to choose",
                sorted(choices),
            )
        return None
    known = {f.field: f for f in detail.fields}
    unknown = sorted(set(choices) - set(known))
    if unknown:
        raise ResolutionRefused("no such field in this record: " + ", ".join(unknown), unknown)
    merged = dict(winner_payload)
    for name, source in choices.items():
        if source == BASE:
            if detail.base is None or detail.base.deleted:
                raise ResolutionRefused(
                    f"{name}: these versions have no common base to take it from", [name]
                )
        elif source not in detail.columns:
            raise ResolutionRefused(
                f"{name}: {source[:12]}… is not one of the competing versions", [name]
            )
        elif detail.leaf(source).deleted:
            raise ResolutionRefused(
                f"{name}: {_source_name(detail, source)} deletes the record and has no fields",
                [name],
            )
        values = known[name].values
        if source in values:
            merged[name] = values[source]
        else:
            merged.pop(name, None)  # absent there: the model's default applies
    return merged


def _refusal(
    detail: ConflictDetail, choices: Mapping[str, str], exc: ValidationError
) -> ResolutionRefused:
    named = {str(err["loc"][0]) for err in exc.errors() if err["loc"]}
    if not named or named - set(choices):
        # A rule across fields (or a field nobody chose): name the fields whose choices mix.
        named |= {f.field for f in detail.differing}
    problems = "; ".join(
        (".".join(str(p) for p in err["loc"]) + ": " if err["loc"] else "") + err["msg"]
        for err in exc.errors()
    )
    fields = sorted(named)
    return ResolutionRefused(
        "these choices do not make a valid "
        f"{detail.record_type.replace('_', ' ')} ({problems}); "
        f"choose again for: {', '.join(fields)}",
        fields,
    )


def resolve_with_choices(
    store: Store,
    record_id: str,
    choices: Mapping[str, str],
    *,
    keep_deleted: bool = False,
    expected_leaves: Sequence[str] | None = None,
) -> Version:
    """Write ONE resolution version: each field from the chosen source, parents all leaves.

    ``choices`` maps a top-level field to ``"base"`` or a leaf's version id; fields not
    named come from the shown winner. The payload is checked with the record type's
    model: a combination the model refuses raises :class:`ResolutionRefused` naming the
    fields, and nothing is written. ``keep_deleted`` (or leaves that are all deletions)
    writes a tombstone. ``expected_leaves`` (the leaves the person looked at) refuses,
    with :class:`~icati_desktop.store.records.StaleEdit`, a record that changed since.
    """
    detail = conflict_detail(store, record_id)
    expected = list(expected_leaves) if expected_leaves is not None else detail.columns
    if keep_deleted:
        if choices:
            raise ResolutionRefused(
                "keeping the record deleted takes no field choices", sorted(choices)
            )
        return RecordService(store).resolve_with(record_id, None, expected)
    merged = merged_payload(detail, choices)
    payload = None
    if merged is not None:
        try:
            payload = payload_model(detail.record_type).model_validate(merged)
        except ValidationError as exc:
            raise _refusal(detail, choices, exc) from None
    return RecordService(store).resolve_with(record_id, payload, expected)
