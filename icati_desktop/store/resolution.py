"""Per-path conflict resolution: base / mine / theirs at each conflicting path, one version.

:func:`conflict_detail` lays an open conflict out for a person: its competing leaves,
their common base, the merged payload the record shows, and one row per *conflicting
path* (a field, an answer, an agenda item…) with the value in the base and in each
leaf — plus, for "show all", one row per top-level field no conflict is in.
:func:`resolve_with_choices` takes a choice per row, applies the choices to the merged
payload (everything not chosen keeps its merged value), checks the result with the
record type's model and writes it as ONE version whose parents are all the leaves.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, Final

from pydantic import BaseModel, ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from icati_desktop.domain.merge_rules import merge_spec
from icati_desktop.domain.registry import payload_model
from icati_desktop.store.conflicts import ConflictLeaf, _device_names, conflicts_with_merges
from icati_desktop.store.device import read_device
from icati_desktop.store.records import RecordNotFound, RecordService
from icati_desktop.store.store import Store
from icati_desktop.store.tables.core import RecordRow, VersionRow
from icati_desktop.versioning.merge import MISSING, with_value_at
from icati_desktop.versioning.record_merge import BASE as MERGE_BASE
from icati_desktop.versioning.record_merge import canonical_payload
from icati_desktop.versioning.version import Version

BASE: Final = MERGE_BASE
"""The choice that takes a value from the common ancestor."""

TITLE_FIELDS: Final = ("title", "name", "display_name")
DATE_FIELDS: Final = ("held_on", "assessed_on", "starts_on", "due_on")


class ResolutionRefused(ValueError):
    """Choices that cannot make a resolution; ``fields`` names the rows at fault."""

    def __init__(self, message: str, fields: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.fields = list(fields)


class BaseVersion(BaseModel):
    """The version every leaf descends from (the newest of several, after criss-cross
    merges; the base's values are then those versions' merge)."""

    version_id: str
    origin: str
    origin_name: str | None
    time: datetime
    deleted: bool


class FieldDiff(BaseModel):
    """One row: a conflicting path, or a top-level field no conflict is in."""

    field: str
    """The path as text (``publisher``, ``answers/d3_pre_arrest/value``): a choice's key."""
    path: list[str]
    values: dict[str, Any]
    """``"base"`` or a leaf's version id → the value at the path. A source that has
    nothing there (a deletion, a removed key or element) has no entry."""
    differs: bool
    """True for a conflicting path; False for a field the merge settled."""
    changed_since_base: bool
    """Whether some live leaf differs from the base there (always, without a base)."""
    shown: str | None = None
    """The leaf whose value the record shows at a conflicting path (None: the merge's)."""


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
    """The conflicting paths (in the model's field order), then the settled fields."""
    merged: dict[str, Any]
    """The payload the record shows: the merge, with the shown leaf's value at each
    conflicting path."""
    payloads: dict[str, Any]
    """``"base"`` and each live leaf → its whole payload."""
    fallback: str | None = None
    """Why the field-by-field merge could not be shown (the winner is shown whole)."""

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
        """The whole payload of ``"base"`` or a leaf (None: a deletion, or no base)."""
        found = self.payloads.get(source)
        return found if isinstance(found, dict) else None


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


def _field_order(record_type: str, names: set[str]) -> list[str]:
    try:
        declared = list(payload_model(record_type).model_fields)
    except KeyError:
        declared = []
    known = [name for name in declared if name in names]
    return known + sorted(names - set(known))


def _base_version(session: Session, version_id: str | None) -> BaseVersion | None:
    if version_id is None:
        return None
    row = session.execute(select(VersionRow).where(VersionRow.version_id == version_id)).scalar()
    if row is None:
        return None
    return BaseVersion(
        version_id=version_id,
        origin=row.origin,
        origin_name=_device_names(session).get(row.origin),
        time=datetime.fromtimestamp(row.hlc_ms / 1000, UTC),
        deleted=row.deleted,
    )


def _newest(session: Session, version_ids: Sequence[str]) -> str | None:
    """The newest of several versions by the winner rule's order (None if there are none)."""
    if not version_ids:
        return None
    rows = session.execute(
        select(
            VersionRow.version_id, VersionRow.hlc_ms, VersionRow.hlc_counter, VersionRow.origin
        ).where(VersionRow.version_id.in_(list(version_ids)))
    ).all()
    newest = max(rows, key=lambda r: (r.hlc_ms, r.hlc_counter, r.origin, r.version_id))
    return str(newest.version_id)


def detail_in(session: Session, record_id: str, language: str = "en") -> ConflictDetail:
    """:func:`conflict_detail` inside an open session."""
    found = conflicts_with_merges(session, [record_id])
    if not found:
        if session.get(RecordRow, record_id) is None:
            raise RecordNotFound(f"no record {record_id} on this device")
        raise ValueError(f"record {record_id} has no open conflict: nothing to resolve")
    conflict, outcome = found[0]
    device = read_device(session)
    own = device.device_id if device is not None else None
    winner = next(leaf.version_id for leaf in conflict.leaves if leaf.shown)
    mine = next((leaf.version_id for leaf in conflict.leaves if leaf.origin == own), winner)
    leaf_ids = [leaf.version_id for leaf in conflict.leaves]
    base_id = outcome.base or _newest(session, outcome.base_from)
    payloads: dict[str, Any] = dict(outcome.sides)
    if isinstance(outcome.base_payload, dict):
        payloads[BASE] = outcome.base_payload
    rows: list[FieldDiff] = []
    for path in conflict.paths:
        if not path.path:
            continue  # an edit against a deletion: the leaves' columns show it
        values = {v.version_id: v.value for v in path.values if v.present}
        if path.base_present:
            values = {BASE: path.base, **values}
        rows.append(
            FieldDiff(
                field=path.text,
                path=path.path,
                values=values,
                differs=True,
                changed_since_base=any(v.changed for v in path.values),
                shown=path.shown,
            )
        )
    in_conflict = {row.path[0] for row in rows}
    live = [vid for vid in leaf_ids if vid in payloads]
    names = {k for p in payloads.values() if isinstance(p, dict) for k in p} - in_conflict
    for name in _field_order(conflict.record_type, names):
        values = {s: p[name] for s, p in payloads.items() if isinstance(p, dict) and name in p}
        base_value = values.get(BASE, MISSING)
        rows.append(
            FieldDiff(
                field=name,
                path=[name],
                values={s: values[s] for s in [BASE, *live] if s in values},
                differs=False,
                changed_since_base=BASE not in values
                or any(values.get(vid, MISSING) != base_value for vid in live),
            )
        )
    merged = outcome.payload or {}
    return ConflictDetail(
        record_id=record_id,
        record_type=conflict.record_type,
        title=record_title(merged or payloads.get(BASE), language),
        leaves=conflict.leaves,
        base=_base_version(session, base_id),
        mine=mine,
        mine_is_own=any(leaf.origin == own for leaf in conflict.leaves),
        theirs=[vid for vid in leaf_ids if vid != mine],
        winner=winner,
        fields=rows,
        merged=merged,
        payloads=payloads,
        fallback=outcome.fallback,
    )


def conflict_detail(store: Store, record_id: str, language: str = "en") -> ConflictDetail:
    """The open conflict of one record, laid out path by path (see the module doc)."""
    with store.read() as session:
        return detail_in(session, record_id, language)


def list_conflict_details(store: Store, language: str = "en") -> list[ConflictDetail]:
    """Every open conflict, laid out path by path (by type, then record id)."""
    with store.read() as session:
        return [
            detail_in(session, c.record_id, language)
            for c, _merge in conflicts_with_merges(session)
        ]


def _source_name(detail: ConflictDetail, source: str) -> str:
    if source == BASE:
        return "the base"
    if source == detail.mine:
        return "mine"
    return f"version {source[:12]}…"


def merged_payload(detail: ConflictDetail, choices: Mapping[str, str]) -> dict[str, Any] | None:
    """The payload the choices make, unvalidated: each chosen row from its source, every
    other path as merged (``None`` only if every leaf is a deletion)."""
    if not detail.merged:
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
    spec = merge_spec(payload_model(detail.record_type))
    document: Any = detail.merged
    for name, source in sorted(choices.items()):
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
        row = known[name]
        value = row.values.get(source, MISSING)
        origin = detail.payloads.get(source, MISSING)
        document = with_value_at(spec, document, tuple(row.path), value, origin)
    return dict(document)


def _refusal(
    detail: ConflictDetail, choices: Mapping[str, str], problems: str, top: set[str]
) -> ResolutionRefused:
    named = {f.field for f in detail.fields if f.path[0] in top}
    if not named or not named & set(choices):
        # A rule across fields (or a field nobody chose): name the rows whose choices mix.
        named |= {f.field for f in detail.differing}
    fields = sorted(named)
    return ResolutionRefused(
        "these choices do not make a valid "
        f"{detail.record_type.replace('_', ' ')} ({problems}); "
        f"choose again for: {', '.join(fields)}",
        fields,
    )


def _validation_refusal(
    detail: ConflictDetail, choices: Mapping[str, str], exc: ValidationError
) -> ResolutionRefused:
    top = {str(err["loc"][0]) for err in exc.errors() if err["loc"]}
    problems = "; ".join(
        (".".join(str(p) for p in err["loc"]) + ": " if err["loc"] else "") + err["msg"]
        for err in exc.errors()
    )
    return _refusal(detail, choices, problems, top)


def resolve_with_choices(
    store: Store,
    record_id: str,
    choices: Mapping[str, str],
    *,
    keep_deleted: bool = False,
    expected_leaves: Sequence[str] | None = None,
) -> Version:
    """Write ONE resolution version: each chosen row from its source, parents all leaves.

    ``choices`` maps a row (a conflicting path, or a top-level field, as
    :attr:`FieldDiff.field` names it) to ``"base"`` or a leaf's version id; every row not
    named keeps the value the record shows (the merge, and the shown leaf's value at a
    conflicting path). The payload is checked with the record type's model: a
    combination the model refuses raises :class:`ResolutionRefused` naming the rows,
    and nothing is written. ``keep_deleted`` (or leaves that are all deletions) writes a
    tombstone. ``expected_leaves`` (the leaves the person looked at) refuses, with
    :class:`~icati_desktop.store.records.StaleEdit`, a record that changed since.
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
        model = payload_model(detail.record_type)
        try:
            payload = model.model_validate(merged)
        except ValidationError as exc:
            raise _validation_refusal(detail, choices, exc) from None
        sides = [p for s, p in detail.payloads.items() if s != BASE]
        problem = model.merge_problem(canonical_payload(model, merged), sides)
        if problem is not None:
            raise _refusal(detail, choices, problem, set())
    return RecordService(store).resolve_with(record_id, payload, expected)
