"""Meetings, read side: the filtered, sorted list in pages, one meeting, its attendees.

Filtering and sorting happen in SQL: country, type and dates are columns of
``meetings``; attendee sectors, barrier categories and agenda domains are mirrored into
``record_terms``; full text goes through the search index. Only the rows of the page
asked for are read and decoded.

What attendees a screen or an export may show is decided here, once
(:func:`attendee_views`): a person is named only while a consent of theirs is active;
anyone else is a count.
"""

from __future__ import annotations

import json
from datetime import date
from enum import StrEnum
from typing import Any

from pydantic import BaseModel
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from icati_desktop.domain.meetings import Meeting
from icati_desktop.store.search import records_matching
from icati_desktop.store.tables.core import RecordTermRow
from icati_desktop.store.tables.directory import ConsentRow, PersonRow
from icati_desktop.store.tables.field import MeetingRow
from icati_desktop.store.tables.reference import CountryRow


class MeetingSort(StrEnum):
    NEWEST = "newest"
    OLDEST = "oldest"
    COUNTRY = "country"
    TYPE = "type"
    TITLE = "title"


class MeetingFilter(BaseModel):
    country: str | None = None
    meeting_type: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    sector: str | None = None
    """An attendee's sector."""
    barrier: str | None = None
    """A barrier category raised."""
    domain: str | None = None
    """An assessment domain on the agenda."""
    text: str = ""


class MeetingSummary(BaseModel):
    record_id: str
    title: str
    country: str
    country_name: str
    held_on: date
    meeting_type: str
    format: str
    headcount: int
    open_follow_ups: int


class MeetingPage(BaseModel):
    total: int
    rows: list[MeetingSummary]


class AttendeeView(BaseModel):
    """One attendee as a screen or an export may show them."""

    attendee_id: str
    name: str
    """Empty for an attendee recorded without a name."""
    role: str
    institution: str
    sector: str | None
    continuum_stage: str | None
    decision_authority: bool
    attended: bool
    person_id: str | None


class AttendanceView(BaseModel):
    shown: list[AttendeeView]
    without_consent: int
    """People present who are only counted: no consent on record, or none asked."""


def _term(field: str, value: str) -> Any:
    return select(RecordTermRow.record_id).where(
        RecordTermRow.record_type == "meeting",
        RecordTermRow.field == field,
        RecordTermRow.value == value,
    )


def _filtered(session: Session, query: Any, flt: MeetingFilter) -> Any:
    if flt.country:
        query = query.where(MeetingRow.country == flt.country)
    if flt.meeting_type:
        query = query.where(MeetingRow.meeting_type == flt.meeting_type)
    if flt.date_from:
        query = query.where(MeetingRow.held_on >= flt.date_from)
    if flt.date_to:
        query = query.where(MeetingRow.held_on <= flt.date_to)
    for field, value in (
        ("attendees.sector", flt.sector),
        ("barriers.category", flt.barrier),
        ("agenda.domain_code", flt.domain),
    ):
        if value:
            query = query.where(MeetingRow.id.in_(_term(field, value)))
    if flt.text.strip():
        query = query.where(MeetingRow.id.in_(records_matching(session, "meeting", flt.text)))
    return query


def _order(sort: MeetingSort) -> list[Any]:
    newest = [MeetingRow.held_on.desc(), MeetingRow.start_time.desc(), MeetingRow.id]
    orders: dict[MeetingSort, list[Any]] = {
        MeetingSort.NEWEST: newest,
        MeetingSort.OLDEST: [MeetingRow.held_on, MeetingRow.start_time, MeetingRow.id],
        MeetingSort.COUNTRY: [func.coalesce(CountryRow.name, MeetingRow.country), *newest],
        MeetingSort.TYPE: [MeetingRow.meeting_type, *newest],
        MeetingSort.TITLE: [func.lower(MeetingRow.title), *newest],
    }
    return orders[sort]


def _summary(row: MeetingRow, country_name: str | None) -> MeetingSummary:
    data = json.loads(row.data)
    attended = sum(1 for a in data.get("attendees") or [] if a.get("attended", True))
    open_follow_ups = sum(1 for f in data.get("follow_ups") or [] if f.get("status") == "open")
    return MeetingSummary(
        record_id=row.id,
        title=row.title,
        country=row.country,
        country_name=country_name or row.country,
        held_on=row.held_on,
        meeting_type=row.meeting_type,
        format=row.format,
        headcount=attended + row.anonymous_attendee_count,
        open_follow_ups=open_follow_ups,
    )


def query_meetings(
    session: Session,
    flt: MeetingFilter,
    *,
    sort: MeetingSort = MeetingSort.NEWEST,
    offset: int = 0,
    limit: int = 200,
) -> MeetingPage:
    """One page of the meetings that pass ``flt``, in ``sort`` order, and their total."""
    base = _filtered(
        session,
        select(MeetingRow, CountryRow.name).outerjoin(
            CountryRow, CountryRow.alpha3 == MeetingRow.country
        ),
        flt,
    )
    counted = _filtered(session, select(func.count(MeetingRow.id)), flt)  # no join to count
    total = session.scalar(counted) or 0
    rows = session.execute(base.order_by(*_order(sort)).offset(offset).limit(limit))
    return MeetingPage(total=int(total), rows=[_summary(row, name) for row, name in rows])


def meetings_for_export(session: Session, flt: MeetingFilter) -> list[tuple[str, Meeting]]:
    """(id, meeting) of every meeting passing ``flt``, oldest first."""
    query = _filtered(session, select(MeetingRow.id, MeetingRow.data), flt)
    rows = session.execute(query.order_by(*_order(MeetingSort.OLDEST)))
    return [(rid, Meeting.model_validate_json(data)) for rid, data in rows]


def consented_people(session: Session, person_ids: set[str], on: date) -> dict[str, str]:
    """person id → display name, for those of ``person_ids`` with a consent active ``on``."""
    if not person_ids:
        return {}
    active = (
        select(ConsentRow.person_id)
        .where(
            ConsentRow.person_id.in_(person_ids),
            ConsentRow.given.is_(True),
            ConsentRow.decided_on <= on,
        )
        .where((ConsentRow.withdrawn_on.is_(None)) | (ConsentRow.withdrawn_on > on))
    )
    rows = session.execute(
        select(PersonRow.id, PersonRow.display_name).where(PersonRow.id.in_(active))
    )
    return {str(pid): str(name) for pid, name in rows.all()}


def attendee_views(session: Session, meeting: Meeting, today: date) -> AttendanceView:
    """The attendees a screen may show: people whose consent is active today by name,
    people recorded without a name by role; a person whose consent is missing or
    withdrawn is only counted, as are the anonymous attendees."""
    linked = {str(a.person_id) for a in meeting.attendees if a.person_id is not None}
    named = consented_people(session, linked, today)
    shown: list[AttendeeView] = []
    counted = meeting.anonymous_attendee_count
    for attendee in meeting.attendees:
        pid = str(attendee.person_id) if attendee.person_id else None
        if pid is not None and pid not in named:
            counted += 1 if attendee.attended else 0
            continue
        shown.append(
            AttendeeView(
                attendee_id=str(attendee.id),
                name=named.get(pid, "") if pid else "",
                role=attendee.role,
                institution=attendee.institution,
                sector=attendee.sector.value if attendee.sector else None,
                continuum_stage=attendee.continuum_stage.value
                if attendee.continuum_stage
                else None,
                decision_authority=attendee.decision_authority,
                attended=attendee.attended,
                person_id=pid,
            )
        )
    return AttendanceView(shown=shown, without_consent=counted)


class PersonChoice(BaseModel):
    person_id: str
    name: str
    role: str
    institution: str
    sector: str | None


def directory_choices(session: Session, country: str | None, on: date) -> list[PersonChoice]:
    """People of the directory an attendee may be picked from: the country's (or
    everyone's) people whose consent is active ``on``, by name."""
    query = select(PersonRow)
    if country:
        query = query.where(PersonRow.country == country)
    people = list(session.scalars(query.order_by(func.lower(PersonRow.display_name))))
    allowed = consented_people(session, {p.id for p in people}, on)
    return [
        PersonChoice(
            person_id=p.id,
            name=p.display_name,
            role=p.role,
            institution=p.organisation_name,
            sector=p.sector,
        )
        for p in people
        if p.id in allowed
    ]
