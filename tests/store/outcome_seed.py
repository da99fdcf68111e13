"""Records the outcome indicators are tested on (store, CLI and GUI tests share them)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from uuid import uuid4

from icati_desktop.domain.action_plans import ActionItem
from icati_desktop.domain.directory import ConsentRecord, Person
from icati_desktop.domain.meetings import Attendee, Meeting
from icati_desktop.domain.network import EventParticipant, Membership, NetworkEvent
from icati_desktop.store.records import RecordService
from icati_desktop.store.store import Store


def at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 14, tzinfo=UTC)


def seed_outcomes(store: Store) -> dict[str, str]:
    """On an HQ store with the default content: two people (Bob withdraws his mailing
    consent on 1 Feb 2026), three member countries, two network meetings, a strategic
    meeting in Ghana and an action item done on time."""
    records = RecordService(store)
    ann = records.create(Person(display_name="Ann", country="KEN", sector="justice")).record_id
    bob = records.create(Person(display_name="Bob", country="COL")).record_id
    for person, withdrawn in ((ann, None), (bob, date(2026, 2, 1))):
        records.create(
            ConsentRecord.model_validate(
                {
                    "person_id": person,
                    "given": True,
                    "scope": "network_mailings",
                    "decided_on": "2025-06-01",
                    "method": "email",
                    "notice_version": "v1",
                    "withdrawn_on": withdrawn,
                    "recorded_by": "HQ",
                }
            )
        )
    for country, joined in (
        ("KEN", date(2026, 1, 1)),
        ("GHA", date(2026, 3, 31)),
        ("FRA", date(2025, 5, 1)),
    ):
        records.create(Membership(kind="country", country=country, joined_on=joined))
    for day, people in ((date(2026, 1, 28), [ann, bob]), (date(2026, 2, 25), [ann])):
        records.create(
            NetworkEvent(
                title="Monthly network meeting",
                kind="network_meeting",
                starts_at=at(day),
                time_zone="UTC",
                format="remote",
                participants=[EventParticipant(person_id=p) for p in people],
            )
        )
    meeting = records.create(
        Meeting(
            country="GHA",
            held_on=date(2026, 2, 3),
            format="in_person",
            meeting_type="strategic",
            attendees=[Attendee(role="judge", sector="justice")],
        )
    ).record_id
    records.create(
        ActionItem(
            action_plan_id=uuid4(),
            country="GHA",
            title="Draft the MoU",
            due_on=date(2026, 3, 1),
            status="done",
            closed_on=date(2026, 2, 27),
        )
    )
    return {"ann": str(ann), "bob": str(bob), "meeting": str(meeting)}
