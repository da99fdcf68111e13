"""Device scopes: which countries each device works on, and what travels to it.

Two current tables materialise HQ-owned records (see :mod:`icati_desktop.domain.device_scopes`):
``device_scopes`` (one row per device whose countries HQ set) and ``data_removals`` (HQ's
requests to remove countries' records from a device).

Three local tables never travel:

* ``scope_countries`` and ``scope_links`` index every version of the scoped record types
  (:mod:`icati_desktop.domain.scope_rules`): the countries a record ever named, and which
  record travels wherever another one does. They are derived from the version log and
  brought up to date before they are read (``store.scope_index``), so they cost nothing on
  the write path. HQ reads them to choose what a device's central bundle carries; a field
  device reads them to find what a removal takes away.
* ``applied_removals``: on a field device, the removal requests it has carried out.
"""

from __future__ import annotations

from typing import ClassVar

from sqlalchemy import Boolean, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from icati_desktop.store.tables.base import Base, CurrentRow


class DeviceScopeRow(CurrentRow, Base):
    __tablename__ = "device_scopes"
    record_type: ClassVar[str] = "device_scope"

    device_id: Mapped[str] = mapped_column(String(32), index=True)
    all_countries: Mapped[bool] = mapped_column(Boolean)


class DataRemovalRow(CurrentRow, Base):
    __tablename__ = "data_removals"
    record_type: ClassVar[str] = "data_removal"

    device_id: Mapped[str] = mapped_column(String(32), index=True)


class ScopeCountryRow(Base):
    """A scoped record and a country (or pseudo-country) one of its versions named."""

    __tablename__ = "scope_countries"
    __table_args__ = (Index(None, "country", "record_id"),)

    record_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    country: Mapped[str] = mapped_column(String(40), primary_key=True)
    """An ISO alpha-3 code, ``*`` (every device) or ``@<device id>`` (one device)."""


class ScopeLinkRow(Base):
    """``record_id`` travels wherever ``follows_id`` travels."""

    __tablename__ = "scope_links"
    __table_args__ = (Index(None, "follows_id", "record_id"),)

    record_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    follows_id: Mapped[str] = mapped_column(String(36), primary_key=True)


class AppliedRemovalRow(Base):
    """A removal request this device has carried out (its record id), and when."""

    __tablename__ = "applied_removals"

    record_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    applied_at: Mapped[str] = mapped_column(String(40))
