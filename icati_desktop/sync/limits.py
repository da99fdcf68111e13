"""Limits that protect an importer from hostile or broken bundles (settings, with defaults).

Every limit is a store setting (``icati settings set sync.NAME VALUE``); the defaults are
generous for real data and small enough to keep a laptop safe.
"""

from __future__ import annotations

import json

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from icati_desktop.store.settings import set_setting
from icati_desktop.store.tables.core import SettingRow

SYNC_PREFIX = "sync."
MiB = 1024 * 1024
GiB = 1024 * MiB


class SyncLimits(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    max_bundle_bytes: int = Field(2 * GiB, gt=0)
    """Size of the bundle file as received (encrypted or not)."""
    max_entries: int = Field(200_000, gt=0)
    """Files in the archive."""
    max_entry_bytes: int = Field(512 * MiB, gt=0)
    """Uncompressed size of one file (a versions file or an attachment)."""
    max_total_bytes: int = Field(4 * GiB, gt=0)
    """Uncompressed size of all files together."""
    max_compression_ratio: int = Field(200, gt=0)
    """Uncompressed ÷ compressed size of any file larger than 1 MiB."""
    max_line_bytes: int = Field(8 * MiB, gt=0)
    """One version (one JSON line)."""
    max_clock_skew_hours: float = Field(24.0, gt=0)
    """A bundle created further ahead of this device's clock is quarantined."""
    stale_central_days: int = Field(30, gt=0)
    """Central data older than this gives a warning (not a failure)."""
    bundle_lifetime_days: int = Field(365, gt=0)
    """A bundle expires this long after it was made."""


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
