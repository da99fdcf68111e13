"""This store's device: who writes here, in which role, and its persisted clock."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from icati_desktop.store.roles import Role as Role  # re-exported: its home before
from icati_desktop.store.tables.core import DeviceRow
from icati_desktop.versioning.hlc import HybridLogicalClock, Timestamp


class StoreNotInitialised(RuntimeError):
    def __init__(self) -> None:
        super().__init__(
            "this store has no device yet: run `icati init --role field|hq --name NAME` first"
        )


@dataclass(frozen=True)
class DeviceInfo:
    device_id: str
    role: Role
    name: str
    created_at: str
    clock: Timestamp


def read_device(session: Session) -> DeviceInfo | None:
    row = session.get(DeviceRow, 1)
    if row is None:
        return None
    return DeviceInfo(
        device_id=row.device_id,
        role=Role(row.role),
        name=row.name,
        created_at=row.created_at,
        clock=Timestamp(row.hlc_ms, row.hlc_counter),
    )


def require_device(session: Session) -> DeviceInfo:
    device = read_device(session)
    if device is None:
        raise StoreNotInitialised()
    return device


def create_device(session: Session, device_id: str, role: Role, name: str) -> DeviceInfo:
    if session.get(DeviceRow, 1) is not None:
        raise RuntimeError("this store already has a device; use another --data-dir")
    session.add(
        DeviceRow(
            slot=1,
            device_id=device_id,
            role=role.value,
            name=name,
            created_at=datetime.now(UTC).isoformat(timespec="seconds"),
            hlc_ms=0,
            hlc_counter=0,
        )
    )
    session.flush()
    return require_device(session)


def _advance(
    session: Session, now_ms: Callable[[], int], step: Callable[[HybridLogicalClock], Timestamp]
) -> Timestamp:
    row = session.execute(select(DeviceRow).where(DeviceRow.slot == 1)).scalar_one_or_none()
    if row is None:
        raise StoreNotInitialised()
    clock = HybridLogicalClock(Timestamp(row.hlc_ms, row.hlc_counter), now_ms)
    stamp = step(clock)
    row.hlc_ms, row.hlc_counter = stamp.ms, stamp.counter
    session.flush()
    return stamp


def tick(session: Session, now_ms: Callable[[], int]) -> Timestamp:
    """A new timestamp for a local write, persisted in the caller's transaction."""
    return _advance(session, now_ms, lambda clock: clock.tick())


def observe(session: Session, remote: Timestamp, now_ms: Callable[[], int]) -> Timestamp:
    """Merge an imported clock value into this device's clock."""
    return _advance(session, now_ms, lambda clock: clock.observe(remote))
