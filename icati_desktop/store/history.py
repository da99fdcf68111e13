"""The history of one record: every version, who wrote it, when, and what it changed.

The store keeps every version, so history is a read of the version log: the record's
versions ordered by clock, read a page at a time (a record may have thousands), each
compared with its parent. A version with several parents (a resolution or a merge) is
compared with the parent that was shown before it (the winner rule among its parents).
Restoring a version is :mod:`icati_desktop.store.restore`.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from icati_desktop.domain.base import Owner
from icati_desktop.domain.registry import UnknownRecordType, owner_of
from icati_desktop.i18n import _
from icati_desktop.store.change_text import FieldChange, Names, describe_changes
from icati_desktop.store.chunks import chunked
from icati_desktop.store.content import CONTENT_ORIGIN
from icati_desktop.store.device import Role, read_device
from icati_desktop.store.records import RecordNotFound
from icati_desktop.store.store import Store
from icati_desktop.store.tables.core import RecordLeafRow, RecordRow, VersionRow
from icati_desktop.store.tables.sync_state import TrustedDeviceRow
from icati_desktop.versioning.hlc import Timestamp
from icati_desktop.versioning.winner import LeafInfo, winner_key

PAGE_SIZE = 50
MAX_PAGE = 500


class VersionKind(StrEnum):
    CREATED = "created"
    EDITED = "edited"
    DELETED = "deleted"
    RESOLVED = "resolved"
    """Several parents: a resolution (or merge) of competing versions."""


class HistoryEntry(BaseModel):
    version_id: str
    parents: list[str]
    time: datetime
    """The physical part of the version's clock, as a UTC time."""
    hlc: tuple[int, int]
    device_id: str
    author: str
    """The device's name as this device knows it (itself, a trusted device, the content)."""
    own: bool
    """Written by this device."""
    kind: VersionKind
    deleted: bool
    current: bool
    """One of the record's current leaves (the shown one, or a competing one)."""
    shown: bool
    """The version the record shows now."""
    compared_with: str | None
    """The parent the changes are relative to; None for a creation or a missing parent."""
    parent_missing: bool
    """A parent this device does not hold (it has not arrived yet)."""
    changes: list[FieldChange]


class RecordHistory(BaseModel):
    record_id: str
    record_type: str
    title: str | None
    deleted: bool
    in_conflict: bool
    total: int
    """Versions of the record on this device."""
    offset: int
    newest_first: bool
    entries: list[HistoryEntry]
    restore_refusal: str | None
    """Why this device cannot restore versions of this record (None: it can)."""


def device_names(session: Session) -> dict[str, str]:
    """Device id → name for every device this store knows (trusted ones and itself)."""
    names = dict(session.execute(select(TrustedDeviceRow.device_id, TrustedDeviceRow.name)).all())
    device = read_device(session)
    if device is not None:
        names[device.device_id] = device.name
    return names


def author_name(origin: str, names: dict[str, str]) -> str:
    if origin == CONTENT_ORIGIN:
        return _("ICATI default content")
    return names.get(origin) or _("device {id}").format(id=origin[:8])


def restore_refusal(session: Session, record_type: str) -> str | None:
    """Why this device may not write versions of ``record_type`` (None: it may)."""
    device = read_device(session)
    if device is None:
        return _("this store has no device yet: run `icati init` first")
    try:
        owner = owner_of(record_type)
    except UnknownRecordType:
        return _("this app does not know records of this type")
    if owner is Owner.HQ and device.role is not Role.HQ:
        return _("only the central office can change these records; ask HQ to restore the version")
    return None


def _order(newest_first: bool) -> list[Any]:
    columns = [VersionRow.hlc_ms, VersionRow.hlc_counter, VersionRow.origin, VersionRow.version_id]
    return [c.desc() for c in columns] if newest_first else columns


def _rows_by_id(session: Session, ids: list[str]) -> dict[str, VersionRow]:
    found: dict[str, VersionRow] = {}
    for part in chunked(ids):
        found.update(
            (row.version_id, row)
            for row in session.scalars(select(VersionRow).where(VersionRow.version_id.in_(part)))
        )
    return found


def version_row(session: Session, version_id: str) -> VersionRow | None:
    return session.scalar(select(VersionRow).where(VersionRow.version_id == version_id))


def _leaf(row: VersionRow) -> LeafInfo:
    return LeafInfo(row.version_id, Timestamp(row.hlc_ms, row.hlc_counter), row.origin, row.deleted)


def compared_parent(parents: list[str], known: dict[str, VersionRow]) -> VersionRow | None:
    """The parent a version is compared with: the one the winner rule would have shown."""
    present = [known[p] for p in parents if p in known]
    if not present:
        return None
    return max(present, key=lambda row: winner_key(_leaf(row)))


def payload_of(row: VersionRow | None) -> Any:
    return None if row is None or row.deleted else json.loads(row.payload)


def kind_of(row: VersionRow, parents: list[str]) -> VersionKind:
    if row.deleted:
        return VersionKind.DELETED
    if len(parents) > 1:
        return VersionKind.RESOLVED
    return VersionKind.EDITED if parents else VersionKind.CREATED


def history_in(
    session: Session,
    record_id: str,
    *,
    offset: int = 0,
    limit: int = PAGE_SIZE,
    newest_first: bool = True,
) -> RecordHistory:
    """One page of a record's versions with what each changed (see the module doc)."""
    state = session.get(RecordRow, record_id)
    if state is None:
        raise RecordNotFound(_("no record {id} on this device").format(id=record_id))
    limit = max(1, min(limit, MAX_PAGE))
    offset = max(0, offset)
    total = session.scalar(
        select(func.count()).select_from(VersionRow).where(VersionRow.record_id == record_id)
    )
    rows = list(
        session.scalars(
            select(VersionRow)
            .where(VersionRow.record_id == record_id)
            .order_by(*_order(newest_first))
            .offset(offset)
            .limit(limit)
        )
    )
    parents_of = {row.version_id: list(json.loads(row.parents)) for row in rows}
    known = {row.version_id: row for row in rows}
    wanted = sorted({p for ps in parents_of.values() for p in ps} - known.keys())
    known.update(_rows_by_id(session, wanted))
    leaves = set(
        session.scalars(
            select(RecordLeafRow.version_id).where(RecordLeafRow.record_id == record_id)
        )
    )
    names = device_names(session)
    device = read_device(session)
    own = device.device_id if device is not None else None
    namer = Names(session)
    entries = []
    for row in rows:
        parents = parents_of[row.version_id]
        parent = compared_parent(parents, known)
        entries.append(
            HistoryEntry(
                version_id=row.version_id,
                parents=parents,
                time=datetime.fromtimestamp(row.hlc_ms / 1000, UTC),
                hlc=(row.hlc_ms, row.hlc_counter),
                device_id=row.origin,
                author=author_name(row.origin, names),
                own=row.origin == own,
                kind=kind_of(row, parents),
                deleted=row.deleted,
                current=row.version_id in leaves,
                shown=row.version_id == state.winner_version_id,
                compared_with=None if parent is None else parent.version_id,
                parent_missing=any(p not in known for p in parents),
                changes=describe_changes(
                    state.record_type, payload_of(parent), payload_of(row), namer
                ),
            )
        )
    winner = version_row(session, state.winner_version_id)
    shown = payload_of(winner)
    if shown is None:  # deleted: name it after the last version that had a payload
        last = session.scalar(
            select(VersionRow.payload)
            .where(VersionRow.record_id == record_id, VersionRow.deleted.is_(False))
            .order_by(*_order(True))
            .limit(1)
        )
        shown = None if last is None else json.loads(last)
    return RecordHistory(
        record_id=record_id,
        record_type=state.record_type,
        title=namer.title_of(state.record_type, shown),
        deleted=state.deleted,
        in_conflict=state.in_conflict,
        total=total or 0,
        offset=offset,
        newest_first=newest_first,
        entries=entries,
        restore_refusal=restore_refusal(session, state.record_type),
    )


def record_history(
    store: Store,
    record_id: str,
    *,
    offset: int = 0,
    limit: int = PAGE_SIZE,
    newest_first: bool = True,
) -> RecordHistory:
    with store.read() as session:
        return history_in(session, record_id, offset=offset, limit=limit, newest_first=newest_first)


__all__ = [
    "HistoryEntry",
    "RecordHistory",
    "VersionKind",
    "author_name",
    "compared_parent",
    "device_names",
    "history_in",
    "payload_of",
    "record_history",
    "restore_refusal",
    "version_row",
]
