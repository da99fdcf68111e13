"""A field device carries out HQ's requests to remove countries' records from its store.

HQ asks by writing a ``data_removal`` record addressed to the device; it arrives in the
device's central bundle, and the import that brings it applies it in the same transaction:

* what goes: the country-bound field records (people, consents, meetings, plans, items,
  assessments) that belong to the requested countries and not to the device's current
  scope (so a country given back in the meantime is kept) — every version, not a
  tombstone: the records live on at HQ and on the devices that work on those countries;
* what stays: any record with a version this device wrote that HQ has not acknowledged
  yet. Its next field bundle carries that work to HQ; the request stays pending and is
  applied again after each central import, until nothing it takes away is left. So a
  removal never loses an edit.

Attachments only the removed records named are deleted after the import commits.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable
from datetime import UTC, datetime

from pydantic import BaseModel
from sqlalchemy import and_, or_, select, true
from sqlalchemy.orm import Session

from icati_desktop.domain.scope_rules import EVERY_DEVICE, country_bound_types
from icati_desktop.store.chunks import chunked
from icati_desktop.store.purge import purge_records
from icati_desktop.store.scope_index import entitled_ids, refresh_scope_index
from icati_desktop.store.scopes import read_scope, removals_for
from icati_desktop.store.store import Store
from icati_desktop.store.sync_state import get_ack
from icati_desktop.store.tables.core import RecordRow, VersionRow
from icati_desktop.store.tables.scope import AppliedRemovalRow
from icati_desktop.sync.attachments import attachment_hashes
from icati_desktop.sync.scopes import choice_of


class RemovalOutcome(BaseModel):
    removed: dict[str, int] = {}
    """Record type → records removed from this store."""
    waiting: int = 0
    """Records kept because they hold work of this device HQ has not acknowledged yet."""
    blobs: list[str] = []
    """Attachments the removed records named (deleted after commit if nothing else does)."""


def _pending(session: Session, device_id: str) -> dict[str, list[str]]:
    applied = set(session.scalars(select(AppliedRemovalRow.record_id)))
    return {
        record_id: removal.countries
        for record_id, removal in removals_for(session, device_id).items()
        if record_id not in applied
    }


def _candidates(session: Session, remove: Collection[str], keep: Collection[str]) -> list[str]:
    return list(
        session.scalars(
            select(RecordRow.record_id)
            .where(
                RecordRow.record_type.in_(sorted(country_bound_types())),
                RecordRow.record_id.in_(entitled_ids(remove, "removed")),
                RecordRow.record_id.not_in(entitled_ids(keep, "kept")),
            )
            .order_by(RecordRow.record_id)
        )
    )


def _unsent(session: Session, device_id: str, record_ids: list[str]) -> set[str]:
    """Of these records, those holding a version of this device that HQ has not acknowledged."""
    ack = get_ack(session, device_id)
    newer = (
        true()
        if ack is None
        else or_(
            VersionRow.hlc_ms > ack.ms,
            and_(VersionRow.hlc_ms == ack.ms, VersionRow.hlc_counter > ack.counter),
        )
    )
    found: set[str] = set()
    for part in chunked(record_ids):
        found.update(
            session.scalars(
                select(VersionRow.record_id)
                .where(VersionRow.record_id.in_(part), VersionRow.origin == device_id, newer)
                .distinct()
            )
        )
    return found


def _attachments(session: Session, record_ids: list[str]) -> set[str]:
    found: set[str] = set()
    for part in chunked(record_ids):
        for (payload,) in session.execute(
            select(VersionRow.payload).where(
                VersionRow.record_id.in_(part),
                VersionRow.deleted.is_(False),
                or_(
                    VersionRow.payload.contains('"sha256"'),
                    VersionRow.payload.contains('"attachments"'),
                ),
            )
        ):
            found.update(attachment_hashes(json.loads(payload)))
    return found


def apply_removals(session: Session, device_id: str) -> RemovalOutcome:
    """Carry out the removal requests addressed to this device that are not done yet.

    Runs in the import's write transaction, after the bundle's versions and its
    acknowledgement of this device were stored.
    """
    pending = _pending(session, device_id)
    if not pending:
        return RemovalOutcome()
    scope = choice_of(read_scope(session, device_id))
    asked = {code for countries in pending.values() for code in countries}
    remove = sorted(code for code in asked if not scope.covers(code))
    outcome = RemovalOutcome()
    waiting: set[str] = set()
    if remove:
        refresh_scope_index(session)
        candidates = _candidates(session, remove, [*scope.countries, EVERY_DEVICE])
        waiting = _unsent(session, device_id, candidates)
        going = [rid for rid in candidates if rid not in waiting]
        outcome = RemovalOutcome(
            blobs=sorted(_attachments(session, going)),
            removed=dict(purge_records(session, going)),
            waiting=len(waiting),
        )
    if not waiting:
        now = datetime.now(UTC).isoformat(timespec="seconds")
        for record_id in sorted(pending):
            session.add(AppliedRemovalRow(record_id=record_id, applied_at=now))
        session.flush()
    return outcome


def drop_unreferenced_blobs(store: Store, hashes: Iterable[str]) -> int:
    """Delete the attachments no remaining version names; returns how many went."""
    dropped = 0
    with store.read() as session:
        unused = [
            sha
            for sha in hashes
            if session.scalar(
                select(VersionRow.seq).where(VersionRow.payload.contains(sha)).limit(1)
            )
            is None
        ]
    for sha in unused:
        dropped += store.blobs.remove(sha)
    return dropped
