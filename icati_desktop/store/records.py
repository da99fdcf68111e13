"""The service through which every write goes: create, update, delete, resolve.

Each call is one transaction: a new version stamped by the device clock, and the
record's re-materialised state. The GUI and the CLI call these functions with plain
values and get pydantic models back; neither holds a session.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from dataclasses import dataclass
from typing import Generic, TypeVar
from uuid import UUID, uuid4

from sqlalchemy import select
from sqlalchemy.orm import Session

from icati_desktop.domain.base import Owner, RecordPayload
from icati_desktop.domain.registry import owner_of, payload_model
from icati_desktop.store.device import Role, require_device, tick
from icati_desktop.store.store import Store, WriteTransaction
from icati_desktop.store.tables.core import RecordLeafRow, RecordRow, VersionRow
from icati_desktop.store.versions import add_versions, version_from_row
from icati_desktop.versioning.hlc import Timestamp
from icati_desktop.versioning.version import Version, make_version

P = TypeVar("P", bound=RecordPayload)


class PermissionDenied(PermissionError):
    pass


class RecordNotFound(LookupError):
    pass


class StaleEdit(RuntimeError):
    pass


@dataclass(frozen=True)
class RecordView(Generic[P]):
    """A record as shown: its winning version's payload and its sync state."""

    record_id: str
    record_type: str
    version_id: str
    hlc: Timestamp
    origin: str
    payload: P
    in_conflict: bool


def _state(session: Session, record_id: str) -> RecordRow | None:
    return session.get(RecordRow, record_id)


def leaf_ids(session: Session, record_id: str) -> list[str]:
    return sorted(
        session.scalars(
            select(RecordLeafRow.version_id).where(RecordLeafRow.record_id == record_id)
        )
    )


def check_may_write(session: Session, record_type: str) -> None:
    device = require_device(session)
    if owner_of(record_type) is Owner.HQ and device.role is not Role.HQ:
        raise PermissionDenied(
            f"{record_type} records are published by the central office; a field device "
            "cannot change them — ask HQ to make the change"
        )


def write_version(
    tx: WriteTransaction,
    store: Store,
    *,
    record_type: str,
    record_id: str,
    parents: list[str],
    payload: RecordPayload | None,
) -> Version:
    """Stamp, store and materialise one local version."""
    session = tx.session
    check_may_write(session, record_type)
    device = require_device(session)
    if payload is not None:
        # model_copy() skips validation: never store a payload its own model would refuse.
        payload = type(payload).model_validate(payload.model_dump(mode="python"))
    version = make_version(
        record_type=record_type,
        record_id=record_id,
        parents=parents,
        hlc=tick(session, store.now_ms),
        origin=device.device_id,
        deleted=payload is None,
        payload=None if payload is None else payload.model_dump(mode="python"),
    )
    tx.note_changes(add_versions(session, [version]).changed)
    return version


class RecordService:
    def __init__(self, store: Store) -> None:
        self.store = store

    def create(
        self, payload: RecordPayload, record_id: UUID | None = None
    ) -> RecordView[RecordPayload]:
        rid = str(record_id or uuid4())
        with self.store.write() as tx:
            if _state(tx.session, rid) is not None:
                raise ValueError(f"record {rid} already exists")
            version = write_version(
                tx,
                self.store,
                record_type=payload.record_type,
                record_id=rid,
                parents=[],
                payload=payload,
            )
        return self._view(version, payload, in_conflict=False)

    def create_many(self, payloads: list[tuple[UUID, RecordPayload]]) -> list[Version]:
        """Create several records in one transaction (bulk entry, demo data)."""
        with self.store.write() as tx:
            return [
                write_version(
                    tx,
                    self.store,
                    record_type=payload.record_type,
                    record_id=str(rid),
                    parents=[],
                    payload=payload,
                )
                for rid, payload in payloads
            ]

    def update(
        self, record_id: UUID | str, payload: RecordPayload, base_version_id: str | None = None
    ) -> RecordView[RecordPayload]:
        """Write a new version on top of the shown one (or the named leaf)."""
        rid = str(record_id)
        with self.store.write() as tx:
            state = self._live_state(tx.session, rid, payload.record_type)
            base = base_version_id or state.winner_version_id
            if base not in leaf_ids(tx.session, rid) and not self._concurrent_base(
                tx.session, rid, base
            ):
                raise StaleEdit(
                    f"the {payload.record_type} changed since it was opened; reopen it and "
                    "make the change again"
                )
            version = write_version(
                tx,
                self.store,
                record_type=payload.record_type,
                record_id=rid,
                parents=[base],
                payload=payload,
            )
            in_conflict = self._in_conflict(tx.session, rid)
        return self._view(version, payload, in_conflict=in_conflict)

    def delete(self, record_type: str, record_id: UUID | str) -> None:
        rid = str(record_id)
        with self.store.write() as tx:
            state = self._live_state(tx.session, rid, record_type)
            write_version(
                tx,
                self.store,
                record_type=record_type,
                record_id=rid,
                parents=[state.winner_version_id],
                payload=None,
            )

    def resolve(self, record_id: UUID | str, keep_version_id: str) -> Version:
        """Close a conflict: a new version equal to the kept leaf, whose parents are all leaves."""
        rid = str(record_id)
        with self.store.write() as tx:
            state = _state(tx.session, rid)
            if state is None:
                raise RecordNotFound(f"no record {rid}")
            leaves = leaf_ids(tx.session, rid)
            if keep_version_id not in leaves:
                raise ValueError(
                    f"{keep_version_id[:12]}… is not one of the competing versions of {rid}: "
                    "pick one from `icati conflicts list`"
                )
            kept = version_from_row(
                tx.session.execute(
                    select(VersionRow).where(VersionRow.version_id == keep_version_id)
                ).scalar_one()
            )
            payload = None
            if not kept.deleted:
                payload = payload_model(state.record_type).model_validate(kept.payload)
            return write_version(
                tx,
                self.store,
                record_type=state.record_type,
                record_id=rid,
                parents=leaves,
                payload=payload,
            )

    def resolve_with(
        self,
        record_id: UUID | str,
        payload: RecordPayload | None,
        expected_leaves: Collection[str] | None = None,
    ) -> Version:
        """Close a conflict with a payload built from its leaves (``None``: keep it deleted).

        Writes one version whose parents are all the current leaves. With
        ``expected_leaves`` (the leaves the person looked at), a record whose leaves
        changed since is refused with :class:`StaleEdit` and nothing is written.
        """
        rid = str(record_id)
        with self.store.write() as tx:
            state = _state(tx.session, rid)
            if state is None:
                raise RecordNotFound(f"no record {rid}")
            if payload is not None and payload.record_type != state.record_type:
                raise ValueError(
                    f"record {rid} is a {state.record_type}, not a {payload.record_type}"
                )
            leaves = leaf_ids(tx.session, rid)
            if not state.in_conflict:
                raise ValueError(f"record {rid} has no open conflict: nothing to resolve")
            if expected_leaves is not None and sorted(expected_leaves) != leaves:
                raise StaleEdit(
                    f"new versions of this {state.record_type} arrived while it was open; "
                    "look at the conflict again and choose again"
                )
            return write_version(
                tx,
                self.store,
                record_type=state.record_type,
                record_id=rid,
                parents=leaves,
                payload=payload,
            )

    def get(self, model: type[P], record_id: UUID | str) -> RecordView[P]:
        rid = str(record_id)
        with self.store.read() as session:
            state = self._live_state(session, rid, model.record_type)
            row = session.execute(
                select(VersionRow).where(VersionRow.version_id == state.winner_version_id)
            ).scalar_one()
            version = version_from_row(row)
            return self._view(
                version,
                model.model_validate(json.loads(row.payload)),
                in_conflict=state.in_conflict,
            )

    def ids(self, record_type: str, *, include_deleted: bool = False) -> list[str]:
        with self.store.read() as session:
            query = select(RecordRow.record_id).where(RecordRow.record_type == record_type)
            if not include_deleted:
                query = query.where(RecordRow.deleted.is_(False))
            return sorted(session.scalars(query))

    def _concurrent_base(self, session: Session, record_id: str, base: str) -> bool:
        """Whether an edit of an older version is written beside the newer one.

        On a central store several people edit at once: one who saved a record another
        had open must not lose their work, nor overwrite the other's. Their edit becomes a
        second leaf of the record — exactly what two laptops editing it produce — so the
        same winner and the same conflict (listed under Conflicts) follow. A device's
        SQLite store has one person, who is asked to reopen instead.
        """
        if self.store.is_sqlite:
            return False
        found = session.scalar(select(VersionRow.record_id).where(VersionRow.version_id == base))
        return found == record_id

    @staticmethod
    def _in_conflict(session: Session, record_id: str) -> bool:
        state = _state(session, record_id)
        return bool(state and state.in_conflict)

    @staticmethod
    def _live_state(session: Session, record_id: str, record_type: str) -> RecordRow:
        state = _state(session, record_id)
        if state is None or state.deleted or state.record_type != record_type:
            raise RecordNotFound(f"no {record_type} {record_id} on this device")
        return state

    @staticmethod
    def _view(version: Version, payload: P, *, in_conflict: bool) -> RecordView[P]:
        return RecordView(
            record_id=version.record_id,
            record_type=version.record_type,
            version_id=version.version_id,
            hlc=version.hlc,
            origin=version.origin,
            payload=payload,
            in_conflict=in_conflict,
        )
