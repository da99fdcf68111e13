"""Network events as indicator facts: their participants are inside the event record."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from icati_desktop.domain.indicators.facts import Attendance, EventFact, RecordLink
from icati_desktop.store.tables.directory import NetworkEventRow, PersonRow


def read_events(session: Session, start: date | None, end: date) -> list[EventFact]:
    """Events from ``start`` (None: the first) to ``end``, with their participants; a named
    participant without a country takes the country of their person record."""
    query = select(NetworkEventRow.id, NetworkEventRow.data).where(
        NetworkEventRow.starts_at < datetime.combine(end, time.max)
    )
    if start is not None:
        query = query.where(NetworkEventRow.starts_at >= datetime.combine(start, time.min))
    raw = [(record_id, json.loads(data)) for record_id, data in session.execute(query)]
    missing = {
        p["person_id"]
        for _id, data in raw
        for p in data.get("participants", [])
        if p.get("person_id") and not p.get("country")
    }
    countries: dict[str, str | None] = {}
    if missing:
        people = select(PersonRow.id, PersonRow.country).where(PersonRow.id.in_(missing))
        for person, country in session.execute(people):
            countries[person] = country
    return [_event(record_id, data, countries) for record_id, data in raw]


def _event(record_id: str, data: dict[str, Any], countries: dict[str, str | None]) -> EventFact:
    participants = tuple(
        Attendance(
            person_id=p.get("person_id"),
            country=p.get("country") or countries.get(p.get("person_id") or ""),
            sector=p.get("sector"),
            count=int(p.get("count", 1)),
        )
        for p in data.get("participants", [])
    )
    return EventFact(
        record=RecordLink("event", record_id),
        kind=str(data["kind"]),
        day=datetime.fromisoformat(str(data["starts_at"]).replace("Z", "+00:00")).date(),
        series=str(data.get("series", "")),
        curriculum_id=data.get("curriculum_id"),
        languages=tuple(data.get("languages", [])),
        participants=participants,
    )


def in_scope(events: Iterable[EventFact], countries: Mapping[str, object]) -> list[EventFact]:
    """Events with only the participants of the countries in scope (and the events some
    of them attended)."""
    out = []
    for event in events:
        kept = tuple(p for p in event.participants if p.country in countries)
        if kept or not event.participants:
            out.append(
                EventFact(
                    event.record,
                    event.kind,
                    event.day,
                    event.series,
                    event.curriculum_id,
                    event.languages,
                    kept,
                )
            )
    return out
