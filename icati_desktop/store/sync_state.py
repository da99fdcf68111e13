"""Reading and writing this device's sync bookkeeping (sequences, acks, history)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from icati_desktop.store.settings import get_setting, set_setting
from icati_desktop.store.tables.sync_state import AckRow, BundleLogRow, SyncSourceRow
from icati_desktop.versioning.hlc import Timestamp

BUNDLE_SUFFIX = ".icati"
"""What a bundle file's name ends with: the folders HQ imports from hold these (the GUI's
start path keeps its own copy, ``gui.sync.BUNDLE_SUFFIX``, to load no database code)."""
EXPORT_SEQUENCE = "export.sequence"
LAST_EXPORT_MANIFEST = "export.last_manifest_sha256"


class BundleLogEntry(BaseModel):
    bundle_id: str
    direction: str
    kind: str
    source_device_id: str
    source_name: str
    sequence: int
    created_at: str
    processed_at: str
    file_name: str
    summary: dict[str, Any]


def now_text() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def reserve_export_sequence(session: Session) -> tuple[int, str | None]:
    """The next sequence number (a gap after a failed export is harmless) and the last hash."""
    sequence = int(get_setting(session, EXPORT_SEQUENCE, 0)) + 1
    set_setting(session, EXPORT_SEQUENCE, sequence)
    return sequence, get_setting(session, LAST_EXPORT_MANIFEST)


def record_export(session: Session, entry: BundleLogEntry, manifest_sha256: str) -> None:
    set_setting(session, LAST_EXPORT_MANIFEST, manifest_sha256)
    log_bundle(session, entry, manifest_sha256)


def log_bundle(session: Session, entry: BundleLogEntry, manifest_sha256: str) -> None:
    session.add(
        BundleLogRow(
            bundle_id=entry.bundle_id,
            direction=entry.direction,
            kind=entry.kind,
            source_device_id=entry.source_device_id,
            source_name=entry.source_name,
            sequence=entry.sequence,
            manifest_sha256=manifest_sha256,
            created_at=entry.created_at,
            processed_at=entry.processed_at,
            file_name=entry.file_name,
            summary=json.dumps(entry.summary, sort_keys=True),
        )
    )
    session.flush()


def logged_bundle(session: Session, bundle_id: str) -> BundleLogRow | None:
    return session.get(BundleLogRow, bundle_id)


def bundle_history(session: Session, limit: int = 200) -> list[BundleLogEntry]:
    rows = session.scalars(
        select(BundleLogRow).order_by(BundleLogRow.processed_at.desc()).limit(limit)
    )
    return [
        BundleLogEntry(
            bundle_id=r.bundle_id,
            direction=r.direction,
            kind=r.kind,
            source_device_id=r.source_device_id,
            source_name=r.source_name,
            sequence=r.sequence,
            created_at=r.created_at,
            processed_at=r.processed_at,
            file_name=r.file_name,
            summary=json.loads(r.summary),
        )
        for r in rows
    ]


def get_ack(session: Session, device_id: str) -> Timestamp | None:
    row = session.get(AckRow, device_id)
    return None if row is None else Timestamp(row.hlc_ms, row.hlc_counter)


def all_acks(session: Session) -> dict[str, Timestamp]:
    return {
        r.device_id: Timestamp(r.hlc_ms, r.hlc_counter) for r in session.scalars(select(AckRow))
    }


def set_ack(session: Session, device_id: str, value: Timestamp) -> None:
    session.merge(AckRow(device_id=device_id, hlc_ms=value.ms, hlc_counter=value.counter))
    session.flush()


def source_state(session: Session, device_id: str) -> SyncSourceRow | None:
    return session.get(SyncSourceRow, device_id)


def record_source(
    session: Session,
    device_id: str,
    sequence: int,
    manifest_sha256: str,
    created_at: str,
    *,
    central: bool,
) -> None:
    row = session.get(SyncSourceRow, device_id)
    if row is not None and row.last_sequence >= sequence:
        return
    session.merge(
        SyncSourceRow(
            device_id=device_id,
            last_sequence=sequence,
            last_manifest_sha256=manifest_sha256,
            last_created_at=created_at,
            central=central,
        )
    )
    session.flush()
