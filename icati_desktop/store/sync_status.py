"""Where this device stands with HQ, for the status bar and the Home page."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel
from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from icati_desktop.store.device import Role, require_device
from icati_desktop.store.settings import get_setting
from icati_desktop.store.sync_state import get_ack
from icati_desktop.store.tables.core import RecordRow, VersionRow
from icati_desktop.store.tables.sync_state import BundleLogRow, SyncSourceRow, TrustedDeviceRow

EXPORTED_UP_TO = "export.max_seq"
"""Local version sequence number covered by the last export (HQ's pending count)."""


class SyncStatus(BaseModel):
    role: Role
    pending_changes: int
    """Field: own versions HQ has not acknowledged. HQ: versions since the last central bundle."""
    unsent_changes: int = 0
    """Field: own versions written since the last exported bundle (the rest of
    ``pending_changes`` are in a bundle, waiting for HQ to confirm). HQ: as pending."""
    hq_trusted: bool
    hq_confirmed: bool = True
    """Field: HQ has confirmed at least one of this device's changes (it knows the device)."""
    devices_enrolled: int
    last_central_created_at: datetime | None
    last_export_at: datetime | None
    last_import_at: datetime | None
    open_conflicts: int


def _latest(session: Session, direction: str) -> datetime | None:
    value = session.scalar(
        select(func.max(BundleLogRow.processed_at)).where(BundleLogRow.direction == direction)
    )
    return datetime.fromisoformat(value) if value else None


def _pending_field(session: Session, device_id: str) -> int:
    ack = get_ack(session, device_id)
    query = (
        select(func.count())
        .select_from(VersionRow)
        .where(VersionRow.origin == device_id, VersionRow.redacted.is_(False))
    )
    if ack is not None:
        query = query.where(
            or_(
                VersionRow.hlc_ms > ack.ms,
                and_(VersionRow.hlc_ms == ack.ms, VersionRow.hlc_counter > ack.counter),
            )
        )
    return int(session.scalar(query) or 0)


def sync_status(session: Session) -> SyncStatus:
    device = require_device(session)
    confirmed = True
    if device.role is Role.FIELD:
        confirmed = get_ack(session, device.device_id) is not None
        pending = _pending_field(session, device.device_id)
        covered = int(get_setting(session, EXPORTED_UP_TO, 0))
        unsent = int(
            session.scalar(
                select(func.count())
                .select_from(VersionRow)
                .where(VersionRow.origin == device.device_id, VersionRow.seq > covered)
            )
            or 0
        )
        unsent = min(unsent, pending)
    else:
        covered = int(get_setting(session, EXPORTED_UP_TO, 0))
        pending = int(
            session.scalar(
                select(func.count()).select_from(VersionRow).where(VersionRow.seq > covered)
            )
            or 0
        )
        unsent = pending
    central = session.scalar(
        select(func.max(SyncSourceRow.last_created_at)).where(SyncSourceRow.central.is_(True))
    )
    trusted = list(
        session.scalars(select(TrustedDeviceRow).where(TrustedDeviceRow.revoked_at.is_(None)))
    )
    return SyncStatus(
        role=device.role,
        pending_changes=pending,
        unsent_changes=unsent,
        hq_trusted=any(t.role == "hq" and t.source == "local" for t in trusted),
        hq_confirmed=confirmed,
        devices_enrolled=sum(1 for t in trusted if t.role == "field"),
        last_central_created_at=datetime.fromisoformat(central) if central else None,
        last_export_at=_latest(session, "export"),
        last_import_at=_latest(session, "import"),
        open_conflicts=int(
            session.scalar(
                select(func.count()).select_from(RecordRow).where(RecordRow.in_conflict.is_(True))
            )
            or 0
        ),
    )
