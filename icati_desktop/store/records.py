"""The service through which every write goes: create, update, delete, resolve.

Each call is one transaction: a new version stamped by the device clock, and the
record's re-materialised state. The GUI and the CLI call these functions with plain
values and get pydantic models back; neither holds a session.

What a record shows is the merge of its leaves (:mod:`icati_desktop.store.merged`), so
an edit of a record that is not in conflict names *all* its leaves as parents: it is
based on what they merged to. While a conflict is open, an edit names only the shown
leaf, so it never closes the conflict silently; the other leaves' changes it shows are
in the edit too, so they merge again without conflicting. Only a resolution (parents:
all leaves) closes a conflict.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from contextlib import suppress
from dataclasses import dataclass
from typing import Generic, TypeVar
from uuid import UUID, uuid4

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from icati_desktop.domain.base import Owner, RecordPayload
from icati_desktop.domain.merge_rules import merge_spec
from icati_desktop.domain.registry import owner_of, payload_model
from icati_desktop.store.device import Role, require_device, tick
from icati_desktop.store.materialise import table_for
from icati_desktop.store.merged import merge_outcomes
from icati_desktop.store.store import Store, WriteTransaction
from icati_desktop.store.tables.core import RecordLeafRow, RecordRow, VersionRow
from icati_desktop.store.versions import add_versions, version_from_row
from icati_desktop.versioning.hlc import Timestamp
from icati_desktop.versioning.record_merge import resolved_payload
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
    """A record as shown: its (merged) payload, the leaf it stands for and its sync state."""

    record_id: str
    record_type: str
    version_id: str
    """The shown leaf (the winner rule's)."""
    hlc: Timestamp
    origin: str
    payload: P
    in_conflict: bool
    leaves: tuple[str, ...] = ()
    """The leaves the payload was merged from: give them back as ``base_leaves``."""


def _state(session: Session, record_id: str) -> RecordRow | None:
    return session.get(RecordRow, record_id)


def leaf_ids(session: Session, record_id: str) -> list[str]:
    return sorted(
        session.scalars(
            select(RecordLeafRow.version_id).where(RecordLeafRow.record_id == record_id)
        )
    )


def edit_parents(session: Session, state: RecordRow) -> list[str]:
    """The parents of a local edit: every leaf, or only the shown one during a conflict."""
    if state.in_conflict:
        return [state.winner_version_id]
    return leaf_ids(session, state.record_id)


def shown_payload(session: Session, state: RecordRow) -> str:
    """The payload a live record shows (its current row's data: the merge of its leaves)."""
    table = table_for(state.record_type)
    data = session.execute(select(table.c.data).where(table.c.id == state.record_id)).scalar()
    if data is None:
        raise RecordNotFound(f"no {state.record_type} {state.record_id} on this device")
    return str(data)


def may_write(session: Session, record_type: str) -> bool:
    """Whether this device may write records of this type (HQ's types are HQ's alone)."""
    role = require_device(session).role  # a store without a device may write nothing
    return owner_of(record_type) is not Owner.HQ or role is Role.HQ


def check_may_write(session: Session, record_type: str) -> None:
    if not may_write(session, record_type):
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
        self,
        record_id: UUID | str,
        payload: RecordPayload,
        base_version_id: str | None = None,
        *,
        base_leaves: Collection[str] | None = None,
    ) -> RecordView[RecordPayload]:
        """Write a new version on top of what the record shows.

        ``base_leaves`` (a :attr:`RecordView.leaves` read earlier) refuses, with
        :class:`StaleEdit`, a record whose leaves changed since. ``base_version_id``
        instead writes on top of that one leaf only (it must still be a leaf).
        """
        rid = str(record_id)
        with self.store.write() as tx:
            state = self._live_state(tx.session, rid, payload.record_type)
            leaves = leaf_ids(tx.session, rid)
            stale = (base_version_id is not None and base_version_id not in leaves) or (
                base_leaves is not None and sorted(set(base_leaves)) != leaves
            )
            parents = [base_version_id] if base_version_id else edit_parents(tx.session, state)
            if stale:
                seen = [base_version_id] if base_version_id else sorted(set(base_leaves or ()))
                if not self._concurrent_base(tx.session, rid, seen):
                    raise StaleEdit(
                        f"the {payload.record_type} changed since it was opened; reopen it and "
                        "make the change again"
                    )
                parents = seen  # beside the other edit, as a laptop's would be
            version = write_version(
                tx,
                self.store,
                record_type=payload.record_type,
                record_id=rid,
                parents=parents,
                payload=payload,
            )
            in_conflict = self._in_conflict(tx.session, rid)
            now_leaves = tuple(leaf_ids(tx.session, rid))
        return self._view(version, payload, in_conflict=in_conflict, leaves=now_leaves)

    def delete(self, record_type: str, record_id: UUID | str) -> None:
        rid = str(record_id)
        with self.store.write() as tx:
            state = self._live_state(tx.session, rid, record_type)
            write_version(
                tx,
                self.store,
                record_type=record_type,
                record_id=rid,
                parents=edit_parents(tx.session, state),
                payload=None,
            )

    def resolve(self, record_id: UUID | str, keep_version_id: str) -> Version:
        """Close a conflict keeping one leaf's value at every conflicting path.

        Everything else comes from the merge; parents are all the leaves. Keeping a
        deletion keeps the record deleted. If the kept values do not make a valid
        payload together with the merge, the kept leaf is written whole.
        """
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
            model = payload_model(state.record_type)
            payload: RecordPayload | None = None
            if not kept.deleted:
                payload = model.model_validate(kept.payload)
                if len(leaves) > 1:
                    outcome = merge_outcomes(tx.session, state.record_type, {rid: leaves})[rid]
                    chosen = {c.path: keep_version_id for c in outcome.conflicts}
                    merged = resolved_payload(merge_spec(model), outcome, chosen)
                    sides = [side for _vid, side in outcome.sides]
                    with suppress(ValidationError):  # else the kept leaf whole
                        if merged is not None and model.merge_problem(merged, sides) is None:
                            payload = model.model_validate(merged)
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
        """The record as shown: the merge of its leaves, standing for the shown leaf."""
        rid = str(record_id)
        with self.store.read() as session:
            state = self._live_state(session, rid, model.record_type)
            row = session.execute(
                select(VersionRow).where(VersionRow.version_id == state.winner_version_id)
            ).scalar_one()
            return self._view(
                version_from_row(row),
                model.model_validate(json.loads(shown_payload(session, state))),
                in_conflict=state.in_conflict,
                leaves=tuple(leaf_ids(session, rid)),
            )

    def ids(self, record_type: str, *, include_deleted: bool = False) -> list[str]:
        with self.store.read() as session:
            query = select(RecordRow.record_id).where(RecordRow.record_type == record_type)
            if not include_deleted:
                query = query.where(RecordRow.deleted.is_(False))
            return sorted(session.scalars(query))

    def _concurrent_base(self, session: Session, record_id: str, seen: list[str]) -> bool:
        """Whether an edit of an older version is written beside the newer one.

        On a central store several people edit at once: one who saved a record another
        had open must not lose their work, nor overwrite the other's. Their edit becomes a
        second leaf of the record — exactly what two laptops editing it produce — so the
        same merge (changes to different fields combine) and the same conflict (one field
        changed by both, listed under Conflicts) follow. A device's
        SQLite store has one person, who is asked to reopen instead.
        """
        if self.store.is_sqlite or not seen:
            return False
        found = session.scalars(
            select(VersionRow.record_id).where(VersionRow.version_id.in_(seen))
        ).all()
        return len(found) == len(seen) and all(r == record_id for r in found)

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
    def _view(
        version: Version, payload: P, *, in_conflict: bool, leaves: tuple[str, ...] = ()
    ) -> RecordView[P]:
        return RecordView(
            record_id=version.record_id,
            record_type=version.record_type,
            version_id=version.version_id,
            hlc=version.hlc,
            origin=version.origin,
            payload=payload,
            in_conflict=in_conflict,
            leaves=leaves or (version.version_id,),
        )
