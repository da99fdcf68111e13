"""Changing the network: members, groups and their people, roster entries, curricula status.

Each function is one transaction and writes one version (HQ-owned types: only an HQ
device may write them; :func:`~icati_desktop.store.records.write_version` refuses
otherwise). An edit names the record's leaves as parents, so nothing is lost.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from uuid import uuid4

from sqlalchemy import select
from sqlalchemy.orm import Session

from icati_desktop.domain.base import RecordPayload
from icati_desktop.domain.library import Curriculum, CurriculumStatus
from icati_desktop.domain.network import Membership, RosterEntry, RosterKind
from icati_desktop.domain.network_groups import NetworkGroup
from icati_desktop.i18n import _
from icati_desktop.store.network_groups import group_payload
from icati_desktop.store.records import RecordNotFound, edit_parents, write_version
from icati_desktop.store.store import Store, WriteTransaction
from icati_desktop.store.tables.core import RecordRow
from icati_desktop.store.tables.directory import PersonRow, RosterEntryRow
from icati_desktop.store.tables.reference import CurriculumRow


def _parents(tx: WriteTransaction, record_type: str, record_id: str) -> list[str]:
    state = tx.session.get(RecordRow, record_id)
    if state is None or state.record_type != record_type or state.deleted:
        raise RecordNotFound(
            _("no {what} {id} on this device; check the id").format(what=record_type, id=record_id)
        )
    return edit_parents(tx.session, state)


def _save(store: Store, payload: RecordPayload, record_id: str | None) -> str:
    rid = record_id or str(uuid4())
    with store.write() as tx:
        parents = [] if record_id is None else _parents(tx, payload.record_type, rid)
        write_version(
            tx,
            store,
            record_type=payload.record_type,
            record_id=rid,
            parents=parents,
            payload=payload,
        )
    return rid


def _require_person(tx: WriteTransaction, person_id: str) -> None:
    if tx.session.get(PersonRow, person_id) is None:
        raise RecordNotFound(_("no person {id} on this device; check the id").format(id=person_id))


def save_membership(store: Store, membership: Membership, record_id: str | None = None) -> str:
    """Add (no ``record_id``) or edit a member."""
    return _save(store, membership, record_id)


def save_group(store: Store, group: NetworkGroup, record_id: str | None = None) -> str:
    return _save(store, group, record_id)


def change_group_members(
    store: Store,
    group_id: str,
    *,
    add: Sequence[str] = (),
    remove: Sequence[str] = (),
    organisations: bool = False,
) -> NetworkGroup:
    """Add or remove people (or, with ``organisations``, organisations) of a group."""
    with store.write() as tx:
        parents = _parents(tx, NetworkGroup.record_type, group_id)
        group = group_payload(tx.session, group_id)
        field = "organisation_ids" if organisations else "member_ids"
        current = [str(i) for i in getattr(group, field)]
        if not organisations:
            for pid in add:
                _require_person(tx, pid)
        wanted = [i for i in current if i not in set(remove)]
        wanted += [i for i in dict.fromkeys(add) if i not in wanted]
        changed = NetworkGroup.model_validate({**group.model_dump(mode="json"), field: wanted})
        write_version(
            tx,
            store,
            record_type=NetworkGroup.record_type,
            record_id=group_id,
            parents=parents,
            payload=changed,
        )
    return changed


def _roster_entry_id(session: Session, person_id: str, roster: RosterKind) -> str | None:
    rid = session.scalar(
        select(RosterEntryRow.id)
        .where(RosterEntryRow.person_id == person_id, RosterEntryRow.roster == roster.value)
        .order_by(RosterEntryRow.id)
    )
    return None if rid is None else str(rid)


def roster_entry_of(store: Store, person_id: str, roster: RosterKind) -> str | None:
    """The id of the person's entry on that roster, if they have one."""
    with store.read() as session:
        return _roster_entry_id(session, person_id, roster)


def set_roster_entry(store: Store, entry: RosterEntry) -> str:
    """Write the person's entry on that roster: a new one, or a new version of theirs."""
    with store.write() as tx:
        _require_person(tx, str(entry.person_id))
        existing = _roster_entry_id(tx.session, str(entry.person_id), entry.roster)
        rid = existing or str(uuid4())
        parents = [] if existing is None else _parents(tx, RosterEntry.record_type, rid)
        write_version(
            tx, store, record_type=RosterEntry.record_type, record_id=rid, parents=parents,
            payload=entry,
        )  # fmt: skip
    return rid


def set_curriculum_status(store: Store, curriculum_id: str, status: CurriculumStatus) -> Curriculum:
    """Move a curriculum along its pipeline (any step may be set: a pilot may go back to draft)."""
    with store.write() as tx:
        parents = _parents(tx, Curriculum.record_type, curriculum_id)
        row = tx.session.get(CurriculumRow, curriculum_id)
        assert row is not None
        changed = Curriculum.model_validate({**json.loads(row.data), "status": status.value})
        write_version(
            tx,
            store,
            record_type=Curriculum.record_type,
            record_id=curriculum_id,
            parents=parents,
            payload=changed,
        )
    return changed


__all__ = [
    "change_group_members",
    "roster_entry_of",
    "save_group",
    "save_membership",
    "set_curriculum_status",
    "set_roster_entry",
]
