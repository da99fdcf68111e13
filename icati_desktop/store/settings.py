"""Store-level settings (key → JSON value), including the sync limits."""

from __future__ import annotations

import json
from typing import Any

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from icati_desktop.store.tables.core import SettingRow
from icati_desktop.sync.limits import SyncLimits

SYNC_PREFIX = "sync."


def get_setting(session: Session, key: str, default: Any = None) -> Any:
    row = session.get(SettingRow, key)
    if row is None:
        return default
    try:
        return json.loads(row.value)
    except ValueError:
        return row.value


def set_setting(session: Session, key: str, value: Any) -> None:
    session.merge(SettingRow(key=key, value=json.dumps(value)))
    session.flush()


def sync_limits(session: Session) -> SyncLimits:
    values = {
        row.key.removeprefix(SYNC_PREFIX): json.loads(row.value)
        for row in session.scalars(select(SettingRow).where(SettingRow.key.like(SYNC_PREFIX + "%")))
    }
    return SyncLimits(**{k: v for k, v in values.items() if k in SyncLimits.model_fields})


def set_sync_limit(session: Session, name: str, raw_value: str) -> SyncLimits:
    """Change one limit (validated); returns the limits now in force."""
    if name not in SyncLimits.model_fields:
        known = ", ".join(sorted(SyncLimits.model_fields))
        raise ValueError(f"no sync setting {name!r}; the settings are: {known}")
    current = sync_limits(session).model_dump()
    try:
        updated = SyncLimits.model_validate({**current, name: json.loads(raw_value)})
    except (ValueError, ValidationError) as exc:
        raise ValueError(f"{raw_value!r} is not a valid value for {name}") from exc
    set_setting(session, SYNC_PREFIX + name, getattr(updated, name))
    return updated
