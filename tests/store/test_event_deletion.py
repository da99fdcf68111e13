"""Deleting a network event: it leaves the list, Home's upcoming events, exports, outcome
figures and search; restoring brings it back as it was, and only HQ may do either."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from icati_desktop.domain.network import NetworkEvent
from icati_desktop.store.event_writes import (
    delete_event,
    load_event,
    restore_event,
    save_event,
)
from icati_desktop.store.events import (
    EventFilter,
    attendance_counts,
    count_events,
    events_for_export,
    upcoming_events,
)
from icati_desktop.store.history import record_history
from icati_desktop.store.outcome_events import read_events
from icati_desktop.store.records import PermissionDenied, RecordNotFound, StaleEdit
from icati_desktop.store.search import search
from icati_desktop.store.store import Store
from tests.store.helpers import StoreFactory

SOON = datetime(2031, 5, 6, 12, tzinfo=UTC)


def webinar(title: str, **extra: object) -> NetworkEvent:
    return NetworkEvent.model_validate(
        {
            "title": title,
            "kind": "webinar",
            "starts_at": SOON,
            "time_zone": "Africa/Nairobi",
            "format": "remote",
            "participants": [{"country": "KEN", "count": 4}],
            **extra,
        }
    )


def everywhere(store: Store) -> dict[str, object]:
    """Where an event shows up: list, Home, export, outcome figures, search."""
    with store.read() as session:
        hits = search(session, "probation", types=["event"])
        return {
            "listed": count_events(session, EventFilter()),
            "exported": len(events_for_export(session, EventFilter())),
            "attendees": attendance_counts(session, EventFilter()).attendees,
            "outcomes": len(read_events(session, None, date(2032, 1, 1))),
            "found": hits.total,
            "home": len(upcoming_events(store, today=date(2031, 1, 1))),
        }


def test_a_deleted_event_leaves_every_list_and_restore_brings_it_back(
    make_store: StoreFactory,
) -> None:
    store = make_store(role="hq")
    kept = save_event(store, webinar("Kept webinar"))
    view = save_event(store, webinar("Probation in practice", description="Probation officers"))
    before = everywhere(store)
    assert before == {
        "listed": 2, "exported": 2, "attendees": 8, "outcomes": 2, "found": 1, "home": 2,
    }  # fmt: skip

    deletion = delete_event(store, view.record_id)
    assert (deletion.title, deletion.record_id) == ("Probation in practice", view.record_id)
    assert everywhere(store) == {
        "listed": 1, "exported": 1, "attendees": 4, "outcomes": 1, "found": 0, "home": 1,
    }  # fmt: skip
    history = record_history(store, view.record_id, newest_first=True)
    assert history.deleted
    assert history.entries[0].version_id == deletion.version_id
    with pytest.raises(RecordNotFound):
        load_event(store, view.record_id)
    with pytest.raises(RecordNotFound):
        delete_event(store, view.record_id)  # deleting twice: nothing to delete

    restored = restore_event(store, view.record_id, deletion.version_id)
    assert restored.payload == view.payload  # participants and description too
    assert everywhere(store) == before
    assert load_event(store, kept.record_id).payload.title == "Kept webinar"
    with pytest.raises(ValueError, match="not deleted"):
        restore_event(store, view.record_id)


def test_an_undo_that_comes_after_a_newer_change_is_refused(make_store: StoreFactory) -> None:
    store = make_store(role="hq")
    view = save_event(store, webinar("Office hours"))
    first = delete_event(store, view.record_id)
    restore_event(store, view.record_id, first.version_id)
    delete_event(store, view.record_id)
    with pytest.raises(StaleEdit):
        restore_event(store, view.record_id, first.version_id)  # the first deletion's Undo
    with store.read() as session:
        assert count_events(session, EventFilter()) == 0
    restore_event(store, view.record_id)  # without a deletion id: the latest deletion
    assert load_event(store, view.record_id).payload.title == "Office hours"


def test_unknown_ids_and_field_devices_are_refused(make_store: StoreFactory) -> None:
    hq = make_store(role="hq")
    with pytest.raises(RecordNotFound, match="no event"):
        delete_event(hq, "7a0d3c57-0000-4000-8000-000000000000")
    field = make_store(role="field")
    for write in (delete_event, restore_event):
        with pytest.raises(PermissionDenied, match="central office"):
            write(field, "7a0d3c57-0000-4000-8000-000000000000")
