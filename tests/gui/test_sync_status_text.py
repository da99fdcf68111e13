"""The sync line in words: a new field device is told to send its identity card first."""

from __future__ import annotations

from datetime import UTC, datetime

from icati_desktop.gui.sync.status_text import status_text
from icati_desktop.store.roles import Role
from icati_desktop.store.sync_status import SyncStatus


def field_status(*, pending: int, confirmed: bool) -> SyncStatus:
    return SyncStatus(
        role=Role.FIELD,
        pending_changes=pending,
        unsent_changes=pending,
        hq_trusted=True,
        hq_confirmed=confirmed,
        devices_enrolled=0,
        last_central_created_at=None,
        last_export_at=None,
        last_import_at=None,
        open_conflicts=0,
    )


def test_a_device_hq_has_never_heard_of_is_told_to_send_its_card() -> None:
    text = status_text(field_status(pending=0, confirmed=False), datetime.now(UTC))
    assert "everything sent to HQ" not in text
    assert "send HQ your identity card" in text


def test_a_known_device_with_nothing_pending_has_sent_everything() -> None:
    text = status_text(field_status(pending=0, confirmed=True), datetime.now(UTC))
    assert "everything sent to HQ" in text
    assert "identity card" not in text


def test_pending_changes_are_counted_whether_or_not_hq_knows_the_device() -> None:
    text = status_text(field_status(pending=3, confirmed=False), datetime.now(UTC))
    assert "3 changes not yet sent to HQ" in text
