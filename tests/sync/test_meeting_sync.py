"""A meeting travels to HQ with its attachment, its action items and its filter terms."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from icati_desktop.domain.meetings import AgendaItem, AttachmentKind, Attendee, FollowUp, Meeting
from icati_desktop.store.device import Role
from icati_desktop.store.integrity import check_store
from icati_desktop.store.meeting_writes import (
    attach_file,
    follow_ups_to_action_items,
    save_meeting,
)
from icati_desktop.store.meetings import MeetingFilter, query_meetings
from icati_desktop.store.opening import open_store
from icati_desktop.store.tables.field import ActionItemRow
from icati_desktop.sync.device_setup import initialise_device
from icati_desktop.sync.exporter import export_bundle
from icati_desktop.sync.importer import import_bundle
from tests.sync.network import enrol


def test_a_meeting_reaches_hq_whole(tmp_path: Path) -> None:
    hq = open_store(tmp_path / "hq")
    initialise_device(hq, Role.HQ, "HQ")
    field = open_store(tmp_path / "field")
    initialise_device(field, Role.FIELD, "Amina")
    enrol(hq, field)
    photo = tmp_path / "flipchart.jpg"
    photo.write_bytes(b"\xff\xd8\xff\xe0 flipchart")
    saved = save_meeting(
        field,
        Meeting(
            country="KEN",
            held_on=date(2026, 3, 2),
            format="in_person",
            meeting_type="mapping_workshop",
            title="Nairobi intercept mapping",
            agenda=[AgendaItem(title="Intercept 1", domain_code="D1")],
            attendees=[Attendee(role="judge", sector="justice")],
            follow_ups=[FollowUp(action="Map the courts"), FollowUp(action="Count the cases")],
            attachments=[attach_file(photo, field, AttachmentKind.PHOTO)],
        ),
    )
    follow_ups_to_action_items(field, saved.record_id)
    bundle = tmp_path / "field.icati"
    export_bundle(field, bundle)
    import_bundle(hq, bundle)
    with hq.read() as session:
        page = query_meetings(session, MeetingFilter(sector="justice", domain="D1"))
        assert [r.title for r in page.rows] == ["Nairobi intercept mapping"]
        items = session.query(ActionItemRow).filter_by(source_ref=saved.record_id).count()
        assert items == 2
        assert check_store(session) == []
    sha = saved.payload.attachments[0].sha256
    assert hq.blobs.open_path(sha).read_bytes() == b"\xff\xd8\xff\xe0 flipchart"
    hq.close()
    field.close()
