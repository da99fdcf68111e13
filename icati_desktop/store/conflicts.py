"""Open conflicts: records with two or more competing leaves, ready to show and resolve.

The CLI (`icati conflicts list`) and the GUI's resolution screen both read this. A
conflict is resolved with :meth:`RecordService.resolve`, which writes one version whose
parents are all the leaves, so the conflict closes everywhere after the next exchange.
"""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from icati_desktop.store.device import read_device
from icati_desktop.store.records import RecordNotFound
from icati_desktop.store.store import Store
from icati_desktop.store.tables.core import RecordLeafRow, RecordRow, VersionRow
from icati_desktop.store.tables.sync_state import TrustedDeviceRow
from icati_desktop.store.versions import chunked


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


class Conflict(BaseModel):
    record_id: str
    record_type: str
    leaves: list[ConflictLeaf]
    """Newest first."""
    differing_fields: list[str]
    """Top-level payload fields whose values differ between leaves that are not deletions."""


def differing_fields(payloads: list[dict[str, Any]]) -> list[str]:
    """Keys whose value (or presence) is not the same in every payload."""
    keys = {key for payload in payloads for key in payload}
    missing = object()
    return sorted(
        key
        for key in keys
        if any(p.get(key, missing) != payloads[0].get(key, missing) for p in payloads[1:])
    )


def _device_names(session: Session) -> dict[str, str]:
    names = dict(session.execute(select(TrustedDeviceRow.device_id, TrustedDeviceRow.name)).all())
    device = read_device(session)
    if device is not None:
        names[device.device_id] = device.name
    return names


def conflicts_in(session: Session, record_ids: list[str] | None = None) -> list[Conflict]:
    """Open conflicts (optionally only among ``record_ids``), by type then record id."""
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
    names = _device_names(session)
    out = []
    for state in sorted(states, key=lambda s: (s.record_type, s.record_id)):
        rows = sorted(
            leaves[state.record_id],
            key=lambda r: (r.hlc_ms, r.hlc_counter, r.origin, r.version_id),
            reverse=True,
        )
        live = [json.loads(r.payload) for r in rows if not r.deleted]
        out.append(
            Conflict(
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
                differing_fields=differing_fields(live),
            )
        )
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
