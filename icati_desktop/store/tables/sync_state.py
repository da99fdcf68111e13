"""Per-device sync state: trusted keys, bundle history, acknowledgements, sequences.

These tables are local to one store and never travel as versions: they record what
*this* device trusts and has exchanged.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from icati_desktop.store.tables.base import Base


class TrustedDeviceRow(Base):
    """A device whose bundles this store accepts (or has revoked)."""

    __tablename__ = "trusted_devices"

    device_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    role: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(200))
    signing_key: Mapped[str] = mapped_column(String(100))
    """Ed25519 public key, base64."""
    age_recipient: Mapped[str] = mapped_column(String(200))
    card: Mapped[str] = mapped_column(Text)
    """The identity card as received (canonical JSON)."""
    source: Mapped[str] = mapped_column(String(16))
    """``local`` (trusted here by a person) or ``central`` (listed by HQ)."""
    added_at: Mapped[str] = mapped_column(String(40))
    revoked_at: Mapped[str | None] = mapped_column(String(40), nullable=True)


class BundleLogRow(Base):
    """Every bundle exported or imported (rejected ones change nothing and are not kept)."""

    __tablename__ = "bundle_log"

    bundle_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    direction: Mapped[str] = mapped_column(String(8))
    kind: Mapped[str] = mapped_column(String(8))
    source_device_id: Mapped[str] = mapped_column(String(64))
    source_name: Mapped[str] = mapped_column(String(200))
    sequence: Mapped[int] = mapped_column(BigInteger)
    manifest_sha256: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[str] = mapped_column(String(40))
    processed_at: Mapped[str] = mapped_column(String(40))
    file_name: Mapped[str] = mapped_column(String(500))
    summary: Mapped[str] = mapped_column(Text)
    """JSON: versions, counts per type, changes, warnings."""


class AckRow(Base):
    """Acknowledgements: everything ``device_id`` authored up to this clock is at HQ.

    On HQ: one row per enrolled device, advanced by each imported field bundle. On a
    field device: its own row, taken from the newest accepted central bundle.
    """

    __tablename__ = "acks"

    device_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    hlc_ms: Mapped[int] = mapped_column(BigInteger)
    hlc_counter: Mapped[int] = mapped_column(Integer)


class SyncSourceRow(Base):
    """The newest bundle accepted from each source, for rollback and chain checks."""

    __tablename__ = "sync_sources"

    device_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    last_sequence: Mapped[int] = mapped_column(BigInteger)
    last_manifest_sha256: Mapped[str] = mapped_column(String(64))
    last_created_at: Mapped[str] = mapped_column(String(40))
    central: Mapped[bool] = mapped_column(Boolean)
