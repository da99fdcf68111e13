"""Current tables of the field-authored records: meetings, action plans and items,
assessments and atlas initiatives.

Columns follow :mod:`icati_desktop.store.tables.base`: each is filled from the payload
field of the same name. Nested lists (attendees, agenda, answers, progress notes) stay
in ``data``; only what lists filter, sort or search on is a column.

No unique constraints: any trusted device may create these records concurrently, and
sync must converge whatever they contain. Coordinates of initiatives are not columns:
SQLite has no exact decimal type, so the map reads them from ``data``.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import ClassVar

from sqlalchemy import Date, DateTime, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from icati_desktop.store.tables.base import Base, CurrentRow

SORTED_TEXT = String(500).with_variant(String(500, collation="NOCASE"), "sqlite")
"""Text a table sorts by: case-insensitive on SQLite (PostgreSQL sorts by its collation)."""


class MeetingRow(CurrentRow, Base):
    __tablename__ = "meetings"
    __table_args__ = (Index(None, "country", "held_on"),)
    record_type: ClassVar[str] = "meeting"
    __term_fields__: ClassVar[tuple[str, ...]] = (
        "resources_shared",
        "attendees.sector",
        "barriers.category",
        "agenda.domain_code",
    )

    title: Mapped[str] = mapped_column(String(500))
    country: Mapped[str] = mapped_column(String(3))
    subnational_area: Mapped[str] = mapped_column(String(500))
    held_on: Mapped[date] = mapped_column(Date, index=True)
    start_time: Mapped[str | None] = mapped_column(String(5))
    time_zone: Mapped[str | None] = mapped_column(String(64))
    format: Mapped[str] = mapped_column(String(16))
    meeting_type: Mapped[str] = mapped_column(String(32), index=True)
    phase: Mapped[int | None] = mapped_column(Integer)
    facilitator: Mapped[str] = mapped_column(String(500))
    anonymous_attendee_count: Mapped[int] = mapped_column(Integer)
    next_meeting_on: Mapped[date | None] = mapped_column(Date, index=True)
    confidentiality: Mapped[str] = mapped_column(String(16))


class ActionPlanRow(CurrentRow, Base):
    __tablename__ = "action_plans"
    __table_args__ = (Index(None, "country", "status"),)
    record_type: ClassVar[str] = "action_plan"

    country: Mapped[str] = mapped_column(String(3))
    title: Mapped[str] = mapped_column(String(500))
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16))
    focal_point_person_id: Mapped[str | None] = mapped_column(String(36), index=True)
    assessment_id: Mapped[str | None] = mapped_column(String(36), index=True)


class ActionItemRow(CurrentRow, Base):
    __tablename__ = "action_items"
    # The action-item table's orders (store/action_items.py, ITEM_ORDERS), each served by
    # an index ending in the id, alone and within a country or a plan (migration 0013); a
    # country's open items by status and due date (its overview's list, migration 0018).
    __table_args__ = (
        Index(None, "country", "status", "due_on"),
        Index(None, "status", "due_on"),
        Index("ix_action_items_due_order", "due_on", "id"),
        Index("ix_action_items_title_order", "title", "id"),
        Index("ix_action_items_status_due_order", "status", "due_on", "id"),
        Index("ix_action_items_priority_due_order", "priority", "due_on", "id"),
        Index("ix_action_items_country_due_order", "country", "due_on", "id"),
        Index("ix_action_items_plan_due_order", "action_plan_id", "due_on", "id"),
        Index("ix_action_items_plan_status", "action_plan_id", "status"),
    )
    record_type: ClassVar[str] = "action_item"
    __term_fields__: ClassVar[tuple[str, ...]] = ("continuum_stages",)

    action_plan_id: Mapped[str] = mapped_column(String(36), index=True)
    goal_id: Mapped[str | None] = mapped_column(String(36))
    country: Mapped[str] = mapped_column(String(3))
    title: Mapped[str] = mapped_column(SORTED_TEXT)
    owner_name: Mapped[str] = mapped_column(String(500))
    owner_person_id: Mapped[str | None] = mapped_column(String(36), index=True)
    due_on: Mapped[date | None] = mapped_column(Date, index=True)
    status: Mapped[str] = mapped_column(String(16))
    priority: Mapped[str] = mapped_column(String(16))
    domain_code: Mapped[str | None] = mapped_column(String(8))
    source: Mapped[str] = mapped_column(String(32))
    source_ref: Mapped[str | None] = mapped_column(String(36), index=True)
    closed_on: Mapped[date | None] = mapped_column(Date)


class AssessmentRow(CurrentRow, Base):
    __tablename__ = "assessments"
    __table_args__ = (Index(None, "country", "assessed_on"),)
    record_type: ClassVar[str] = "assessment"
    __projection__: ClassVar[dict[str, str]] = {"override_phase": "phase_override.phase"}
    __term_fields__: ClassVar[tuple[str, ...]] = ("participant_ids",)

    country: Mapped[str] = mapped_column(String(3))
    form_id: Mapped[str] = mapped_column(String(64))
    form_version: Mapped[str] = mapped_column(String(32))
    assessed_on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), index=True)
    computed_phase: Mapped[int | None] = mapped_column(Integer)
    override_phase: Mapped[int | None] = mapped_column(Integer)
    """The override, if any: the phase shown is ``COALESCE(override_phase, computed_phase)``."""
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime)
    """Naive UTC, as every time in a current table."""
    supersedes: Mapped[str | None] = mapped_column(String(36), index=True)


class InitiativeRow(CurrentRow, Base):
    __tablename__ = "initiatives"
    # The Atlas table's orders, each served by an index (store/atlas.py, INITIATIVE_ORDERS):
    # by name, and by name within a country, a model or a status; by start year. The pairs
    # count a ranked order's groups under a filter from the index alone (store/paging.py).
    __table_args__ = (
        Index(None, "country", "status"),
        Index(None, "country", "model"),
        Index(None, "model", "status"),
        Index(None, "status", "model"),
        Index("ix_initiatives_name_order", "name", "id"),
        Index("ix_initiatives_country_name_order", "country", "name", "id"),
        Index("ix_initiatives_model_name_order", "model", "name", "id"),
        Index("ix_initiatives_status_name_order", "status", "name", "id"),
        Index("ix_initiatives_start_year_order", "start_year", "id"),
    )
    record_type: ClassVar[str] = "initiative"
    __term_fields__: ClassVar[tuple[str, ...]] = ("continuum_stages",)

    country: Mapped[str] = mapped_column(String(3))
    subnational_area: Mapped[str] = mapped_column(String(500))
    name: Mapped[str] = mapped_column(SORTED_TEXT)
    description: Mapped[str] = mapped_column(Text)
    model: Mapped[str] = mapped_column(String(32), index=True)
    status: Mapped[str] = mapped_column(String(16))
    start_year: Mapped[int | None] = mapped_column(Integer)
    lead_organisation: Mapped[str] = mapped_column(String(500))
    lead_organisation_id: Mapped[str | None] = mapped_column(String(36), index=True)
    contact_person_id: Mapped[str | None] = mapped_column(String(36), index=True)
    verified_on: Mapped[date | None] = mapped_column(Date)
