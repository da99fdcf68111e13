"""Network events in the store: filtered pages, upcoming, attendance counts, writes."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from icati_desktop.domain.directory import ConsentRecord, Person
from icati_desktop.domain.network import EventParticipant, NetworkEvent
from icati_desktop.store.event_writes import load_event, record_attendance, save_event
from icati_desktop.store.events import (
    EventFilter,
    EventWhen,
    attendance_counts,
    count_events,
    event_attendees,
    events_attended,
    query_events,
    upcoming_events,
)
from icati_desktop.store.paging import PageRequest
from icati_desktop.store.records import PermissionDenied, RecordService
from tests.store.helpers import StoreFactory


def event(title: str, starts: str, kind: str = "webinar", **extra: object) -> NetworkEvent:
    return NetworkEvent.model_validate(
        {
            "title": title,
            "kind": kind,
            "starts_at": starts,
            "time_zone": "Africa/Nairobi",
            "format": "remote",
            **extra,
        }
    )


def test_filters_pages_and_upcoming_run_in_the_store(make_store: StoreFactory) -> None:
    store = make_store(role="hq")
    save_event(store, event("Office hours March", "2026-03-05T13:00:00Z", "office_hours"))
    save_event(
        store,
        event(
            "ATI Basics 1",
            "2026-02-10T14:00:00Z",
            languages=["en", "fr"],
            level="basic",
            participants=[{"country": "KEN", "count": 3}],
        ),
    )
    save_event(store, event("Network meeting", "2026-04-01T12:00:00Z", "network_meeting"))
    with store.read() as session:
        page = query_events(session, EventFilter())
        assert [r.title for r in page.rows] == [
            "ATI Basics 1",
            "Office hours March",
            "Network meeting",
        ]
        newest = query_events(session, EventFilter(), PageRequest("starts_at", descending=True))
        assert newest.rows[0].title == "Network meeting"
        assert [r.title for r in query_events(session, EventFilter(kind="webinar")).rows] == [
            "ATI Basics 1"
        ]
        assert count_events(session, EventFilter(language="fr")) == 1
        assert count_events(session, EventFilter(country="KEN")) == 1
        assert count_events(session, EventFilter(country="UGA")) == 0
        # date_to is inclusive: an event at 13:00 UTC on 5 March is in "to 5 March"
        assert count_events(session, EventFilter(date_to=date(2026, 3, 5))) == 2
        assert count_events(session, EventFilter(date_from=date(2026, 3, 6))) == 1
        now = datetime(2026, 3, 5, 13, 0, tzinfo=UTC)
        upcoming = query_events(session, EventFilter(when=EventWhen.UPCOMING, now=now))
        assert [r.title for r in upcoming.rows] == ["Office hours March", "Network meeting"]
        assert count_events(session, EventFilter(when=EventWhen.PAST, now=now)) == 1
        second = query_events(session, EventFilter(), PageRequest("starts_at", offset=1, limit=1))
        assert (second.total, [r.title for r in second.rows]) == (3, ["Office hours March"])
    soon = upcoming_events(store, today=date(2026, 3, 1), limit=1)
    assert [e.title for e in soon] == ["Office hours March"]
    assert soon[0].starts_at == datetime(2026, 3, 5, 13, tzinfo=UTC)
    assert upcoming_events(store, today=date(2026, 5, 1), limit=5) == []


def test_attendance_per_person_and_country(make_store: StoreFactory) -> None:
    store = make_store(role="hq")
    service = RecordService(store)
    amina = service.create(Person(display_name="Amina Odhiambo", country="KEN"))
    brian = service.create(Person(display_name="Brian Otieno", country="UGA"))
    service.create(
        ConsentRecord(
            person_id=amina.record_id,
            given=True,
            scope="store_only",
            decided_on=date(2026, 1, 1),
            method="in_person",
            notice_version="2026-01",
            recorded_by="HQ",
        )
    )
    first = save_event(store, event("Network meeting", "2026-03-01T12:00:00Z", "network_meeting"))
    second = save_event(store, event("Office hours", "2026-03-08T12:00:00Z", "office_hours"))
    # the directory gives a person's country; minutes come from the host's report
    record_attendance(
        store, first.record_id, EventParticipant(person_id=amina.record_id, minutes=55)
    )
    record_attendance(store, first.record_id, EventParticipant(person_id=brian.record_id))
    record_attendance(store, first.record_id, EventParticipant(country="NGA", count=4))
    record_attendance(store, second.record_id, EventParticipant(person_id=amina.record_id))
    # recording the same person again replaces their line, never doubles it
    shown = record_attendance(
        store, first.record_id, EventParticipant(person_id=amina.record_id, minutes=60)
    )
    assert shown.payload.attendee_count == 6
    assert shown.payload.attendance_by_country() == {"KEN": 1, "UGA": 1, "NGA": 4}
    with store.read() as session:
        counts = attendance_counts(session, EventFilter())
        assert (counts.events, counts.attendees, counts.named_people) == (2, 7, 2)
        assert counts.by_country == {"KEN": 2, "UGA": 1, "NGA": 4}
        march_first = attendance_counts(session, EventFilter(date_to=date(2026, 3, 1)))
        assert march_first.by_country == {"KEN": 1, "UGA": 1, "NGA": 4}
        assert events_attended(session, amina.record_id) == [first.record_id, second.record_id]
        held = load_event(store, first.record_id).payload
        lines = event_attendees(session, held, date(2026, 3, 2))
        # Brian has no consent on record: counted, not named
        assert [(a.name, a.country, a.minutes) for a in lines] == [
            ("", "UGA", None),
            ("", "NGA", None),
            ("Amina Odhiambo", "KEN", 60),
        ]
        assert count_events(session, EventFilter(country="UGA")) == 1


def test_unknown_person_changes_nothing(make_store: StoreFactory) -> None:
    store = make_store(role="hq")
    view = save_event(store, event("Network meeting", "2026-03-01T12:00:00Z", "network_meeting"))
    with pytest.raises(LookupError, match="no person"):
        record_attendance(
            store,
            view.record_id,
            EventParticipant(person_id="00000000-0000-4000-8000-000000000001"),
        )
    assert load_event(store, view.record_id).version_id == view.version_id


def test_a_field_device_cannot_write_events(make_store: StoreFactory) -> None:
    store = make_store(role="field")
    with pytest.raises(PermissionDenied):
        save_event(store, event("Network meeting", "2026-03-01T12:00:00Z", "network_meeting"))
