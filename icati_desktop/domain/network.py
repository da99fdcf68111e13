"""The ICATI network: events, memberships, the mailing lists and the expert rosters.

All four are HQ-owned: HQ runs the webinars and network meetings, keeps the member
register and the lists, and certifies trainers and TA experts. Each refers to people by
``person_id`` only; contact details stay on the person record.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Annotated, ClassVar, Self
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, Field, model_validator

from icati_desktop.domain.base import (
    LongText,
    Owner,
    RecordPayload,
    RecordRef,
    ShortText,
    UtcDatetime,
)
from icati_desktop.domain.countries import Region
from icati_desktop.domain.directory import CountryCode, Sector, WebUrl, require_unique
from icati_desktop.domain.ids import LanguageCode
from icati_desktop.domain.library import Level
from icati_desktop.domain.meetings import MeetingFormat, TimeZoneName
from icati_desktop.domain.network_groups import (
    Availability,
    Certification,
    Expertise,
    NetworkGroup,
)


class _Part(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class EventKind(StrEnum):
    WEBINAR = "webinar"
    NETWORK_MEETING = "network_meeting"
    LEARNING_COMMUNITY = "learning_community"
    AFFINITY_GROUP = "affinity_group"
    OFFICE_HOURS = "office_hours"
    ANNUAL_MEMBERS_MEETING = "annual_members_meeting"
    TRAINING = "training"
    CONFERENCE = "conference"
    TA_OPPORTUNITY = "ta_opportunity"
    """Training or technical assistance offered by a partner organisation."""


LEVELLED_KINDS = frozenset({EventKind.WEBINAR, EventKind.TRAINING})


class EventParticipant(_Part):
    """One participant, or a group of unnamed ones counted together.

    With a ``person_id`` the entry is one known person (``count`` is 1), which is what
    "unique participants" and "retention" are computed from. Without it the entry
    counts people who did not consent to being named, by country and sector.
    """

    person_id: RecordRef | None = None
    country: CountryCode | None = None
    sector: Sector | None = None
    count: Annotated[int, Field(ge=1)] = 1
    minutes: Annotated[int, Field(ge=0)] | None = None
    """Minutes attended, when the host's attendance report gives them."""

    @model_validator(mode="after")
    def _one_known_person(self) -> Self:
        if self.person_id is not None and self.count != 1:
            raise ValueError("an entry for a named person counts exactly one attendee")
        return self


class NetworkEvent(RecordPayload):
    """A webinar, network meeting, training… run or co-run by ICATI."""

    record_type: ClassVar[str] = "event"
    owner: ClassVar[Owner] = Owner.HQ

    title: ShortText = Field(min_length=1)
    kind: EventKind
    starts_at: UtcDatetime
    ends_at: UtcDatetime | None = None
    time_zone: TimeZoneName
    """The organiser's zone, used to show the local time the event was announced in."""
    format: MeetingFormat
    location: ShortText = ""
    online_url: WebUrl | None = None
    series: ShortText = ""
    """E.g. "ATI Basics"; sessions of a series share it."""
    curriculum_id: RecordRef | None = None
    """For trainings: the curriculum taught ("people trained per curriculum")."""
    languages: list[LanguageCode] = []
    description: LongText = ""
    registered_count: Annotated[int, Field(ge=0)] | None = None
    participants: list[EventParticipant] = []
    """The people who attended."""
    level: Level | None = None
    """For webinars: basic, intermediate or advanced."""
    recording_id: RecordRef | None = None
    """The library resource holding the recording (a recorded webinar)."""
    partner: ShortText = ""
    """The organisation that organises or offers it (TA opportunities, co-run events)."""

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if self.ends_at is not None and self.ends_at <= self.starts_at:
            raise ValueError("the event must end after it starts")
        require_unique([p.person_id for p in self.participants if p.person_id], "participant")
        require_unique(self.languages, "language")
        if self.level is not None and self.kind not in LEVELLED_KINDS:
            raise ValueError("only webinars and trainings have a level")
        return self

    @property
    def attendee_count(self) -> int:
        return sum(p.count for p in self.participants)

    @property
    def local_starts_at(self) -> datetime:
        """The start as announced: in the event's own time zone."""
        return self.starts_at.astimezone(ZoneInfo(self.time_zone))

    @property
    def local_ends_at(self) -> datetime | None:
        return None if self.ends_at is None else self.ends_at.astimezone(ZoneInfo(self.time_zone))

    def attendance_by_country(self) -> dict[str | None, int]:
        """Attendees per country (``None``: country not recorded)."""
        counts: dict[str | None, int] = {}
        for participant in self.participants:
            counts[participant.country] = counts.get(participant.country, 0) + participant.count
        return counts


class MemberKind(StrEnum):
    COUNTRY = "country"
    ORGANISATION = "organisation"
    PERSON = "person"


class MembershipStatus(StrEnum):
    PENDING = "pending"
    ACTIVE = "active"
    SUSPENDED = "suspended"
    LEFT = "left"


class Membership(RecordPayload):
    """A country, organisation or person in the ICATI membership.

    ``country`` is always the member's country (the member itself when ``kind`` is
    ``country``), so "members per region" needs no join; ``member_id`` names the
    organisation or person record and is empty for a country.
    """

    record_type: ClassVar[str] = "membership"
    owner: ClassVar[Owner] = Owner.HQ

    kind: MemberKind
    member_id: RecordRef | None = None
    country: CountryCode | None = None
    joined_on: date
    left_on: date | None = None
    status: MembershipStatus = MembershipStatus.ACTIVE
    groups: list[Annotated[str, Field(min_length=1, max_length=100)]] = []
    """Tags such as "AU" or "ISSUP chapter" (a national chapter of ISSUP)."""
    notes: LongText = ""

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if self.kind is MemberKind.COUNTRY:
            if self.country is None or self.member_id is not None:
                raise ValueError("a country membership names the country and no member_id")
        elif self.member_id is None:
            raise ValueError(f"an {self.kind.value} membership needs member_id")
        if (self.status is MembershipStatus.LEFT) != (self.left_on is not None):
            raise ValueError("left_on is set exactly when the status is 'left'")
        if self.left_on is not None and self.left_on < self.joined_on:
            raise ValueError("a member cannot leave before joining")
        require_unique(self.groups, "group tag")
        return self

    def is_member_on(self, day: date) -> bool:
        """Whether the member counts on a day ("members at period end")."""
        if self.status in (MembershipStatus.PENDING, MembershipStatus.SUSPENDED):
            return False
        return self.joined_on <= day and (self.left_on is None or day < self.left_on)


class MailingList(RecordPayload):
    """An email distribution list.

    Only people with an active ``network_mailings`` consent may be subscribed. The
    model cannot check that (consent is another record), so the mailing-list service
    enforces it when a subscriber is added, and drops subscribers whose consent is
    withdrawn; exports of addresses go through the same check.
    """

    record_type: ClassVar[str] = "mailing_list"
    owner: ClassVar[Owner] = Owner.HQ

    name: ShortText = Field(min_length=1)
    purpose: LongText = ""
    languages: list[LanguageCode] = []
    subscriber_ids: list[RecordRef] = []

    @model_validator(mode="after")
    def _distinct(self) -> Self:
        require_unique(self.subscriber_ids, "subscriber")
        return self


class RosterKind(StrEnum):
    TRAINER = "trainer"
    """ATI Global Trainer."""
    TA_EXPERT = "ta_expert"
    """ATI Technical Assistance Global Expert."""


class RosterStatus(StrEnum):
    IN_TRAINING = "in_training"
    CERTIFIED = "certified"
    INACTIVE = "inactive"


class RosterEntry(RecordPayload):
    record_type: ClassVar[str] = "roster_entry"
    owner: ClassVar[Owner] = Owner.HQ

    roster: RosterKind
    person_id: RecordRef
    curriculum_ids: list[RecordRef] = []
    """The curricula the person is certified to deliver (older entries: without dates)."""
    certifications: list[Certification] = []
    """The curricula the person is certified on, each with its day."""
    languages: list[LanguageCode] = []
    regions: list[Region] = []
    countries: list[CountryCode] = []
    """Countries the person knows from work there (a TA expert's experience)."""
    expertise: list[Expertise] = []
    availability: Availability | None = None
    """``None``: not stated."""
    certified_on: date | None = None
    status: RosterStatus = RosterStatus.IN_TRAINING
    notes: LongText = ""

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if self.status is RosterStatus.CERTIFIED and self.certified_on is None:
            raise ValueError("a certified roster entry needs certified_on")
        require_unique(self.curriculum_ids, "curriculum")
        require_unique([c.curriculum_id for c in self.certifications], "certified curriculum")
        require_unique(self.languages, "language")
        require_unique(self.regions, "region")
        require_unique(self.countries, "country")
        require_unique(self.expertise, "expertise")
        return self

    def certified_curricula(self) -> dict[str, date | None]:
        """curriculum id → the day certified (``None`` where an older entry gave no day)."""
        found: dict[str, date | None] = {str(c): self.certified_on for c in self.curriculum_ids}
        found.update({str(c.curriculum_id): c.certified_on for c in self.certifications})
        return found


RECORD_TYPES: tuple[type[RecordPayload], ...] = (
    NetworkEvent,
    Membership,
    MailingList,
    RosterEntry,
    NetworkGroup,
)


def utc_from_local(local: datetime, zone: str) -> datetime:
    """A wall-clock time in ``zone`` (as an organiser announces it) as UTC."""
    return local.replace(tzinfo=ZoneInfo(zone)).astimezone(UTC)
