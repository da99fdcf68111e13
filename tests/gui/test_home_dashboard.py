"""Home as a dashboard for the device's role, in the real main window."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from uuid import uuid4

from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from icati_desktop.domain.action_plans import ActionItem
from icati_desktop.domain.meetings import Meeting
from icati_desktop.gui.main_window import OUTCOMES, MainWindow
from icati_desktop.gui.services import AppServices
from icati_desktop.gui.settings import LAST_BUNDLE_DIR
from icati_desktop.store.device import Role
from icati_desktop.store.opening import open_store
from icati_desktop.store.records import RecordService
from icati_desktop.store.store import Store
from icati_desktop.sync.device_setup import initialise_device
from tests.store.outcome_seed import seed_outcomes

ServicesFactory = Callable[[Callable[[], Store]], AppServices]


def plain(text: str) -> str:
    """Without the Unicode isolates that keep typed titles in their own direction."""
    return text.replace("\u2068", "").replace("\u2069", "")


def window_on(qtbot: QtBot, make_services: ServicesFactory, data: Path) -> MainWindow:
    window = MainWindow(make_services(lambda: open_store(data)))
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.home.counts.rowCount() > 0, timeout=20_000)
    return window


def test_field_home_shows_countries_overdue_actions_and_what_is_coming(
    qtbot: QtBot, make_services: ServicesFactory, tmp_path: Path
) -> None:
    data = tmp_path / "field"
    store = open_store(data)
    today = date.today()
    try:
        initialise_device(store, Role.FIELD, "Amina")
        records = RecordService(store)
        records.create(
            Meeting(
                country="KEN",
                title="Steering committee",
                held_on=today - timedelta(days=10),
                next_meeting_on=today + timedelta(days=5),
                format="in_person",
                meeting_type="strategic",
            )
        )
        records.create(
            ActionItem(
                action_plan_id=uuid4(),
                country="KEN",
                title="Draft the referral protocol",
                due_on=today - timedelta(days=3),
            )
        )
        records.create(
            ActionItem(
                action_plan_id=uuid4(),
                country="KEN",
                title="Later",
                due_on=today + timedelta(days=30),
            )
        )
    finally:
        store.close()
    window = window_on(qtbot, make_services, data)
    view = window.home.field_view
    assert window.home.dashboard.currentWidget() is view
    qtbot.waitUntil(lambda: view.countries.rowCount() == 1, timeout=10_000)
    assert view.countries.item(0, 0).text() == "Kenya"
    assert "not assessed yet" in view.countries.item(0, 1).text()
    qtbot.waitUntil(lambda: view.overdue.count() == 1, timeout=10_000)
    assert plain(view.overdue.item(0).text()).startswith(
        "Draft the referral protocol — Kenya, due "
    )
    assert "(1)" in view.overdue_box.title()
    assert view.upcoming.count() == 1
    assert "Next meeting: Steering committee — Kenya" in plain(view.upcoming.item(0).text())


def test_hq_home_shows_targets_waiting_bundles_and_conflicts(
    qtbot: QtBot, make_services: ServicesFactory, tmp_path: Path
) -> None:
    data = tmp_path / "hq"
    store = open_store(data)
    try:
        initialise_device(store, Role.HQ, "HQ")
        seed_outcomes(store)
    finally:
        store.close()
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "kenya-laptop.icati").write_bytes(b"not opened by Home")
    (inbox / "notes.txt").write_text("not a bundle")
    LAST_BUNDLE_DIR.set(QSettings(), str(inbox))
    window = window_on(qtbot, make_services, data)
    view = window.home.hq_view
    qtbot.waitUntil(lambda: window.home.dashboard.currentWidget() is view, timeout=10_000)
    qtbot.waitUntil(lambda: view.targets.rowCount() == 8, timeout=20_000)
    titles = [view.targets.item(r, 0).text() for r in range(8)]
    assert "Email network participants" in titles
    assert view.bundles.count() == 1
    assert view.bundles.item(0).text().startswith("kenya-laptop.icati")
    assert "(0)" in view.conflicts_box.title()
    assert not view.conflicts_button.isVisibleTo(view)
    view.outcomes_button.click()
    assert window.stack.currentWidget() is window.page(OUTCOMES)
    # A record behind a figure whose kind has no screen yet is named, not silently ignored.
    window.open_record("membership", "any")
    assert window.statusBar().currentMessage() == "Memberships: no screen shows them yet."
