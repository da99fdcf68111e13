"""HQ's everyday export: one central bundle per enrolled field device, into one folder.

Each file is named after its device (``Amina-Diallo-3ade4f6e.icati``), so HQ staff can
hand each expert their own file; each is encrypted to that device and carries only its
countries' field records.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from pydantic import BaseModel
from sqlalchemy import select

from icati_desktop.domain.device_scopes import DeviceScope
from icati_desktop.store.device import Role, require_device
from icati_desktop.store.scopes import read_scopes
from icati_desktop.store.store import Store
from icati_desktop.store.sync_state import BUNDLE_SUFFIX
from icati_desktop.store.tables.sync_state import TrustedDeviceRow
from icati_desktop.sync.central_scope import CentralTarget
from icati_desktop.sync.errors import BundleRejected, RejectCode
from icati_desktop.sync.exporter import ExportResult, export_bundle

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]
_STEPS = 1000
_UNSAFE = re.compile(r"[^\w]+", re.UNICODE)


def bundle_file_name(name: str, device_id: str) -> str:
    """A file name people recognise, safe on every file system: name, then the id's start."""
    safe = _UNSAFE.sub("-", name).strip("-")[:60] or "device"
    return f"{safe}-{device_id[:8]}{BUNDLE_SUFFIX}"


class ExportTargets(BaseModel):
    """What HQ's export screen offers: this device's role, the devices and their countries."""

    role: Role
    devices: list[tuple[str, str]] = []
    """(device id, name) of the enrolled field devices, by name."""
    scopes: dict[str, DeviceScope] = {}


def export_targets(store: Store) -> ExportTargets:
    with store.read() as session:
        role = require_device(session).role
        scopes = read_scopes(session) if role is Role.HQ else {}
    if role is not Role.HQ:
        return ExportTargets(role=role)
    return ExportTargets(role=role, devices=enrolled_field_devices(store), scopes=scopes)


def enrolled_field_devices(store: Store) -> list[tuple[str, str]]:
    """(device id, name) of every enrolled, not revoked field device, by name."""
    with store.read() as session:
        rows = session.execute(
            select(TrustedDeviceRow.device_id, TrustedDeviceRow.name).where(
                TrustedDeviceRow.role == Role.FIELD.value,
                TrustedDeviceRow.revoked_at.is_(None),
            )
        ).all()
    return sorted(((r.device_id, r.name) for r in rows), key=lambda d: (d[1].casefold(), d[0]))


def export_for_every_device(
    store: Store,
    folder: Path,
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> list[ExportResult]:
    """Write one central bundle per enrolled field device into ``folder``."""
    with store.read() as session:
        if require_device(session).role is not Role.HQ:
            raise ValueError(
                "only the central office (HQ) makes bundles for other devices; a field "
                "device's bundle always goes to its HQ"
            )
    devices = enrolled_field_devices(store)
    if not devices:
        raise BundleRejected(
            RejectCode.NO_RECIPIENT,
            "no field device is enrolled yet: enrol one first, or export a content-only "
            "bundle for a device that is not enrolled",
        )
    folder = folder.expanduser().resolve()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BundleRejected(
            RejectCode.DISK_FULL, f"the folder {folder} cannot be created ({exc.strerror})"
        ) from exc
    results: list[ExportResult] = []
    for index, (device_id, name) in enumerate(devices):

        def step(done: int, total: int, index: int = index) -> None:
            if progress is not None:
                part = done * _STEPS // total if total else _STEPS
                progress(index * _STEPS + part, len(devices) * _STEPS)

        results.append(
            export_bundle(
                store,
                folder / bundle_file_name(name, device_id),
                central=CentralTarget.for_device(device_id),
                progress=step,
                cancelled=cancelled,
            )
        )
    return results
