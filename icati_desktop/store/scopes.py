"""Reading device scopes and removal requests from their current tables."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from icati_desktop.domain.device_scopes import DataRemoval, DeviceScope
from icati_desktop.store.tables.reference import CountryRow
from icati_desktop.store.tables.scope import DataRemovalRow, DeviceScopeRow


def read_scopes(session: Session) -> dict[str, DeviceScope]:
    """Device id → the scope HQ set for it (devices without one are absent)."""
    scopes: dict[str, DeviceScope] = {}
    for (data,) in session.execute(select(DeviceScopeRow.data).order_by(DeviceScopeRow.id)):
        scope = DeviceScope.model_validate_json(data)
        scopes[scope.device_id] = scope
    return scopes


def read_scope(session: Session, device_id: str) -> DeviceScope | None:
    data = session.scalar(
        select(DeviceScopeRow.data)
        .where(DeviceScopeRow.device_id == device_id)
        .order_by(DeviceScopeRow.id)
        .limit(1)
    )
    return None if data is None else DeviceScope.model_validate_json(data)


def removals_for(session: Session, device_id: str) -> dict[str, DataRemoval]:
    """Record id → each live removal request addressed to a device."""
    rows = session.execute(
        select(DataRemovalRow.id, DataRemovalRow.data)
        .where(DataRemovalRow.device_id == device_id)
        .order_by(DataRemovalRow.hlc_ms, DataRemovalRow.id)
    )
    return {rid: DataRemoval.model_validate_json(data) for rid, data in rows}


def known_country_codes(session: Session) -> set[str]:
    """The ISO alpha-3 codes of the countries this store holds."""
    return set(session.scalars(select(CountryRow.alpha3)))
