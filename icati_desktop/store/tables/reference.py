"""Current tables of the HQ-owned reference data: countries, library, curricula, forms
and the status of form versions.

Columns follow the convention of :mod:`icati_desktop.store.tables.base`: each is filled
from the payload field of the same name; ``LocalizedText`` fields (``title``) hold the
canonical JSON of the whole text, and ``sort_title`` is projected from the English
title (``title.en``; NULL when a title has no English text, so such rows sort last).

Unique constraints: materialised rows normally carry none, because two devices may
create clashing records concurrently and sync must still converge. These types are
HQ-owned, so only HQ authors them and a clash (two live countries with one alpha-2
code, two records for one form version) is an HQ mistake the materialiser should
refuse loudly. HQ edits the existing record rather than deleting it and creating a
new one with the same code; default content has deterministic ids for that reason.
"""

from __future__ import annotations

from typing import ClassVar

from sqlalchemy import Boolean, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from icati_desktop.store.tables.base import Base, CurrentRow


class CountryRow(CurrentRow, Base):
    __tablename__ = "countries"
    record_type: ClassVar[str] = "country"
    __term_fields__: ClassVar[tuple[str, ...]] = ("groups",)

    alpha2: Mapped[str] = mapped_column(String(2), unique=True)
    alpha3: Mapped[str] = mapped_column(String(3), unique=True)
    m49: Mapped[str] = mapped_column(String(3))
    name: Mapped[str] = mapped_column(String(500))
    region: Mapped[str] = mapped_column(String(16), index=True)
    sub_region: Mapped[str] = mapped_column(String(500))
    intermediate_region: Mapped[str | None] = mapped_column(String(500))
    status: Mapped[str] = mapped_column(String(20))


class ResourceRow(CurrentRow, Base):
    __tablename__ = "resources"
    record_type: ClassVar[str] = "resource"
    __projection__: ClassVar[dict[str, str]] = {"sort_title": "title.en"}
    __term_fields__: ClassVar[tuple[str, ...]] = ("topics", "languages")

    title: Mapped[str] = mapped_column(Text)
    """The ``LocalizedText`` title as canonical JSON."""
    sort_title: Mapped[str | None] = mapped_column(Text)
    resource_type: Mapped[str] = mapped_column(String(32), index=True)
    publisher: Mapped[str] = mapped_column(String(500))
    year: Mapped[int | None] = mapped_column(Integer)
    level: Mapped[str | None] = mapped_column(String(16))
    curriculum_id: Mapped[str | None] = mapped_column(String(36), index=True)
    series: Mapped[str | None] = mapped_column(String(500), index=True)
    series_order: Mapped[int | None] = mapped_column(Integer)
    source_to_confirm: Mapped[bool] = mapped_column(Boolean)


class CurriculumRow(CurrentRow, Base):
    __tablename__ = "curricula"
    record_type: ClassVar[str] = "curriculum"
    __projection__: ClassVar[dict[str, str]] = {"sort_title": "title.en"}
    __term_fields__: ClassVar[tuple[str, ...]] = ("languages",)

    code: Mapped[str] = mapped_column(String(500), unique=True)
    title: Mapped[str] = mapped_column(Text)
    sort_title: Mapped[str | None] = mapped_column(Text)
    provider: Mapped[str] = mapped_column(String(500))
    audience: Mapped[str] = mapped_column(String(500))
    level: Mapped[str | None] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16))
    source_to_confirm: Mapped[bool] = mapped_column(Boolean)


class FormDefinitionRow(CurrentRow, Base):
    __tablename__ = "form_definitions"
    __table_args__ = (UniqueConstraint("form_id", "version"),)
    record_type: ClassVar[str] = "form_definition"

    form_id: Mapped[str] = mapped_column(String(64))
    version: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(Text)
    default_language: Mapped[str] = mapped_column(String(35))


class FormVersionStatusRow(CurrentRow, Base):
    """HQ's decisions about a published form version (retired, edited crosswalk)."""

    __tablename__ = "form_version_status"
    __table_args__ = (UniqueConstraint("form_id", "version"),)
    record_type: ClassVar[str] = "form_version_status"

    form_id: Mapped[str] = mapped_column(String(64))
    version: Mapped[str] = mapped_column(String(32))
    retired: Mapped[bool] = mapped_column(Boolean)
