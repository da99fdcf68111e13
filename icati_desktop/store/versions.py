"""The version log: add versions, recompute leaves and shown states, re-materialise rows.

Local writes and imports go through :func:`add_versions`, always inside one write
transaction, so a version, its record's new state and its current row are committed
together or not at all. Adding a version that is already present is a no-op, which is
what makes import idempotent and order-free. A record with several leaves shows their
merge (:mod:`icati_desktop.store.merged`); nothing is written to show it.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Table, delete, exists, select
from sqlalchemy.orm import Session, aliased

from icati_desktop.store.attendee_erasure import scrub_meeting_versions
from icati_desktop.store.bulk_insert import insert_rows
from icati_desktop.store.chunks import chunked
from icati_desktop.store.erasure import redact_erased
from icati_desktop.store.materialise import row_values, table_for, term_values
from icati_desktop.store.merged import shown_states
from icati_desktop.store.search import update_search_index
from icati_desktop.store.tables.core import (
    RecordLeafRow,
    RecordRow,
    RecordTermRow,
    VersionParentRow,
    VersionRow,
)
from icati_desktop.versioning.hlc import Timestamp
from icati_desktop.versioning.version import Version
from icati_desktop.versioning.winner import LeafInfo


def _table(cls: type[Any]) -> Table:
    table = cls.__table__
    assert isinstance(table, Table)
    return table


_VERSIONS = _table(VersionRow)
_PARENTS = _table(VersionParentRow)
_RECORDS = _table(RecordRow)
_LEAVES = _table(RecordLeafRow)
_TERMS = _table(RecordTermRow)


class InconsistentVersion(ValueError):
    """A version that contradicts what the store holds (type change, foreign parent)."""


@dataclass
class AddResult:
    added: list[Version] = field(default_factory=list)
    already_present: int = 0
    changed: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    """record type → ids of records whose shown state may have changed."""
    scrubbed: set[str] = field(default_factory=set)
    """Meetings whose stored versions an erasure scrubbed (:mod:`.attendee_erasure`)."""
    shown: dict[str, RecordShown] = field(default_factory=dict)
    """record id → what its row now says, for every record refreshed."""


RecordShown = tuple[bool, str, bool, frozenset[str]]
"""A record's row as stored: deleted, the shown leaf's version id, in conflict, its leaves."""


def version_from_row(row: VersionRow) -> Version:
    return Version(
        version_id=row.version_id,
        record_type=row.record_type,
        record_id=row.record_id,
        parents=tuple(json.loads(row.parents)),
        hlc=Timestamp(row.hlc_ms, row.hlc_counter),
        origin=row.origin,
        deleted=row.deleted,
        payload_json=row.payload,
    )


def existing_ids(session: Session, version_ids: Sequence[str]) -> set[str]:
    found: set[str] = set()
    for part in chunked(version_ids):
        found.update(
            session.scalars(select(VersionRow.version_id).where(VersionRow.version_id.in_(part)))
        )
    return found


def _check_consistency(session: Session, new: Sequence[Version]) -> set[str]:
    """Refuse versions that contradict the store; returns the records already stored."""
    types: dict[str, str] = {}
    stored: set[str] = set()
    for version in new:
        if types.setdefault(version.record_id, version.record_type) != version.record_type:
            raise InconsistentVersion(f"record {version.record_id} has versions of two types")
    record_ids = list(types)
    for part in chunked(record_ids):
        rows = session.execute(
            select(RecordRow.record_id, RecordRow.record_type).where(RecordRow.record_id.in_(part))
        )
        for record_id, record_type in rows:
            stored.add(record_id)
            if types[record_id] != record_type:
                raise InconsistentVersion(
                    f"record {record_id} is a {record_type}, not a {types[record_id]}"
                )
    owner = {v.version_id: v.record_id for v in new}
    parent_ids = sorted({p for v in new for p in v.parents} - owner.keys())
    for part in chunked(parent_ids):
        rows = session.execute(
            select(VersionRow.version_id, VersionRow.record_id).where(
                VersionRow.version_id.in_(part)
            )
        )
        owner.update(dict(rows.all()))
    for version in new:
        for parent in version.parents:
            if owner.get(parent, version.record_id) != version.record_id:
                raise InconsistentVersion(
                    f"version {version.version_id[:12]}… names a parent of another record"
                )
    return stored


@dataclass(frozen=True)
class JustAdded:
    """The versions a call has just stored, as it holds them: what the refresh would
    otherwise read back from the store."""

    versions: Mapping[str, Version]
    """version id → the version (its payload text)."""
    parsed: Mapping[str, Any]
    """version id → its payload already parsed (an import reads each line once)."""
    new_records: Mapping[str, Version]
    """record id → its one version, for records that did not exist before and came with
    one version and no parents: that version is their only leaf."""

    def leaf(self, record_id: str) -> LeafInfo:
        version = self.new_records[record_id]
        return LeafInfo(version.version_id, version.hlc, version.origin, version.deleted)


def _just_added(new: Sequence[Version], stored: set[str], parsed: Mapping[str, Any]) -> JustAdded:
    counts: dict[str, int] = defaultdict(int)
    for version in new:
        counts[version.record_id] += 1
    return JustAdded(
        versions={v.version_id: v for v in new},
        parsed=parsed,
        new_records={
            v.record_id: v
            for v in new
            if not v.parents and counts[v.record_id] == 1 and v.record_id not in stored
        },
    )


def add_versions(
    session: Session, versions: Iterable[Version], parsed: Mapping[str, Any] | None = None
) -> AddResult:
    """Insert the versions not yet present and refresh the records they touch.

    ``parsed``: version id → its payload already parsed (an import reads each line once),
    so the current rows are made without parsing the payloads again."""
    result = AddResult()
    unique: dict[str, Version] = {}
    for version in versions:
        unique.setdefault(version.version_id, version)
    present = existing_ids(session, list(unique))
    result.already_present = len(present)
    new = [v for vid, v in unique.items() if vid not in present]
    if not new:
        return result
    stored = _check_consistency(session, new)
    # Core inserts (the tables, not the mapped classes): one executemany per batch, no ORM
    # bookkeeping per row.
    insert_rows(
        session,
        _VERSIONS,
        [
            {
                "version_id": v.version_id,
                "record_type": v.record_type,
                "record_id": v.record_id,
                "parents": json.dumps(list(v.parents)),
                "hlc_ms": v.hlc.ms,
                "hlc_counter": v.hlc.counter,
                "origin": v.origin,
                "deleted": v.deleted,
                "payload": v.payload_json,
                "redacted": False,
            }
            for v in new
        ],
    )
    links = [{"version_id": v.version_id, "parent_id": p} for v in new for p in v.parents]
    if links:
        insert_rows(session, _PARENTS, links)
    result.added = new
    by_type: dict[str, set[str]] = defaultdict(set)
    for version in new:
        by_type[version.record_type].add(version.record_id)
    result.scrubbed = scrub_meeting_versions(session, new)
    if result.scrubbed:
        by_type["meeting"].update(result.scrubbed)
    held = _just_added(new, stored, parsed or {})
    for record_type, ids in by_type.items():
        redacted = redact_erased(session, record_type, sorted(ids))
        # what this call holds is stale once erasure rewrote the stored versions
        stale = redacted or (record_type == "meeting" and result.scrubbed)
        result.shown.update(
            refresh_records(session, record_type, sorted(ids), None if stale else held)
        )
        result.changed[record_type].update(ids)
    return result


def current_leaves(session: Session, record_ids: Sequence[str]) -> dict[str, list[LeafInfo]]:
    """record id → its leaves, computed from the version log itself."""
    child = aliased(VersionParentRow)
    leaves: dict[str, list[LeafInfo]] = defaultdict(list)
    for part in chunked(record_ids):
        rows = session.execute(
            select(
                VersionRow.record_id,
                VersionRow.version_id,
                VersionRow.hlc_ms,
                VersionRow.hlc_counter,
                VersionRow.origin,
                VersionRow.deleted,
            ).where(
                VersionRow.record_id.in_(part),
                ~exists().where(child.parent_id == VersionRow.version_id),
            )
        )
        for record_id, vid, ms, counter, origin, deleted in rows:
            leaves[record_id].append(LeafInfo(vid, Timestamp(ms, counter), origin, deleted))
    return leaves


def refresh_records(
    session: Session,
    record_type: str,
    record_ids: Sequence[str],
    held: JustAdded | None = None,
) -> dict[str, RecordShown]:
    """Recompute leaves, shown state, current row and search entry of records of one type;
    returns what each record's row now says.

    ``held``: the versions just stored, as the caller holds them: a new record's only leaf
    is its one version (nothing to look up or to delete), and a payload shown as it is
    need not be read back or parsed again."""
    held = held or JustAdded({}, {}, {})
    rows_now: dict[str, RecordShown] = {}
    table = table_for(record_type)
    for part in chunked(record_ids):
        known = [rid for rid in part if rid not in held.new_records]
        leaves = current_leaves(session, known)
        for rid in part:
            if rid in held.new_records:
                leaves[rid] = [held.leaf(rid)]
        states = shown_states(session, record_type, leaves)
        if known:  # a new record has no rows yet
            session.execute(delete(RecordLeafRow).where(RecordLeafRow.record_id.in_(known)))
            session.execute(delete(RecordRow).where(RecordRow.record_id.in_(known)))
            session.execute(delete(table).where(table.c.id.in_(known)))
            session.execute(delete(RecordTermRow).where(RecordTermRow.record_id.in_(known)))
        insert_rows(
            session,
            _RECORDS,
            [
                {
                    "record_id": rid,
                    "record_type": record_type,
                    "winner_version_id": state.shown.version_id,
                    "deleted": state.deleted,
                    "leaf_count": len(leaves[rid]),
                    "in_conflict": state.in_conflict,
                }
                for rid, state in states.items()
            ],
        )
        insert_rows(
            session,
            _LEAVES,
            [
                {"record_id": rid, "version_id": leaf.version_id}
                for rid, ls in leaves.items()
                for leaf in ls
            ],
        )
        for rid, state in states.items():
            rows_now[rid] = (
                state.deleted,
                state.shown.version_id,
                state.in_conflict,
                frozenset(leaf.version_id for leaf in leaves[rid]),
            )
        live = {rid: state for rid, state in states.items() if not state.deleted}
        if not live:
            update_search_index(session, record_type, known, {})
            continue
        unmerged = [
            s.shown.version_id
            for s in live.values()
            if s.payload_json is None and s.shown.version_id not in held.versions
        ]
        stored: dict[str, str] = {}
        for ids in chunked(unmerged):
            stored.update(
                session.execute(
                    select(VersionRow.version_id, VersionRow.payload).where(
                        VersionRow.version_id.in_(ids)
                    )
                ).all()
            )
        payloads = {
            rid: state.payload_json
            or (
                held.versions[state.shown.version_id].payload_json
                if state.shown.version_id in held.versions
                else stored[state.shown.version_id]
            )
            for rid, state in live.items()
        }
        rows, terms = [], []
        parsed = {  # once per record, and not again when the import has just read it
            rid: held.parsed[state.shown.version_id]
            if state.payload_json is None and state.shown.version_id in held.parsed
            else json.loads(payloads[rid])
            for rid, state in live.items()
        }
        for rid, state in live.items():
            shown = state.shown
            payload_json, payload = payloads[rid], parsed[rid]
            rows.append(
                row_values(
                    record_type,
                    rid,
                    shown.version_id,
                    shown.hlc.ms,
                    shown.origin,
                    payload_json,
                    payload,
                )
            )
            terms.extend(term_values(record_type, rid, payload_json, payload))
        insert_rows(session, table, rows)
        insert_rows(session, _TERMS, terms)
        update_search_index(session, record_type, known, payloads, parsed)
    return rows_now


def load_versions(session: Session, version_ids: Sequence[str]) -> list[Version]:
    out: list[Version] = []
    for part in chunked(version_ids):
        out.extend(
            version_from_row(row)
            for row in session.scalars(select(VersionRow).where(VersionRow.version_id.in_(part)))
        )
    return out
