from __future__ import annotations

from datetime import UTC, date, datetime
from uuid import uuid4

import pytest
from pydantic import ValidationError

from icati_desktop.domain.base import Owner
from icati_desktop.domain.countries import Region
from icati_desktop.domain.network import (
    MailingList,
    Membership,
    NetworkEvent,
    RosterEntry,
    RosterStatus,
)

PERSON = str(uuid4())


def event(**changes: object) -> NetworkEvent:
    fields: dict[str, object] = {
        "title": "ATI Basics 1: What is ATI?",
        "kind": "webinar",
        "starts_at": "2024-09-10T14:00:00Z",
        "ends_at": "2024-09-10T15:30:00Z",
        "time_zone": "America/New_York",
        "format": "remote",
        "series": "ATI Basics",
        "languages": ["en", "es"],
        "registered_count": 140,
        "participants": [
            {"person_id": PERSON, "country": "KEN", "sector": "justice"},
            {"country": "NGA", "sector": "health", "count": 12},
        ],
    }
    return NetworkEvent.model_validate(fields | changes)


def test_all_network_types_are_hq_owned() -> None:
    for model in (NetworkEvent, Membership, MailingList, RosterEntry):
        assert model.owner is Owner.HQ


def test_event_validates() -> None:
    e = event()
    assert e.starts_at == datetime(2024, 9, 10, 14, tzinfo=UTC)
    assert e.attendee_count == 13


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"starts_at": "2024-09-10T14:00:00"}, "time zone"),
        ({"ends_at": "2024-09-10T13:00:00Z"}, "end after it starts"),
        ({"time_zone": "GMT+3 Nairobi"}, "not an IANA time zone name"),
        ({"kind": "seminar"}, "kind"),
        ({"participants": [{"person_id": PERSON, "count": 2}]}, "exactly one attendee"),
        ({"participants": [{"person_id": PERSON}, {"person_id": PERSON}]}, "listed twice"),
        ({"participants": [{"count": 0}]}, "greater than or equal to 1"),
        ({"online_url": "zoom"}, "not a web address"),
    ],
)
def test_event_rejects_bad_input(changes: dict[str, object], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        event(**changes)


def test_memberships() -> None:
    country = Membership.model_validate(
        {"kind": "country", "country": "GHA", "joined_on": "2024-03-20"}
    )
    person = Membership.model_validate(
        {
            "kind": "person",
            "member_id": PERSON,
            "joined_on": "2024-03-20",
            "left_on": "2024-12-31",
            "status": "left",
        }
    )
    assert country.is_member_on(date(2024, 12, 31))
    assert person.is_member_on(date(2024, 12, 30))
    assert not person.is_member_on(date(2024, 12, 31))


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"kind": "country", "joined_on": "2024-01-01"}, "names the country"),
        ({"kind": "organisation", "joined_on": "2024-01-01"}, "needs member_id"),
        (
            {"kind": "country", "country": "GHA", "joined_on": "2024-01-01", "status": "left"},
            "left_on",
        ),
        (
            {
                "kind": "country",
                "country": "GHA",
                "joined_on": "2024-01-01",
                "left_on": "2023-01-01",
                "status": "left",
            },
            "leave before joining",
        ),
    ],
)
def test_membership_rejects_bad_input(fields: dict[str, object], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        Membership.model_validate(fields)


def test_mailing_list_lists_each_subscriber_once() -> None:
    ml = MailingList(name="ICATI network", subscriber_ids=[uuid4()])
    assert len(ml.subscriber_ids) == 1
    with pytest.raises(ValidationError, match="listed twice"):
        MailingList.model_validate({"name": "ICATI network", "subscriber_ids": [PERSON, PERSON]})


def test_roster_entry() -> None:
    entry = RosterEntry.model_validate(
        {
            "roster": "trainer",
            "person_id": PERSON,
            "curriculum_ids": [str(uuid4())],
            "languages": ["fr", "ar"],
            "regions": ["Africa"],
            "certified_on": "2024-11-15",
            "status": "certified",
        }
    )
    assert entry.status is RosterStatus.CERTIFIED
    assert entry.regions == [Region.AFRICA]
    with pytest.raises(ValidationError, match="needs certified_on"):
        RosterEntry.model_validate(
            {"roster": "ta_expert", "person_id": PERSON, "status": "certified"}
        )
    with pytest.raises(ValidationError, match="regions"):
        RosterEntry.model_validate(
            {"roster": "ta_expert", "person_id": PERSON, "regions": ["Antarctica"]}
        )


def test_event_levels_recordings_partners_and_minutes() -> None:
    recording = str(uuid4())
    e = event(level="advanced", recording_id=recording, partner="UNODC")
    assert (e.level, str(e.recording_id), e.partner) == ("advanced", recording, "UNODC")
    assert event(kind="training", level="basic").level == "basic"
    with pytest.raises(ValidationError, match="only webinars and trainings have a level"):
        event(kind="office_hours", level="basic")
    timed = event(participants=[{"person_id": PERSON, "country": "KEN", "minutes": 42}])
    assert timed.participants[0].minutes == 42
    with pytest.raises(ValidationError):
        event(participants=[{"country": "KEN", "minutes": -1}])


def test_an_older_payload_stays_valid_and_shows_local_time() -> None:
    e = event()  # written before level, recording, partner and minutes existed
    assert (e.level, e.recording_id, e.partner) == (None, None, "")
    assert e.local_starts_at.isoformat() == "2024-09-10T10:00:00-04:00"
    assert e.local_ends_at is not None
    assert e.local_ends_at.hour == 11
    assert e.attendance_by_country() == {"KEN": 1, "NGA": 12}
