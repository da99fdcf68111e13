"""Network events, read side: the filtered, sorted list in pages, the upcoming ones,
attendance counts per event and per country.

Filters run in SQL: kind and start are columns of ``events`` (index ``(kind,
starts_at)`` and ``starts_at``); languages and the participants' countries and people
are mirrored into ``record_terms``. Only the rows of the page asked for are decoded.

Times: ``starts_at`` is stored as naive UTC; a date filter (``date_from``/``date_to``)
is a UTC calendar day, and "upcoming" means starting at or after ``now``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from typing import Any

from pydantic import BaseModel
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from icati_desktop.domain.event_series import EventSeries
from icati_desktop.domain.network import NetworkEvent
from icati_desktop.store.paging import OrderKey, PageRequest, count_rows, fetch_page
from icati_desktop.store.store import Store
from icati_desktop.store.tables.core import RecordTermRow
from icati_desktop.store.tables.directory import NetworkEventRow


class EventWhen(StrEnum):
    ALL = "all"
    UPCOMING = "upcoming"
    PAST = "past"


class EventFilter(BaseModel):
    kind: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    """Inclusive, as UTC calendar days of the start."""
    country: str | None = None
    """A participant's country."""
    language: str | None = None
    series: str | None = None
    when: EventWhen = EventWhen.ALL
    now: datetime | None = None
    """The moment "upcoming" and "past" are measured from (UTC; default: the clock)."""


class EventSummary(BaseModel):
    record_id: str
    title: str
    kind: str
    starts_at: datetime
    """Aware, UTC."""
    ends_at: datetime | None
    time_zone: str
    languages: list[str]
    level: str | None
    series: str
    online_url: str | None
    recording_id: str | None
    partner: str
    attendee_count: int


class EventPage(BaseModel):
    total: int
    offset: int
    rows: list[EventSummary]


EVENT_ORDERS = {
    "starts_at": OrderKey(NetworkEventRow.starts_at),
    "kind": OrderKey(NetworkEventRow.kind, ranked=True),
}
"""Orders the list offers; each has an index ending in its tie-break."""


def _naive(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo else moment


def _term(field: str, value: str) -> Any:
    return select(RecordTermRow.record_id).where(
        RecordTermRow.record_type == NetworkEvent.record_type,
        RecordTermRow.field == field,
        RecordTermRow.value == value,
    )


def filtered(query: Any, flt: EventFilter) -> Any:
    """``query`` over ``events`` narrowed to what ``flt`` lets through."""
    row = NetworkEventRow
    if flt.kind:
        query = query.where(row.kind == flt.kind)
    if flt.date_from:
        query = query.where(row.starts_at >= datetime.combine(flt.date_from, time()))
    if flt.date_to:
        end = datetime.combine(flt.date_to + timedelta(days=1), time())
        query = query.where(row.starts_at < end)
    if flt.series:
        query = query.where(row.series == flt.series)
    if flt.when is not EventWhen.ALL:
        now = _naive(flt.now or datetime.now(UTC))
        upcoming = flt.when is EventWhen.UPCOMING
        query = query.where(row.starts_at >= now if upcoming else row.starts_at < now)
    for field, value in (("languages", flt.language), ("participants.country", flt.country)):
        if value:
            query = query.where(row.id.in_(_term(field, value)))
    return query


def summary(record_id: str, data: str) -> EventSummary:
    event = NetworkEvent.model_validate_json(data)
    return EventSummary(
        record_id=record_id,
        title=event.title,
        kind=event.kind.value,
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        time_zone=event.time_zone,
        languages=list(event.languages),
        level=event.level.value if event.level else None,
        series=event.series,
        online_url=event.online_url,
        recording_id=str(event.recording_id) if event.recording_id else None,
        partner=event.partner,
        attendee_count=event.attendee_count,
    )


def query_events(
    session: Session,
    flt: EventFilter,
    request: PageRequest | None = None,
    *,
    total: int | None = None,
) -> EventPage:
    """One page of the events ``flt`` lets through, in ``request``'s order (default:
    soonest first), and their total."""
    request = request or PageRequest("starts_at")
    query = filtered(select(NetworkEventRow.id, NetworkEventRow.data), flt)
    page = fetch_page(
        session,
        query,
        EVENT_ORDERS,
        request,
        total=total,
        tiebreak=(NetworkEventRow.id,),
        within=(NetworkEventRow.starts_at, NetworkEventRow.id),
    )
    rows, total = page.rows, page.total
    return EventPage(
        total=total, offset=request.offset, rows=[summary(rid, data) for rid, data in rows]
    )


def count_events(session: Session, flt: EventFilter) -> int:
    return count_rows(session, filtered(select(NetworkEventRow.id), flt))


def upcoming_events(store: Store, *, today: date, limit: int = 5) -> list[EventSummary]:
    """The next ``limit`` events starting on ``today`` (UTC day) or later, soonest first:
    what Home shows."""
    flt = EventFilter(date_from=today)
    with store.read() as session:
        return query_events(session, flt, PageRequest("starts_at", limit=limit)).rows


def events_for_export(session: Session, flt: EventFilter) -> list[tuple[str, NetworkEvent]]:
    """(id, event) of every event ``flt`` lets through, soonest first."""
    query = filtered(select(NetworkEventRow.id, NetworkEventRow.data), flt)
    rows = session.execute(query.order_by(NetworkEventRow.starts_at, NetworkEventRow.id))
    return [(rid, NetworkEvent.model_validate_json(data)) for rid, data in rows]


class AttendanceCounts(BaseModel):
    """Attendance over a set of events."""

    events: int
    attendees: int
    """Every attendance (a person at two events counts twice)."""
    named_people: int
    """Distinct people recorded by name."""
    by_country: dict[str, int]
    """alpha-3 → attendances; ``""``: country not recorded."""


def attendance_counts(session: Session, flt: EventFilter) -> AttendanceCounts:
    """Attendance per country over the events ``flt`` lets through.

    Participants live inside each event's record, so this reads the filtered events'
    data; callers narrow it with a period (the outcomes of a year are a few dozen
    events)."""
    by_country: dict[str, int] = {}
    people: set[str] = set()
    attendees = events = 0
    query = filtered(select(NetworkEventRow.data), flt)
    for (data,) in session.execute(query):
        events += 1
        for participant in json.loads(data).get("participants") or []:
            count = int(participant.get("count") or 1)
            attendees += count
            country = participant.get("country") or ""
            by_country[country] = by_country.get(country, 0) + count
            if participant.get("person_id"):
                people.add(str(participant["person_id"]))
    return AttendanceCounts(
        events=events, attendees=attendees, named_people=len(people), by_country=by_country
    )


def events_attended(session: Session, person_id: str) -> list[str]:
    """Ids of the events a person attended, soonest first."""
    query = select(NetworkEventRow.id).where(
        NetworkEventRow.id.in_(_term("participants.person_id", person_id))
    )
    return list(session.scalars(query.order_by(NetworkEventRow.starts_at)))


def event_languages(session: Session) -> Sequence[str]:
    """Every language some event is held in, for the list's filter."""
    query = (
        select(RecordTermRow.value)
        .where(RecordTermRow.record_type == NetworkEvent.record_type)
        .where(RecordTermRow.field == "languages")
        .group_by(RecordTermRow.value)
        .order_by(func.min(RecordTermRow.value))
    )
    return [str(v) for v in session.scalars(query)]


class EventAttendee(BaseModel):
    """One line of an event's attendance as a screen may show it."""

    person_id: str | None
    name: str
    """Empty when the person is not named (no active consent, or a count of people)."""
    country: str | None
    count: int
    minutes: int | None


def event_attendees(session: Session, event: NetworkEvent, today: date) -> list[EventAttendee]:
    """The event's participants; a person is named only while a consent of theirs is
    active ``today`` (as for meetings), otherwise they are a line without a name."""
    from icati_desktop.store.meetings import consented_people

    linked = {str(p.person_id) for p in event.participants if p.person_id is not None}
    named = consented_people(session, linked, today)
    return [
        EventAttendee(
            person_id=str(p.person_id) if p.person_id else None,
            name=named.get(str(p.person_id), "") if p.person_id else "",
            country=p.country,
            count=p.count,
            minutes=p.minutes,
        )
        for p in event.participants
    ]


def recording_choices(session: Session, language: str) -> list[tuple[str, str]]:
    """(id, title in ``language`` or English) of the library's webinars, for "recording"."""
    from icati_desktop.store.tables.reference import ResourceRow

    query = select(ResourceRow.id, ResourceRow.title).where(ResourceRow.resource_type == "webinar")
    choices = []
    for record_id, title in session.execute(query.order_by(ResourceRow.sort_title)):
        titles = json.loads(title) if title else {}
        choices.append((str(record_id), str(titles.get(language) or titles.get("en") or "")))
    return choices


def shipped_series() -> list[EventSeries]:
    """The recurring series shipped as default content (monthly network meeting, office
    hours, annual members meeting, ATI Basics webinars 1–4)."""
    from icati_desktop.domain.event_series import load_event_series
    from icati_desktop.store.content import content_dir

    return load_event_series(content_dir())
