"""One country's seven national outcomes, read from the current tables of this store."""

from __future__ import annotations

import json

from sqlalchemy import select
from sqlalchemy.orm import Session

from icati_desktop.domain.indicators import Indicator, Period
from icati_desktop.domain.indicators.facts import ActionItemFact, InitiativeFact, RecordLink
from icati_desktop.domain.indicators.national import (
    AttendeeFact,
    MeetingFact,
    NationalFacts,
    national_outcomes,
)
from icati_desktop.store.outcome_assessments import assessment_facts
from icati_desktop.store.outcome_events import read_events
from icati_desktop.store.store import Store
from icati_desktop.store.tables.field import ActionItemRow, InitiativeRow, MeetingRow


def _meetings(session: Session, country: str, period: Period) -> list[MeetingFact]:
    query = select(
        MeetingRow.id, MeetingRow.held_on, MeetingRow.meeting_type, MeetingRow.data
    ).where(MeetingRow.country == country, MeetingRow.held_on.between(period.start, period.end))
    out = []
    for record_id, day, kind, data in session.execute(query):
        payload = json.loads(data)
        attendees = tuple(
            AttendeeFact(
                a.get("person_id"),
                a.get("sector"),
                a.get("continuum_stage"),
                bool(a.get("attended", True)),
            )
            for a in payload.get("attendees", [])
        )
        shared = tuple(str(r) for r in payload.get("resources_shared", []))
        out.append(MeetingFact(RecordLink("meeting", record_id), day, kind, attendees, shared))
    return out


def read_national_facts(session: Session, country: str, period: Period) -> NationalFacts:
    initiatives = select(InitiativeRow.id, InitiativeRow.status).where(
        InitiativeRow.country == country
    )
    items = select(
        ActionItemRow.id, ActionItemRow.due_on, ActionItemRow.status, ActionItemRow.closed_on
    ).where(
        ActionItemRow.country == country, ActionItemRow.due_on.between(period.start, period.end)
    )
    return NationalFacts(
        country=country,
        meetings=_meetings(session, country, period),
        events=read_events(session, period.start, period.end),
        assessments=assessment_facts(session, period, [country]),
        initiatives=[
            InitiativeFact(RecordLink("initiative", i), country, s)
            for i, s in session.execute(initiatives)
        ],
        action_items=[
            ActionItemFact(RecordLink("action_item", i), country, due, s, closed)
            for i, due, s, closed in session.execute(items)
        ],
    )


def national_outcome_indicators(store: Store, country: str, period: Period) -> list[Indicator]:
    """The seed's seven national outcomes of ``country`` (ISO alpha-3) in the period."""
    with store.read() as session:
        facts = read_national_facts(session, country, period)
    return national_outcomes(facts, period)
