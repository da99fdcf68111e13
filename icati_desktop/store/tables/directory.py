"""Current tables of the directory (organisations, people, consent) and the network
(events, memberships, mailing lists, rosters).

Columns follow :mod:`icati_desktop.store.tables.base`: each is filled from the payload
field of the same name. Contact details (emails, phones) are deliberately not columns
or terms: they stay inside the ``data`` of a contact record, so there is one place to
find, export or erase them.

``mailing_lists`` mirrors ``subscriber_ids`` into terms so that withdrawing a person's
mailing consent can find every list they are on with one query.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import ClassVar

from sqlalchemy import Boolean, Date, DateTime, Index, Integer, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column

from icati_desktop.store.tables.base import Base, CurrentRow


class OrganisationRow(CurrentRow, Base):
    __tablename__ = "organisations"
    __table_args__ = (Index(None, "country", "sector"),)
    record_type: ClassVar[str] = "organisation"

    name: Mapped[str] = mapped_column(String(500))
    acronym: Mapped[str | None] = mapped_column(String(40))
    country: Mapped[str | None] = mapped_column(String(3))
    sector: Mapped[str] = mapped_column(String(32))
    sub_sector: Mapped[str] = mapped_column(String(500))
    website: Mapped[str | None] = mapped_column(String(2000))


class PersonRow(CurrentRow, Base):
    __tablename__ = "people"
    __table_args__ = (
        Index(None, "country", "sector"),
        # Covers the people list's default order: any page is read from the index alone.
        Index("ix_people_display_name_id", "display_name", "id"),
    )
    record_type: ClassVar[str] = "person"
    __term_fields__: ClassVar[tuple[str, ...]] = ("languages", "stages")

    display_name: Mapped[str] = mapped_column(String(500), index=True)
    given_name: Mapped[str | None] = mapped_column(String(500))
    family_name: Mapped[str | None] = mapped_column(String(500))
    organisation_id: Mapped[str | None] = mapped_column(String(36), index=True)
    organisation_name: Mapped[str] = mapped_column(String(500))
    role: Mapped[str] = mapped_column(String(500))
    sector: Mapped[str | None] = mapped_column(String(32))
    country: Mapped[str | None] = mapped_column(String(3))
    decision_authority: Mapped[bool] = mapped_column(Boolean, server_default=false())


class ContactRow(CurrentRow, Base):
    """A person's contact details; the emails and phones stay in ``data`` only."""

    __tablename__ = "contacts"
    record_type: ClassVar[str] = "contact"

    person_id: Mapped[str] = mapped_column(String(36), index=True)


class ConsentRow(CurrentRow, Base):
    __tablename__ = "consents"
    __table_args__ = (Index(None, "person_id", "scope"),)
    record_type: ClassVar[str] = "consent"

    person_id: Mapped[str] = mapped_column(String(36))
    given: Mapped[bool] = mapped_column(Boolean)
    scope: Mapped[str] = mapped_column(String(32))
    decided_on: Mapped[date] = mapped_column(Date)
    method: Mapped[str] = mapped_column(String(16))
    notice_version: Mapped[str] = mapped_column(String(500))
    withdrawn_on: Mapped[date | None] = mapped_column(Date)
    recorded_by: Mapped[str] = mapped_column(String(500))


class NetworkEventRow(CurrentRow, Base):
    __tablename__ = "events"
    __table_args__ = (Index(None, "kind", "starts_at"),)
    record_type: ClassVar[str] = "event"
    __term_fields__: ClassVar[tuple[str, ...]] = (
        "languages",
        "participants.country",
        "participants.person_id",
    )

    title: Mapped[str] = mapped_column(String(500))
    kind: Mapped[str] = mapped_column(String(32))
    starts_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    """Naive UTC, as every time in a current table."""
    ends_at: Mapped[datetime | None] = mapped_column(DateTime)
    time_zone: Mapped[str] = mapped_column(String(64))
    format: Mapped[str] = mapped_column(String(16))
    location: Mapped[str] = mapped_column(String(500))
    series: Mapped[str] = mapped_column(String(500), index=True)
    curriculum_id: Mapped[str | None] = mapped_column(String(36), index=True)
    registered_count: Mapped[int | None] = mapped_column(Integer)


class MembershipRow(CurrentRow, Base):
    __tablename__ = "memberships"
    __table_args__ = (Index(None, "country", "status"),)
    record_type: ClassVar[str] = "membership"
    __term_fields__: ClassVar[tuple[str, ...]] = ("groups",)

    kind: Mapped[str] = mapped_column(String(16))
    member_id: Mapped[str | None] = mapped_column(String(36), index=True)
    country: Mapped[str | None] = mapped_column(String(3))
    joined_on: Mapped[date] = mapped_column(Date)
    left_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16))


class MailingListRow(CurrentRow, Base):
    __tablename__ = "mailing_lists"
    record_type: ClassVar[str] = "mailing_list"
    __term_fields__: ClassVar[tuple[str, ...]] = ("subscriber_ids", "languages")

    name: Mapped[str] = mapped_column(String(500))
    purpose: Mapped[str] = mapped_column(Text)


class RosterEntryRow(CurrentRow, Base):
    __tablename__ = "roster_entries"
    __table_args__ = (Index(None, "roster", "status"),)
    record_type: ClassVar[str] = "roster_entry"
    __term_fields__: ClassVar[tuple[str, ...]] = (
        "curriculum_ids",
        "certifications.curriculum_id",
        "languages",
        "regions",
        "countries",
        "expertise",
    )

    roster: Mapped[str] = mapped_column(String(16))
    person_id: Mapped[str] = mapped_column(String(36), index=True)
    certified_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16))
    availability: Mapped[str | None] = mapped_column(String(16))


class NetworkGroupRow(CurrentRow, Base):
    """Affinity groups, learning communities and the advisory group; members as terms."""

    __tablename__ = "network_groups"
    __table_args__ = (Index(None, "kind", "name"),)
    record_type: ClassVar[str] = "network_group"
    __term_fields__: ClassVar[tuple[str, ...]] = ("member_ids", "organisation_ids")

    kind: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(500))
    focus: Mapped[str | None] = mapped_column(String(32))
