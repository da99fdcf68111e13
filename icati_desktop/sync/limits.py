"""Limits that protect an importer from hostile or broken bundles (settings, with defaults).

Every limit is a store setting (``icati settings set sync.NAME VALUE``); the defaults are
generous for real data and small enough to keep a laptop safe.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

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
