"""Open conflicts: records whose leaves changed the same field or key differently.

A record with several leaves shows their field-level merge; it is in conflict only
where two leaves changed the same path (a field, a key of a map, an element of a list)
to different values. Each :class:`Conflict` lists those paths and only those, with the
base's value and each leaf's, so a person (the CLI's `icati conflicts list`, the GUI's
inbox) can choose per path. A conflict is resolved with :meth:`RecordService.resolve`
or :func:`~icati_desktop.store.resolution.resolve_with_choices`, which write one version
whose parents are all the leaves, so it closes everywhere after the next exchange.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from icati_desktop.domain.registry import UnknownRecordType, payload_model
from icati_desktop.store.chunks import chunked
from icati_desktop.store.device import read_device
from icati_desktop.store.merged import merge_outcomes
from icati_desktop.store.records import RecordNotFound
from icati_desktop.store.store import Store
from icati_desktop.store.tables.core import RecordLeafRow, RecordRow, VersionRow
from icati_desktop.store.tables.sync_state import TrustedDeviceRow
from icati_desktop.versioning.merge import MISSING, PathConflict
from icati_desktop.versioning.record_merge import RecordMerge


class ConflictLeaf(BaseModel):
    """One competing version of a record."""

    version_id: str
    origin: str
    """Device id of the author."""
    origin_name: str | None
    """The author's device name, if this device knows it (itself or a trusted device)."""
    time: datetime
    """The version's clock as a UTC time (physical part of the HLC)."""
    counter: int
    """The HLC counter (orders versions made within the same millisecond)."""
    deleted: bool
    shown: bool
    """Whether this leaf is the one currently shown (the deterministic winner)."""


class PathValue(BaseModel):
    """One leaf's value at a conflicting path."""

    version_id: str
    origin: str
    """Device id of the leaf's author."""
    hlc: list[int]
    """The leaf's clock ``[ms, counter]``."""
    present: bool
    """False when the leaf has nothing there (removed it, or deleted the record)."""
    value: Any = None
    """The JSON value (``None`` when absent)."""
    changed: bool
    """Whether the leaf changed the path since the base."""


class ConflictPath(BaseModel):
    """A path two leaves changed to different values."""

    path: list[str]
    """Field, then map key or element id, and so on; ``[]`` for the record itself (an
    edit against a deletion)."""
    text: str
    """The path as text (``answers/d3_pre_arrest/value``); ``""`` for the record itself."""
    field: str | None
    """The top-level field the path is in (None for the record itself)."""
    base_present: bool
    """False when the base has nothing there (or there is no common base)."""
    base: Any = None
    values: list[PathValue]
    """Each leaf taking part (newest first): deleted leaves only at the record itself."""
    shown: str
    """The leaf whose value the record shows until someone resolves the conflict."""


class Conflict(BaseModel):
    record_id: str
    record_type: str
    leaves: list[ConflictLeaf]
    """Newest first."""
    differing_fields: list[str]
    """The top-level fields that hold a conflicting path."""
    paths: list[ConflictPath]
    """Every conflicting path, and only those (everything else merged)."""
    base_version_id: str | None
    """The common ancestor the leaves were merged against, when it is one version."""
    fallback: str | None = None
    """Why the field-by-field merge could not be shown (the shown leaf is shown whole)."""


def path_text(path: Sequence[str]) -> str:
    return "/".join(path)


def _model_order(record_type: str) -> dict[str, int]:
    try:
        return {name: i for i, name in enumerate(payload_model(record_type).model_fields)}
    except UnknownRecordType:
        return {}


def conflict_paths(
    record_type: str, outcome: RecordMerge, rows: Mapping[str, VersionRow], order: Sequence[str]
) -> list[ConflictPath]:
    """The merge's conflicts as people and scripts read them: in the model's field order,
    each leaf's value newest first."""
    rank = {vid: index for index, vid in enumerate(order)}
    fields = _model_order(record_type)
    out = []
    found_in_order = sorted(
        outcome.conflicts,
        key=lambda c: (fields.get(c.path[0], len(fields)) if c.path else -1, c.path),
    )
    for found in found_in_order:
        values = sorted(found.values, key=lambda item: rank.get(item[0], len(rank)))
        out.append(_path(found, values, rows))
    return out


def _path(
    found: PathConflict, values: list[tuple[str, Any]], rows: Mapping[str, VersionRow]
) -> ConflictPath:
    changed = set(found.changed)
    return ConflictPath(
        path=list(found.path),
        text=path_text(found.path),
        field=found.path[0] if found.path else None,
        base_present=found.base is not MISSING,
        base=None if found.base is MISSING else found.base,
        values=[
            PathValue(
                version_id=vid,
                origin=rows[vid].origin,
                hlc=[rows[vid].hlc_ms, rows[vid].hlc_counter],
                present=value is not MISSING,
                value=None if value is MISSING else value,
                changed=vid in changed,
            )
            for vid, value in values
        ],
        shown=found.shown,
    )


def _device_names(session: Session) -> dict[str, str]:
    names = dict(session.execute(select(TrustedDeviceRow.device_id, TrustedDeviceRow.name)).all())
    device = read_device(session)
    if device is not None:
        names[device.device_id] = device.name
    return names


def conflicts_in(session: Session, record_ids: list[str] | None = None) -> list[Conflict]:
    """Open conflicts (optionally only among ``record_ids``), by type then record id."""
    return [conflict for conflict, _merge in conflicts_with_merges(session, record_ids)]


def conflicts_with_merges(
    session: Session, record_ids: list[str] | None = None
) -> list[tuple[Conflict, RecordMerge]]:
    """Open conflicts with the merges they come from (the merged payload, the base…)."""
    query = select(RecordRow).where(RecordRow.in_conflict.is_(True))
    states: list[RecordRow] = []
    if record_ids is None:
        states = list(session.scalars(query))
    else:
        for part in chunked(record_ids):
            states.extend(session.scalars(query.where(RecordRow.record_id.in_(part))))
    if not states:
        return []
    wanted = [s.record_id for s in states]
    leaves: dict[str, list[VersionRow]] = defaultdict(list)
    for part in chunked(wanted):
        found = session.scalars(
            select(VersionRow)
            .join(RecordLeafRow, RecordLeafRow.version_id == VersionRow.version_id)
            .where(RecordLeafRow.record_id.in_(part))
        )
        for row in found:
            leaves[row.record_id].append(row)
    types: dict[str, dict[str, list[str]]] = defaultdict(dict)
    for state in states:
        ids = [r.version_id for r in leaves[state.record_id]]
        types[state.record_type][state.record_id] = ids
    outcomes: dict[str, RecordMerge] = {}
    for record_type, by_record in types.items():
        outcomes.update(merge_outcomes(session, record_type, by_record))
    names = _device_names(session)
    out = []
    for state in sorted(states, key=lambda s: (s.record_type, s.record_id)):
        rows = sorted(
            leaves[state.record_id],
            key=lambda r: (r.hlc_ms, r.hlc_counter, r.origin, r.version_id),
            reverse=True,
        )
        outcome = outcomes[state.record_id]
        by_id = {r.version_id: r for r in rows}
        paths = conflict_paths(state.record_type, outcome, by_id, list(by_id))
        conflict = Conflict(
            record_id=state.record_id,
            record_type=state.record_type,
            leaves=[
                ConflictLeaf(
                    version_id=r.version_id,
                    origin=r.origin,
                    origin_name=names.get(r.origin),
                    time=datetime.fromtimestamp(r.hlc_ms / 1000, UTC),
                    counter=r.hlc_counter,
                    deleted=r.deleted,
                    shown=r.version_id == state.winner_version_id,
                )
                for r in rows
            ],
            differing_fields=sorted({p.field for p in paths if p.field is not None}),
            paths=paths,
            base_version_id=outcome.base,
            fallback=outcome.fallback,
        )
        out.append((conflict, outcome))
    return out


def list_conflicts(store: Store) -> list[Conflict]:
    with store.read() as session:
        return conflicts_in(session)


def get_conflict(store: Store, record_id: str) -> Conflict:
    """The open conflict of one record, or an error that says there is none."""
    with store.read() as session:
        found = conflicts_in(session, [record_id])
        if not found:
            if session.get(RecordRow, record_id) is None:
                raise RecordNotFound(f"no record {record_id} on this device")
            raise ValueError(f"record {record_id} has no open conflict: nothing to resolve")
        return found[0]


def pick_leaf(conflict: Conflict, version_id: str) -> str:
    """The full id of the leaf named by ``version_id`` or a unique prefix (≥ 8 characters)."""
    wanted = version_id.strip().lower()
    matches = [
        leaf.version_id
        for leaf in conflict.leaves
        if leaf.version_id == wanted or (len(wanted) >= 8 and leaf.version_id.startswith(wanted))
    ]
    if len(matches) != 1:
        raise ValueError(
            f"{version_id!r} is not one of the competing versions of {conflict.record_id}: "
            "pick one from `icati conflicts list`"
        )
    return matches[0]
