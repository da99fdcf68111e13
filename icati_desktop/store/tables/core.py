"""The versioned core: immutable versions, their parent links, leaves and record state."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column

from icati_desktop.store.tables.base import Base, BigInt


class VersionRow(Base):
    """One immutable version. Rows are only ever inserted, except by an erasure, which
    redacts the versions of the erased record (:mod:`icati_desktop.store.erasure`) and
    scrubs the erased person from meeting versions (:mod:`.attendee_erasure`)."""

    __tablename__ = "versions"
    __table_args__ = (
        Index(None, "record_type", "record_id", "hlc_ms", "hlc_counter"),
        Index("ix_versions_hlc", "hlc_ms", "hlc_counter"),
    )
    """Per-type reads in bundle order: an export reads one type's versions, or one
    device's share of them, without scanning the others. Clock order across records: the
    audit export reads a period through ``ix_versions_hlc``."""

    seq: Mapped[int] = mapped_column(BigInt, primary_key=True, autoincrement=True)
    """Local arrival order (not synced): lets export find what is new since a point."""
    version_id: Mapped[str] = mapped_column(String(64), unique=True)
    record_type: Mapped[str] = mapped_column(String(64))
    record_id: Mapped[str] = mapped_column(String(36), index=True)
    parents: Mapped[str] = mapped_column(Text)
    """Sorted parent version ids as a JSON array (the canonical form)."""
    hlc_ms: Mapped[int] = mapped_column(BigInteger)
    hlc_counter: Mapped[int] = mapped_column(Integer)
    origin: Mapped[str] = mapped_column(String(64), index=True)
    deleted: Mapped[bool] = mapped_column(Boolean)
    payload: Mapped[str] = mapped_column(Text)
    """Canonical payload JSON (``null`` for a tombstone)."""
    redacted: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    """Erased: its content is gone (``deleted`` true, payload ``null``); only its id,
    record, parents, clock and origin remain — or, for a meeting version, an erased
    attendee's name, role and institution are gone. Its id cannot be checked against its
    content and it never travels in a bundle."""


class VersionParentRow(Base):
    """Parent links, indexed both ways, so leaves are one anti-join away."""

    __tablename__ = "version_parents"
    __table_args__ = (Index(None, "parent_id"),)

    version_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("versions.version_id", ondelete="CASCADE"), primary_key=True
    )
    parent_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    """Not a foreign key: a child may arrive before its parent."""


class RecordRow(Base):
    """Derived state of one record: its winning version and how many leaves it has."""

    __tablename__ = "records"
    __table_args__ = (Index(None, "record_type", "leaf_count"),)

    record_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    record_type: Mapped[str] = mapped_column(String(64))
    winner_version_id: Mapped[str] = mapped_column(String(64), ForeignKey("versions.version_id"))
    deleted: Mapped[bool] = mapped_column(Boolean)
    leaf_count: Mapped[int] = mapped_column(Integer)
    in_conflict: Mapped[bool] = mapped_column(Boolean)


class RecordLeafRow(Base):
    """The current leaves of each record (versions nobody names as a parent)."""

    __tablename__ = "record_leaves"

    record_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("records.record_id", ondelete="CASCADE"), primary_key=True
    )
    version_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("versions.version_id"), primary_key=True
    )


class RecordTermRow(Base):
    """Multi-valued payload fields (topics, languages, stages) of live records."""

    __tablename__ = "record_terms"
    __table_args__ = (Index(None, "record_type", "field", "value"),)

    record_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    field: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(String(200), primary_key=True)
    record_type: Mapped[str] = mapped_column(String(64))


class DeviceRow(Base):
    """This store's own device: identity, role and the persisted clock (one row)."""

    __tablename__ = "device"
    __table_args__ = (CheckConstraint("slot = 1", name="single_row"),)

    slot: Mapped[int] = mapped_column(Integer, primary_key=True, default=1)
    device_id: Mapped[str] = mapped_column(String(64))
    role: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[str] = mapped_column(String(40))
    hlc_ms: Mapped[int] = mapped_column(BigInteger)
    hlc_counter: Mapped[int] = mapped_column(Integer)


class SettingRow(Base):
    """Store-level settings and facts (content release loaded, sync limits…)."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
