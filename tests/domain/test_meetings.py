from __future__ import annotations

import json
from datetime import datetime
from uuid import uuid4
from zoneinfo import ZoneInfo

import pytest
from pydantic import ValidationError

from icati_desktop.domain.base import Owner
from icati_desktop.domain.meetings import Meeting, MeetingType
from icati_desktop.versioning.canonical import canonical_json

PERSON = str(uuid4())


def meeting(**changes: object) -> Meeting:
    fields: dict[str, object] = {
        "title": "Steering committee kick-off",
        "country": "KEN",
        "subnational_area": "Nairobi County",
        "held_on": "2024-05-02",
        "start_time": "09:30",
        "time_zone": "Africa/Nairobi",
        "format": "hybrid",
        "meeting_type": "strategic",
        "phase": 2,
        "facilitator": "ICATI TA expert",
        "objectives": ["Agree the ATI steering committee's terms of reference"],
        "agenda": [
            {"title": "Legal options for diversion", "domain_code": "D1"},
            {
                "title": "Screening at first contact",
                "domain_code": "D4",
                "notes": "Pilot in Kibera",
            },
        ],
        "attendees": [
            {
                "person_id": PERSON,
                "name": "Hon. Justice A. Otieno",
                "role": "Judge",
                "institution": "High Court",
                "sector": "justice",
                "continuum_stage": "court",
                "decision_authority": True,
            },
            {"role": "Probation officer", "institution": "Probation Service", "sector": "justice"},
        ],
        "anonymous_attendee_count": 3,
        "barriers": [{"category": "workforce", "text": "No trained case managers"}],
        "resources_shared": [str(uuid4())],
        "decisions": ["Form a steering committee"],
        "follow_ups": [
            {"action": "Draft terms of reference", "owner": "MoH", "due_on": "2024-06-01"}
        ],
        "next_meeting_on": "2024-06-06",
        "confidentiality": "consortium",
    }
    return Meeting.model_validate(fields | changes)


def test_meeting_validates() -> None:
    m = meeting()
    assert Meeting.owner is Owner.FIELD
    assert m.meeting_type is MeetingType.STRATEGIC
    assert m.headcount == 5
    assert m.starts_at == datetime(2024, 5, 2, 9, 30, tzinfo=ZoneInfo("Africa/Nairobi"))


def test_meeting_survives_the_canonical_round_trip() -> None:
    m = meeting()
    text = canonical_json(m.model_dump())
    again = Meeting.model_validate(json.loads(text))
    assert again == m
    assert canonical_json(again.model_dump()) == text


@pytest.mark.parametrize(
    "zone", ["Nairobi", "EAT", "Africa/Nairobbi", "Europe", "/etc/passwd", "localtime"]
)
def test_bad_time_zones_are_refused(zone: str) -> None:
    with pytest.raises(ValidationError, match="not an IANA time zone name"):
        meeting(time_zone=zone)


def test_a_start_time_needs_a_time_zone() -> None:
    with pytest.raises(ValidationError, match="needs its time zone"):
        meeting(time_zone=None)


@pytest.mark.parametrize("value", ["9:30", "24:00", "09:60", "09:30:00"])
def test_start_time_is_hh_mm(value: str) -> None:
    with pytest.raises(ValidationError, match="start_time"):
        meeting(start_time=value)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"phase": 5}, "less than or equal to 4"),
        ({"country": "Kenya"}, "alpha-3"),
        ({"meeting_type": "workshop"}, "meeting_type"),
        ({"format": "online"}, "format"),
        ({"next_meeting_on": "2024-05-01"}, "next meeting cannot be before"),
        ({"anonymous_attendee_count": -1}, "greater than or equal to 0"),
        ({"agenda": [{"title": "x", "domain_code": "D0"}]}, "domain_code"),
        ({"barriers": [{"category": "political", "text": "x"}]}, "category"),
        ({"follow_ups": [{"action": "x", "status": "closed"}]}, "status"),
        ({"confidentiality": "secret"}, "confidentiality"),
    ],
)
def test_meeting_rejects_bad_input(changes: dict[str, object], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        meeting(**changes)


def test_an_attendee_without_consent_carries_no_name() -> None:
    with pytest.raises(ValidationError, match="cannot carry a name"):
        meeting(attendees=[{"name": "Someone", "role": "Prosecutor"}])


def test_a_person_attends_once() -> None:
    with pytest.raises(ValidationError, match="listed twice"):
        meeting(attendees=[{"person_id": PERSON}, {"person_id": PERSON}])


def test_a_meeting_can_be_minimal() -> None:
    m = Meeting.model_validate(
        {
            "country": "COL",
            "held_on": "2024-05-02",
            "format": "remote",
            "meeting_type": "mentoring_call",
        }
    )
    assert m.starts_at is None
    assert m.headcount == 0
