"""Stakeholder meetings (field-authored).

A meeting is one record: its agenda, attendees, barriers, decisions and follow-ups are
written together by the person who ran it, so they version and sync together.

Attendees refer to people by ``person_id`` only; names and contact details stay in the
directory (:class:`~icati_desktop.domain.directory.Person`). Someone who has not
consented to being stored gets no person record: either an attendee entry with role,
institution and sector but no name, or, where even the role would identify them, just
a place in ``anonymous_attendee_count``.

Times: ``start_time`` is the local wall-clock time at the meeting's ``time_zone`` (an
IANA name), not a UTC instant, so a planned meeting keeps its local time if the zone's
rules change before it happens. It is text (``HH:MM``) because the canonical encoding
has no form for a bare time of day.
"""

from __future__ import annotations

from datetime import date, datetime, time
from enum import StrEnum
from functools import cache
from typing import Annotated, ClassVar, Self
from uuid import UUID, uuid4
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from icati_desktop.domain.assessments import Phase
from icati_desktop.domain.base import LongText, Owner, RecordPayload, RecordRef, ShortText
from icati_desktop.domain.continuum import ContinuumStage
from icati_desktop.domain.directory import CountryCode, Sector, require_unique
from icati_desktop.domain.elements import IdList
from icati_desktop.domain.form_rules import DomainCode

_MACHINE_LOCAL_ZONES = frozenset({"localtime", "posixrules", "Factory"})
"""Files some zone databases carry that mean different things on different machines."""


@cache
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def _time_zone(name: str) -> str:
    try:
        if name in _MACHINE_LOCAL_ZONES:
            raise ValueError(name)
        _zone(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise ValueError(
            f"{name!r} is not an IANA time zone name such as 'Africa/Nairobi' or 'America/Bogota'"
        ) from None
    return name


TimeZoneName = Annotated[str, Field(min_length=1, max_length=64), AfterValidator(_time_zone)]
"""An IANA time zone name, checked against the zone database (``tzdata`` on Windows)."""
LocalTime = Annotated[
    str,
    Field(
        pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$",
        description="24-hour local time HH:MM",
    ),
]


class _Part(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class MeetingFormat(StrEnum):
    IN_PERSON = "in_person"
    REMOTE = "remote"
    HYBRID = "hybrid"


class MeetingType(StrEnum):
    STRATEGIC = "strategic"
    """A strategic meeting with government leadership and key stakeholders."""
    TA_SESSION = "ta_session"
    MENTORING_CALL = "mentoring_call"
    TRAINING_WORKSHOP = "training_workshop"
    MAPPING_WORKSHOP = "mapping_workshop"
    """A multi-agency (intercept) mapping workshop."""
    OFFICE_HOURS = "office_hours"
    AFFINITY_GROUP = "affinity_group"
    LEARNING_COMMUNITY = "learning_community"
    NETWORK_MEETING = "network_meeting"


class Confidentiality(StrEnum):
    PUBLIC = "public"
    CONSORTIUM = "consortium"
    """ICATI and its partner organisations."""
    RESTRICTED = "restricted"
    """The author's team and HQ only."""


class BarrierCategory(StrEnum):
    """The challenges the seed names: workforce, administrative and resourcing."""

    WORKFORCE = "workforce"
    ADMINISTRATIVE = "administrative"
    RESOURCING = "resourcing"


class FollowUpStatus(StrEnum):
    OPEN = "open"
    DONE = "done"
    DROPPED = "dropped"


class AgendaItem(_Part):
    id: UUID = Field(default_factory=uuid4)
    """Tells the item apart when two devices edit the agenda (see ``domain/elements.py``)."""
    title: ShortText = Field(min_length=1)
    domain_code: DomainCode | None = None
    """The self-assessment domain the item works on (``D1``…), if any."""
    notes: LongText = ""


class Attendee(_Part):
    id: UUID = Field(default_factory=uuid4)
    person_id: RecordRef | None = None
    """``None`` when the person has not consented to be stored."""
    name: ShortText | None = None
    """The name as written at the meeting; only for people with a person record."""
    role: ShortText = ""
    institution: ShortText = ""
    sector: Sector | None = None
    continuum_stage: ContinuumStage | None = None
    decision_authority: bool = False
    attended: bool = True
    """False for someone invited who did not come."""

    @model_validator(mode="after")
    def _no_name_without_consent(self) -> Self:
        if self.person_id is None and self.name is not None:
            raise ValueError(
                "an attendee without a person record (no consent to be stored) cannot carry a "
                "name: keep only role, institution and sector, or count them as anonymous"
            )
        return self


class Barrier(_Part):
    category: BarrierCategory
    text: LongText = Field(min_length=1)


class FollowUp(_Part):
    id: UUID = Field(default_factory=uuid4)
    action: ShortText = Field(min_length=1)
    owner: ShortText = ""
    due_on: date | None = None
    status: FollowUpStatus = FollowUpStatus.OPEN
    action_item_id: RecordRef | None = None
    """The action-plan item this follow-up became, once it has."""


class Meeting(RecordPayload):
    record_type: ClassVar[str] = "meeting"
    owner: ClassVar[Owner] = Owner.FIELD

    title: ShortText = ""
    country: CountryCode
    subnational_area: ShortText = ""
    held_on: date
    start_time: LocalTime | None = None
    time_zone: TimeZoneName | None = None
    format: MeetingFormat
    meeting_type: MeetingType
    phase: Phase | None = None
    """The country's development phase at the time of the meeting."""
    facilitator: ShortText = ""
    objectives: list[ShortText] = []
    agenda: IdList[AgendaItem] = []
    attendees: IdList[Attendee] = []
    anonymous_attendee_count: Annotated[int, Field(ge=0)] = 0
    """People present who did not consent to any record of them."""
    barriers: list[Barrier] = []
    resources_shared: list[RecordRef] = []
    """Library resources shared at or after the meeting."""
    decisions: list[LongText] = []
    follow_ups: IdList[FollowUp] = []
    next_meeting_on: date | None = None
    confidentiality: Confidentiality = Confidentiality.CONSORTIUM
    notes: LongText = ""

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if self.start_time is not None and self.time_zone is None:
            raise ValueError("a meeting with a start time needs its time zone")
        if self.next_meeting_on is not None and self.next_meeting_on < self.held_on:
            raise ValueError("the next meeting cannot be before this one")
        require_unique([a.person_id for a in self.attendees if a.person_id], "attendee")
        require_unique(self.resources_shared, "resource")
        return self

    @property
    def starts_at(self) -> datetime | None:
        """The start as an aware datetime in the meeting's zone, when both are known."""
        if self.start_time is None or self.time_zone is None:
            return None
        hour, minute = (int(part) for part in self.start_time.split(":"))
        return datetime.combine(self.held_on, time(hour, minute), tzinfo=_zone(self.time_zone))

    @property
    def headcount(self) -> int:
        """Everyone who attended, named, unnamed or anonymous."""
        return sum(1 for a in self.attendees if a.attended) + self.anonymous_attendee_count


RECORD_TYPES: tuple[type[RecordPayload], ...] = (Meeting,)
