"""The seed's seven national outcomes of one country, with the evidence the app holds.

1 understanding of ATI effectiveness — its people at webinars and trainings, meetings
  where resources were shared; 2 justice–health–community collaboration — meetings that
  brought at least two of the three systems together; 3 stakeholders engaged along the
  continuum — attendees per stage and per sector; 4 readiness evaluated — assessments
  (first, repeat) and the phase; 5 initiatives — Atlas initiatives per stage and action
  items closed on time; 6 participation in networks — sessions attended by its people;
  7 the resource centre — library resources shared at its meetings.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date as date_type
from decimal import Decimal

from icati_desktop.domain.indicators.facts import (
    ActionItemFact,
    AssessmentFact,
    EventFact,
    InitiativeFact,
    RecordLink,
)
from icati_desktop.domain.indicators.period import Period
from icati_desktop.domain.indicators.phases import assessments_done
from icati_desktop.domain.indicators.resources import action_items_on_time, atlas_by_stage
from icati_desktop.domain.indicators.results import Breakdown, Indicator, Row, Unit, links

SYSTEMS = ("justice", "health", "community")
LEARNING_KINDS = ("webinar", "training")
NATIONAL_KEYS = (
    "effectiveness",
    "collaboration",
    "stakeholders",
    "readiness",
    "initiatives",
    "networks",
    "resource_centre",
)


@dataclass(frozen=True)
class AttendeeFact:
    person_id: str | None
    sector: str | None
    stage: str | None
    attended: bool = True


@dataclass(frozen=True)
class MeetingFact:
    record: RecordLink
    day: date_type
    meeting_type: str
    attendees: tuple[AttendeeFact, ...] = ()
    resources_shared: tuple[str, ...] = ()


@dataclass(frozen=True)
class NationalFacts:
    """One country's records (meetings and events of the period; assessments up to its end)."""

    country: str
    meetings: Sequence[MeetingFact] = ()
    events: Sequence[EventFact] = ()
    assessments: Sequence[AssessmentFact] = ()
    initiatives: Sequence[InitiativeFact] = ()
    action_items: Sequence[ActionItemFact] = ()


def _country_entries(event: EventFact, country: str) -> int:
    return sum(p.count for p in event.participants if p.country == country)


def national_outcomes(facts: NationalFacts, period: Period) -> list[Indicator]:
    """The seven national outcomes, in the seed's order (keys: :data:`NATIONAL_KEYS`)."""
    meetings = [m for m in facts.meetings if period.contains(m.day)]
    events = [
        e for e in facts.events if period.contains(e.day) and _country_entries(e, facts.country)
    ]
    return [
        _effectiveness(meetings, events, facts.country),
        _collaboration(meetings),
        _stakeholders(meetings),
        _readiness(facts.assessments, period),
        _initiatives(facts.initiatives, facts.action_items, period),
        _networks(events, facts.country),
        _resource_centre(meetings),
    ]


def _effectiveness(meetings: list[MeetingFact], events: list[EventFact], country: str) -> Indicator:
    rows = [
        Row(
            key=kind,
            value=Decimal(sum(_country_entries(e, country) for e in events if e.kind == kind)),
            records=links(e.record for e in events if e.kind == kind),
        )
        for kind in LEARNING_KINDS
    ]
    shared = [m for m in meetings if m.resources_shared]
    rows.append(
        Row(
            key="resources_shared",
            value=Decimal(len(shared)),
            records=links(m.record for m in shared),
        )
    )
    return Indicator(
        key="effectiveness",
        value=rows[0].value + rows[1].value,
        unit=Unit.COUNT,
        breakdown=Breakdown.KIND,
        rows=tuple(rows),
        records=links(r for row in rows for r in row.records),
    )


def _sectors(meeting: MeetingFact) -> set[str]:
    return {a.sector for a in meeting.attendees if a.attended and a.sector is not None}


def _collaboration(meetings: list[MeetingFact]) -> Indicator:
    joint = [m for m in meetings if len(_sectors(m) & set(SYSTEMS)) >= 2]
    rows = tuple(
        Row(
            key=sector,
            value=Decimal(sum(1 for m in joint if sector in _sectors(m))),
            records=links(m.record for m in joint if sector in _sectors(m)),
        )
        for sector in SYSTEMS
    )
    return Indicator(
        key="collaboration",
        value=Decimal(len(joint)),
        unit=Unit.COUNT,
        breakdown=Breakdown.SECTOR,
        rows=rows,
        records=links(m.record for m in joint),
    )


def _stakeholders(meetings: list[MeetingFact]) -> Indicator:
    """Stakeholders met, per continuum stage then per sector: a named person once per row,
    each unnamed attendee as one."""
    seen: dict[str, set[str]] = {}
    unnamed: dict[str, int] = {}
    records: dict[str, list[RecordLink]] = {}
    everyone: set[str] = set()
    anonymous = 0
    for meeting in meetings:
        for a in meeting.attendees:
            if not a.attended:
                continue
            if a.person_id is None:
                anonymous += 1
            else:
                everyone.add(a.person_id)
            for key in (
                f"stage:{a.stage}" if a.stage else None,
                f"sector:{a.sector}" if a.sector else None,
            ):
                if key is None:
                    continue
                records.setdefault(key, []).append(meeting.record)
                if a.person_id is None:
                    unnamed[key] = unnamed.get(key, 0) + 1
                else:
                    seen.setdefault(key, set()).add(a.person_id)
    rows = tuple(
        Row(
            key=key,
            value=Decimal(len(seen.get(key, ())) + unnamed.get(key, 0)),
            records=links(records[key]),
        )
        for key in sorted(records, key=lambda k: (not k.startswith("stage:"), k))
    )
    return Indicator(
        key="stakeholders",
        value=Decimal(len(everyone) + anonymous),
        unit=Unit.COUNT,
        breakdown=Breakdown.STAGE,
        rows=rows,
        records=links(m.record for m in meetings if any(a.attended for a in m.attendees)),
    )


def _readiness(assessments: Sequence[AssessmentFact], period: Period) -> Indicator:
    done, _change = assessments_done(assessments, period)
    known = [a for a in sorted(assessments, key=lambda a: a.day) if a.day <= period.end and a.phase]
    phase = known[-1] if known else None
    rows = done.rows + (
        (Row(key="phase", value=Decimal(phase.phase or 0), records=(phase.record,)),)
        if phase
        else ()
    )
    return Indicator(
        key="readiness",
        value=done.value,
        unit=Unit.COUNT,
        breakdown=Breakdown.KIND,
        rows=rows,
        records=done.records,
    )


def _initiatives(
    initiatives: Sequence[InitiativeFact], items: Sequence[ActionItemFact], period: Period
) -> Indicator:
    atlas = atlas_by_stage(initiatives)
    on_time = action_items_on_time(items, period)
    return Indicator(
        key="initiatives",
        value=atlas.value,
        unit=Unit.COUNT,
        breakdown=Breakdown.STAGE,
        rows=atlas.rows
        + tuple(Row(key=f"items:{r.key}", value=r.value, records=r.records) for r in on_time.rows),
        records=atlas.records,
    )


def _networks(events: list[EventFact], country: str) -> Indicator:
    kinds = sorted({e.kind for e in events})
    rows = tuple(
        Row(
            key=kind,
            value=Decimal(sum(_country_entries(e, country) for e in events if e.kind == kind)),
            records=links(e.record for e in events if e.kind == kind),
        )
        for kind in kinds
    )
    return Indicator(
        key="networks",
        value=Decimal(len(events)),
        unit=Unit.COUNT,
        breakdown=Breakdown.KIND,
        rows=rows,
        records=links(e.record for e in events),
    )


def _resource_centre(meetings: list[MeetingFact]) -> Indicator:
    shared: dict[str, list[RecordLink]] = {}
    for meeting in meetings:
        for resource in meeting.resources_shared:
            shared.setdefault(resource, []).append(meeting.record)
    return Indicator(
        key="resource_centre",
        value=Decimal(len(shared)),
        unit=Unit.COUNT,
        breakdown=Breakdown.KIND,
        rows=(),
        records=links(RecordLink("resource", r) for r in shared)
        + links(m for ms in shared.values() for m in ms),
    )
