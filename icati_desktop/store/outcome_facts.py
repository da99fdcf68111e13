"""Read what the outcome indicators need from the current tables, and compute them.

Each loader reads only the columns its indicators use. Dated activity before the period
is aggregated in SQL (the first day per country and meeting type, assessment, membership),
so the history costs one row per country and type, not one per meeting. Two things are
read per record, both small: the events of the period and before (their participants are
inside the event record) and the domain scores of repeat assessments of the period with
the assessment each one follows (scored by the form's rules).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from icati_desktop.domain.countries import Region
from icati_desktop.domain.indicators import Indicator, OutcomeFacts, Period, compute_indicators
from icati_desktop.domain.indicators.facts import (
    ActionItemFact,
    ActivityFact,
    ConsentFact,
    CountryFact,
    CurriculumFact,
    EventFact,
    FirstActivity,
    InitiativeFact,
    Level,
    MembershipFact,
    RecordLink,
    RosterFact,
    SeriesItemFact,
)
from icati_desktop.store.country_choices import COVERED_STATUSES
from icati_desktop.store.outcome_assessments import assessment_facts
from icati_desktop.store.outcome_events import in_scope, read_events
from icati_desktop.store.store import Store
from icati_desktop.store.tables.core import RecordTermRow
from icati_desktop.store.tables.directory import (
    ConsentRow,
    MembershipRow,
    PersonRow,
    RosterEntryRow,
)
from icati_desktop.store.tables.field import ActionItemRow, AssessmentRow, InitiativeRow, MeetingRow
from icati_desktop.store.tables.reference import CountryRow, CurriculumRow, ResourceRow

SUPPORT_MEETINGS = frozenset(
    {"strategic", "ta_session", "mentoring_call", "training_workshop", "mapping_workshop"}
)
"""Meeting types that are support (TA, strategic meetings, training, mentoring, mapping);
every other meeting is two-way engagement."""
COUNTED_MEMBERSHIPS = ("active", "left")


@dataclass(frozen=True)
class Scope:
    """Which countries the figures cover: all, one region, or one country."""

    region: Region | None = None
    country: str | None = None


def _countries(session: Session, scope: Scope) -> dict[str, CountryFact]:
    query = select(CountryRow.alpha3, CountryRow.region).where(
        CountryRow.status.in_(COVERED_STATUSES)
    )
    if scope.region is not None:
        query = query.where(CountryRow.region == scope.region.value)
    if scope.country is not None:
        query = query.where(CountryRow.alpha3 == scope.country)
    return {code: CountryFact(code, Region(region)) for code, region in session.execute(query)}


def _meeting_level(meeting_type: str) -> Level:
    return Level.SUPPORTED if meeting_type in SUPPORT_MEETINGS else Level.ENGAGED


def _activities(
    session: Session, period: Period, events: Sequence[EventFact]
) -> list[ActivityFact]:
    out: list[ActivityFact] = []
    meetings = select(
        MeetingRow.id, MeetingRow.country, MeetingRow.held_on, MeetingRow.meeting_type
    )
    for record_id, country, day, kind in session.execute(
        meetings.where(MeetingRow.held_on.between(period.start, period.end))
    ):
        out.append(
            ActivityFact(country, day, _meeting_level(kind), RecordLink("meeting", record_id))
        )
    submitted = select(AssessmentRow.id, AssessmentRow.country, AssessmentRow.assessed_on).where(
        AssessmentRow.status == "submitted",
        AssessmentRow.assessed_on.between(period.start, period.end),
    )
    for record_id, country, day in session.execute(submitted):
        out.append(ActivityFact(country, day, Level.ENGAGED, RecordLink("assessment", record_id)))
    joined = select(MembershipRow.id, MembershipRow.country, MembershipRow.joined_on).where(
        MembershipRow.kind == "country",
        MembershipRow.status.in_(COUNTED_MEMBERSHIPS),
        MembershipRow.joined_on.between(period.start, period.end),
    )
    for record_id, member, day in session.execute(joined):
        if member is not None:
            out.append(
                ActivityFact(member, day, Level.REACHED, RecordLink("membership", record_id))
            )
    for event in events:
        if period.contains(event.day):
            for code in {p.country for p in event.participants if p.country}:
                out.append(ActivityFact(code, event.day, Level.ENGAGED, event.record))
    return out


def _first_activities(
    session: Session, period: Period, events: Sequence[EventFact]
) -> list[FirstActivity]:
    first: dict[tuple[str, Level], date] = {}

    def note(country: str | None, level: Level, day: date | None) -> None:
        if country is None or day is None:
            return
        for at_least in Level:
            if at_least <= level and (
                (country, at_least) not in first or day < first[country, at_least]
            ):
                first[country, at_least] = day

    meetings = (
        select(MeetingRow.country, MeetingRow.meeting_type, func.min(MeetingRow.held_on))
        .where(MeetingRow.held_on <= period.end)
        .group_by(MeetingRow.country, MeetingRow.meeting_type)
    )
    for country, kind, day in session.execute(meetings):
        note(country, _meeting_level(kind), day)
    assessments = (
        select(AssessmentRow.country, func.min(AssessmentRow.assessed_on))
        .where(AssessmentRow.status == "submitted", AssessmentRow.assessed_on <= period.end)
        .group_by(AssessmentRow.country)
    )
    for country, day in session.execute(assessments):
        note(country, Level.ENGAGED, day)
    members = (
        select(MembershipRow.country, func.min(MembershipRow.joined_on))
        .where(
            MembershipRow.kind == "country",
            MembershipRow.status.in_(COUNTED_MEMBERSHIPS),
            MembershipRow.joined_on <= period.end,
        )
        .group_by(MembershipRow.country)
    )
    for member, joined_on in session.execute(members):
        note(member, Level.REACHED, joined_on)
    for event in events:
        for participant in event.participants:
            note(participant.country, Level.ENGAGED, event.day)
    return [FirstActivity(c, level, day) for (c, level), day in sorted(first.items())]


def read_outcome_facts(session: Session, period: Period, scope: Scope = Scope()) -> OutcomeFacts:
    countries = _countries(session, scope)
    all_events = read_events(session, None, period.end)
    scoped = scope.region is not None or scope.country is not None
    events = in_scope(all_events, countries) if scoped else all_events
    in_period = [e for e in events if period.contains(e.day)]
    codes = list(countries)

    def of(column: Any) -> Any:
        return column.in_(codes) if scoped else True

    memberships = [
        MembershipFact(RecordLink("membership", i), c or "", j, left, s in COUNTED_MEMBERSHIPS)
        for i, c, j, left, s in session.execute(
            select(
                MembershipRow.id,
                MembershipRow.country,
                MembershipRow.joined_on,
                MembershipRow.left_on,
                MembershipRow.status,
            ).where(MembershipRow.kind == "country", of(MembershipRow.country))
        )
    ]
    consents = [
        ConsentFact(RecordLink("consent", i), p, c, g, d, w)
        for i, p, c, g, d, w in session.execute(
            select(
                ConsentRow.id,
                ConsentRow.person_id,
                PersonRow.country,
                ConsentRow.given,
                ConsentRow.decided_on,
                ConsentRow.withdrawn_on,
            )
            .join(PersonRow, PersonRow.id == ConsentRow.person_id, isouter=True)
            .where(
                ConsentRow.scope == "network_mailings",
                ConsentRow.decided_on <= period.end,
                of(PersonRow.country),
            )
        )
    ]
    rosters = [
        RosterFact(RecordLink("roster_entry", i), r, s, d)
        for i, r, s, d in session.execute(
            select(
                RosterEntryRow.id,
                RosterEntryRow.roster,
                RosterEntryRow.status,
                RosterEntryRow.certified_on,
            )
        )
    ]
    curricula = [
        CurriculumFact(RecordLink("curriculum", i), code, s)
        for i, code, s in session.execute(
            select(CurriculumRow.id, CurriculumRow.code, CurriculumRow.status)
        )
    ]
    initiatives = [
        InitiativeFact(RecordLink("initiative", i), c, s)
        for i, c, s in session.execute(
            select(InitiativeRow.id, InitiativeRow.country, InitiativeRow.status).where(
                of(InitiativeRow.country)
            )
        )
    ]
    items = [
        ActionItemFact(RecordLink("action_item", i), c, due, s, closed)
        for i, c, due, s, closed in session.execute(
            select(
                ActionItemRow.id,
                ActionItemRow.country,
                ActionItemRow.due_on,
                ActionItemRow.status,
                ActionItemRow.closed_on,
            ).where(
                ActionItemRow.due_on.between(period.start, period.end), of(ActionItemRow.country)
            )
        )
    ]
    activities = [a for a in _activities(session, period, in_period) if a.country in countries]
    first = [f for f in _first_activities(session, period, events) if f.country in countries]
    return OutcomeFacts(
        countries=countries,
        activities=activities,
        first_activities=first,
        memberships=memberships,
        assessments=assessment_facts(session, period, codes if scoped else None),
        events=in_period,
        consents=consents,
        rosters=rosters,
        curricula=curricula,
        series_items=_series_items(session),
        initiatives=initiatives,
        action_items=items,
    )


def _series_items(session: Session) -> list[SeriesItemFact]:
    rows = session.execute(
        select(ResourceRow.id, ResourceRow.series).where(
            func.lower(ResourceRow.series).like("%basics%")
        )
    ).all()
    languages: dict[str, list[str]] = {}
    for record_id, value in session.execute(
        select(RecordTermRow.record_id, RecordTermRow.value).where(
            RecordTermRow.record_type == "resource",
            RecordTermRow.field == "languages",
            RecordTermRow.record_id.in_([r for r, _s in rows]),
        )
    ):
        languages.setdefault(record_id, []).append(value)
    return [
        SeriesItemFact(RecordLink("resource", i), s or "", tuple(sorted(languages.get(i, []))))
        for i, s in rows
    ]


def outcome_indicators(
    store: Store, period: Period, scope: Scope = Scope(), baseline: date | None = None
) -> list[Indicator]:
    """Every indicator of the dashboard for the period and scope, from this store."""
    with store.read() as session:
        facts = read_outcome_facts(session, period, scope)
    return compute_indicators(facts, period, baseline, one_country=scope.country is not None)


__all__ = ["Scope", "outcome_indicators", "read_events", "read_outcome_facts"]


def curriculum_names(session: Session) -> dict[str, str]:
    """Curriculum record id → its code ("UTC 81"), to name the rows of people trained."""
    names: dict[str, str] = {}
    for record_id, code in session.execute(select(CurriculumRow.id, CurriculumRow.code)):
        names[record_id] = code
    return names
