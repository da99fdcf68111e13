"""Meetings in the store: the filtered list, attendees as consent allows, follow-ups → plan."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from icati_desktop.domain.action_plans import ActionItem, ActionItemSource
from icati_desktop.domain.directory import ConsentRecord, Person
from icati_desktop.domain.meetings import (
    AgendaItem,
    AttachmentKind,
    Attendee,
    Barrier,
    FollowUp,
    Meeting,
)
from icati_desktop.store.integrity import check_store
from icati_desktop.store.meeting_writes import (
    attach_file,
    follow_ups_to_action_items,
    load_meeting,
    save_meeting,
)
from icati_desktop.store.meetings import (
    MeetingFilter,
    MeetingSort,
    attendee_views,
    directory_choices,
    query_meetings,
)
from icati_desktop.store.records import RecordService, StaleEdit
from icati_desktop.store.tables.field import ActionItemRow
from tests.store.helpers import StoreFactory


def meeting(country: str, held_on: date, title: str, **extra: object) -> Meeting:
    return Meeting.model_validate(
        {
            "country": country,
            "held_on": held_on,
            "title": title,
            "format": "in_person",
            "meeting_type": "ta_session",
            **extra,
        }
    )


def test_filters_sort_and_text_run_in_the_store(make_store: StoreFactory) -> None:
    store = make_store()
    save_meeting(
        store,
        meeting(
            "KEN",
            date(2026, 3, 2),
            "Probation diversion criteria",
            attendees=[Attendee(role="judge", sector="justice")],
            barriers=[Barrier(category="workforce", text="Too few probation officers")],
            agenda=[AgendaItem(title="Screening", domain_code="D2")],
        ),
    )
    save_meeting(
        store,
        meeting(
            "KEN",
            date(2026, 1, 15),
            "Treatment capacity",
            meeting_type="mentoring_call",
            attendees=[Attendee(role="nurse", sector="health")],
            notes="The clinic in Kisumu has a waiting list",
        ),
    )
    save_meeting(
        store, meeting("COL", date(2026, 2, 1), "Bogotá mapping", anonymous_attendee_count=4)
    )
    with store.read() as session:

        def titles(flt: MeetingFilter, sort: MeetingSort = MeetingSort.NEWEST) -> list[str]:
            return [r.title for r in query_meetings(session, flt, sort=sort).rows]

        assert titles(MeetingFilter()) == [
            "Probation diversion criteria",
            "Bogotá mapping",
            "Treatment capacity",
        ]
        assert titles(MeetingFilter(), MeetingSort.OLDEST)[0] == "Treatment capacity"
        assert titles(MeetingFilter(country="KEN", sector="health")) == ["Treatment capacity"]
        assert titles(MeetingFilter(barrier="workforce")) == ["Probation diversion criteria"]
        assert titles(MeetingFilter(domain="D2")) == ["Probation diversion criteria"]
        assert titles(MeetingFilter(meeting_type="mentoring_call")) == ["Treatment capacity"]
        assert titles(MeetingFilter(date_from=date(2026, 1, 20), date_to=date(2026, 2, 28))) == [
            "Bogotá mapping"
        ]
        assert titles(MeetingFilter(text="kisumu")) == ["Treatment capacity"]
        page = query_meetings(session, MeetingFilter(), offset=1, limit=1)
        assert page.total == 3
        assert [r.title for r in page.rows] == ["Bogotá mapping"]
        assert page.rows[0].headcount == 4
        assert check_store(session) == []


def test_a_person_without_active_consent_is_only_counted(make_store: StoreFactory) -> None:
    store = make_store()
    service = RecordService(store)
    amina = service.create(Person(display_name="Amina Odhiambo", country="KEN", role="prosecutor"))
    brian = service.create(Person(display_name="Brian Otieno", country="KEN"))
    consent = service.create(
        ConsentRecord(
            person_id=amina.record_id,
            given=True,
            scope="store_only",
            decided_on=date(2026, 1, 1),
            method="in_person",
            notice_version="2026-01",
            recorded_by="Expert",
        )
    )
    held = meeting(
        "KEN",
        date(2026, 3, 2),
        "Strategy",
        attendees=[
            Attendee(person_id=amina.record_id, name="Amina Odhiambo", role="prosecutor"),
            Attendee(person_id=brian.record_id, name="Brian Otieno"),
            Attendee(role="police inspector", institution="Nairobi police"),
        ],
        anonymous_attendee_count=2,
    )
    with store.read() as session:
        view = attendee_views(session, held, date(2026, 3, 5))
        assert [a.name for a in view.shown] == ["Amina Odhiambo", ""]
        assert view.without_consent == 3  # Brian and the two anonymous attendees
        assert [c.name for c in directory_choices(session, "KEN", date(2026, 3, 5))] == [
            "Amina Odhiambo"
        ]
    withdrawn = consent.payload.model_copy(update={"withdrawn_on": date(2026, 3, 4)})
    service.update(consent.record_id, withdrawn)
    with store.read() as session:
        view = attendee_views(session, held, date(2026, 3, 5))
        assert [a.role for a in view.shown] == ["police inspector"]
        assert "Amina Odhiambo" not in view.model_dump_json()
        assert view.without_consent == 4


def test_follow_ups_become_items_of_the_country_plan_once(make_store: StoreFactory) -> None:
    store = make_store()
    saved = save_meeting(
        store,
        meeting(
            "KEN",
            date(2026, 3, 2),
            "Strategy",
            agenda=[AgendaItem(title="Screening", domain_code="D2")],
            follow_ups=[
                FollowUp(action="Share the screening tool", owner="Amina", due_on=date(2026, 4, 1)),
                FollowUp(action="Draft the referral protocol"),
            ],
        ),
    )
    made = follow_ups_to_action_items(store, saved.record_id, base_leaves=saved.leaves)
    assert len(made) == 2
    service = RecordService(store)
    items = [service.get(ActionItem, item_id).payload for item_id in made.values()]
    assert {i.title for i in items} == {"Share the screening tool", "Draft the referral protocol"}
    assert all(i.source is ActionItemSource.MEETING_FOLLOW_UP for i in items)
    assert all(str(i.source_ref) == saved.record_id and i.domain_code == "D2" for i in items)
    assert len({i.action_plan_id for i in items}) == 1
    shared = next(i for i in items if i.owner_name == "Amina")
    assert shared.due_on == date(2026, 4, 1)
    again = load_meeting(store, saved.record_id)
    assert {str(f.action_item_id) for f in again.payload.follow_ups} == set(made.values())
    assert follow_ups_to_action_items(store, saved.record_id) == {}
    with store.read() as session:
        assert session.query(ActionItemRow).count() == 2
    if store.is_sqlite:  # a laptop: a save on top of what changed since is refused
        with pytest.raises(StaleEdit):
            save_meeting(store, saved.payload, saved.record_id, base_leaves=saved.leaves)
    else:  # the central database: written beside, merged as two laptops' edits would be
        save_meeting(store, saved.payload, saved.record_id, base_leaves=saved.leaves)
        merged = load_meeting(store, saved.record_id)
        assert {str(f.action_item_id) for f in merged.payload.follow_ups} == set(made.values())


def test_an_attachment_keeps_its_file_name(make_store: StoreFactory, tmp_path: Path) -> None:
    store = make_store()
    sheet = tmp_path / "attendance 2 March.pdf"
    sheet.write_bytes(b"%PDF-1.4 sheet")
    attachment = attach_file(sheet, store, AttachmentKind.ATTENDANCE_SHEET)
    saved = save_meeting(
        store, meeting("KEN", date(2026, 3, 2), "Strategy", attachments=[attachment])
    )
    loaded = load_meeting(store, saved.record_id).payload.attachments[0]
    assert loaded.file_name == "attendance 2 March.pdf"
    assert store.blobs.open_path(loaded.sha256).read_bytes() == b"%PDF-1.4 sheet"
    with pytest.raises(FileNotFoundError):
        attach_file(tmp_path / "missing.jpg", store, AttachmentKind.PHOTO)
