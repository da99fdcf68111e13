"""What the indicators are computed from: plain, typed facts read from the store.

The store-side loaders (``store/outcomes.py``) build these; tests build them by hand.
Every fact names the record it comes from (:class:`RecordLink`), so a figure can list the
records behind it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import IntEnum

from icati_desktop.domain.countries import Region, country_record_id


@dataclass(frozen=True, order=True)
class RecordLink:
    record_type: str
    record_id: str


class Level(IntEnum):
    """How far a contact with a country went: the reached / engaged / supported funnel."""

    REACHED = 1
    """Any contact (e.g. it became a member)."""
    ENGAGED = 2
    """Two-way activity: a meeting, an assessment, its people at a network event."""
    SUPPORTED = 3
    """Technical assistance or a strategic meeting (training, mentoring, mapping too)."""


@dataclass(frozen=True)
class CountryFact:
    alpha3: str
    region: Region

    @property
    def record(self) -> RecordLink:
        return RecordLink("country", str(country_record_id(self.alpha3)))


@dataclass(frozen=True)
class ActivityFact:
    """One dated contact with a country, at a level of the funnel."""

    country: str
    day: date
    level: Level
    record: RecordLink


@dataclass(frozen=True)
class FirstActivity:
    """The first day a country had an activity of at least a level (aggregated in SQL)."""

    country: str
    level: Level
    day: date


@dataclass(frozen=True)
class MembershipFact:
    record: RecordLink
    country: str
    joined_on: date
    left_on: date | None
    counts: bool
    """False while pending or suspended: such a membership counts on no day."""

    def member_on(self, day: date) -> bool:
        return (
            self.counts and self.joined_on <= day and (self.left_on is None or day < self.left_on)
        )


@dataclass(frozen=True)
class AssessmentFact:
    """A submitted assessment that no correction superseded."""

    record: RecordLink
    country: str
    day: date
    phase: int | None
    domain_scores: Mapping[str, Decimal | None] = field(default_factory=dict)


@dataclass(frozen=True)
class Attendance:
    """One named person (``count`` 1) or unnamed attendees counted together."""

    person_id: str | None
    country: str | None
    sector: str | None
    count: int = 1


@dataclass(frozen=True)
class EventFact:
    record: RecordLink
    kind: str
    day: date
    series: str = ""
    curriculum_id: str | None = None
    languages: tuple[str, ...] = ()
    participants: tuple[Attendance, ...] = ()


@dataclass(frozen=True)
class ConsentFact:
    """A network-mailings consent of a person."""

    record: RecordLink
    person_id: str
    country: str | None
    given: bool
    decided_on: date
    withdrawn_on: date | None

    def active_on(self, day: date) -> bool:
        return (
            self.given
            and self.decided_on <= day
            and (self.withdrawn_on is None or day < self.withdrawn_on)
        )


@dataclass(frozen=True)
class RosterFact:
    record: RecordLink
    roster: str
    status: str
    certified_on: date | None


@dataclass(frozen=True)
class CurriculumFact:
    record: RecordLink
    code: str
    status: str


@dataclass(frozen=True)
class SeriesItemFact:
    """A recorded session or written brief of a series (a library resource)."""

    record: RecordLink
    series: str
    languages: tuple[str, ...]


@dataclass(frozen=True)
class InitiativeFact:
    record: RecordLink
    country: str
    status: str


@dataclass(frozen=True)
class ActionItemFact:
    record: RecordLink
    country: str
    due_on: date | None
    status: str
    closed_on: date | None


@dataclass(frozen=True)
class OutcomeFacts:
    """Everything the global indicators read, for one period."""

    countries: Mapping[str, CountryFact]
    activities: Sequence[ActivityFact] = ()
    """Activities within the period."""
    first_activities: Sequence[FirstActivity] = ()
    """Per country and level, the first activity day (up to the period end)."""
    memberships: Sequence[MembershipFact] = ()
    assessments: Sequence[AssessmentFact] = ()
    """Every submitted assessment up to the period end (phases need the earlier ones)."""
    events: Sequence[EventFact] = ()
    """Events within the period."""
    consents: Sequence[ConsentFact] = ()
    rosters: Sequence[RosterFact] = ()
    curricula: Sequence[CurriculumFact] = ()
    series_items: Sequence[SeriesItemFact] = ()
    initiatives: Sequence[InitiativeFact] = ()
    action_items: Sequence[ActionItemFact] = ()
    """Action items due within the period."""


def first_activities(activities: Sequence[ActivityFact]) -> list[FirstActivity]:
    """What the loader aggregates in SQL, computed in Python (tests, small data)."""
    first: dict[tuple[str, Level], date] = {}
    for activity in activities:
        for level in Level:
            if level <= activity.level:
                key = (activity.country, level)
                if key not in first or activity.day < first[key]:
                    first[key] = activity.day
    return [FirstActivity(country, level, day) for (country, level), day in sorted(first.items())]
