"""Deleting an event in the Events section, on the real widgets: the dialog names the
event and asks first, Cancel changes nothing, Delete (button, Delete key or the editor's
button) removes it from the list, Undo brings it back; a field laptop cannot delete."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from icati_desktop.domain.network import NetworkEvent
from icati_desktop.gui.events.model import TITLE
from icati_desktop.gui.events.page import EventsPage
from icati_desktop.gui.services import AppServices
from icati_desktop.store.device import Role, read_device
from icati_desktop.store.event_writes import save_event
from icati_desktop.store.events import EventFilter, count_events
from icati_desktop.store.opening import open_store
from icati_desktop.store.store import Store
from icati_desktop.sync.device_setup import initialise_device
from tests.gui.test_events_page import run_job

ServicesFactory = Callable[[Callable[[], Store]], AppServices]
TITLES = ("Monthly network meeting", "Probation webinar")


def answer_next_question(
    qtbot: QtBot, button: QMessageBox.StandardButton, asked: list[str]
) -> None:
    """Press ``button`` on the next message box that opens (the real dialog); note its text."""

    def press() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            asked.append(box.text())
            box.button(button).click()
        else:
            QTimer.singleShot(20, press)

    QTimer.singleShot(0, press)


def add_events(store: Store) -> None:
    for day, title in enumerate(TITLES, start=3):
        event = {
            "title": title,
            "kind": "webinar",
            "starts_at": datetime(2031, 3, day, 12, tzinfo=UTC),
            "time_zone": "UTC",
            "format": "remote",
        }
        save_event(store, NetworkEvent.model_validate(event))


def stored(store: Store) -> int:
    with store.read() as session:
        return count_events(session, EventFilter())


def open_page(qtbot: QtBot, make_services: ServicesFactory, data: Path, role: Role) -> EventsPage:
    def opened() -> Store:
        store = open_store(data, None)
        with store.read() as session:
            if read_device(session) is None:
                initialise_device(store, role, role.value)
        return store

    page = EventsPage(make_services(opened))
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    qtbot.waitExposed(page)
    qtbot.waitUntil(lambda: bool(page.vocabulary.countries), timeout=20_000)
    return page


def listed(page: EventsPage) -> list[str]:
    model = page.model
    return [str(model.index(row, TITLE).data()) for row in range(model.rowCount())]


def select(page: EventsPage, title: str) -> None:
    page.table.selectRow(listed(page).index(title))


def test_delete_asks_first_and_undo_brings_the_event_back(
    qtbot: QtBot, make_services: ServicesFactory, tmp_path: Path
) -> None:
    page = open_page(qtbot, make_services, tmp_path / "data", Role.HQ)
    run_job(qtbot, page.services, add_events)
    page.refresh(vocabulary=True)
    qtbot.waitUntil(lambda: listed(page) == list(TITLES), timeout=20_000)
    assert not page.delete_button.isEnabled()  # nothing chosen yet
    select(page, "Probation webinar")
    assert page.delete_button.isVisible()
    assert page.delete_button.isEnabled()
    assert page.delete_action in page.table.actions()  # the list's context menu
    assert page.table.contextMenuPolicy() is Qt.ContextMenuPolicy.ActionsContextMenu

    asked: list[str] = []
    answer_next_question(qtbot, QMessageBox.StandardButton.Cancel, asked)
    qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
    assert asked == ["Delete the event “Probation webinar”?"]
    assert run_job(qtbot, page.services, stored) == 2  # Cancel changed nothing
    assert listed(page) == list(TITLES)
    assert not page.deleter.isVisible()

    answer_next_question(qtbot, QMessageBox.StandardButton.Yes, asked)
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)  # the Delete key asks too
    assert len(asked) == 2
    qtbot.waitUntil(lambda: listed(page) == ["Monthly network meeting"], timeout=20_000)
    assert run_job(qtbot, page.services, stored) == 1
    assert page.deleter.isVisible()
    assert "Event “Probation webinar” deleted." in page.deleter.message.text()
    assert page.count_label.text() == "1 event"

    qtbot.mouseClick(page.deleter.undo_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: listed(page) == list(TITLES), timeout=20_000)
    assert page.deleter.message.text() == "Event “Probation webinar” restored."
    assert not page.deleter.undo_button.isVisible()
    assert run_job(qtbot, page.services, stored) == 2


def test_delete_from_the_editor_goes_back_to_the_list(
    qtbot: QtBot, make_services: ServicesFactory, tmp_path: Path
) -> None:
    page = open_page(qtbot, make_services, tmp_path / "data", Role.HQ)
    run_job(qtbot, page.services, add_events)
    page.refresh(vocabulary=True)
    qtbot.waitUntil(lambda: listed(page) == list(TITLES), timeout=20_000)
    page.table.doubleClicked.emit(page.model.index(0, TITLE))
    editor = page.editor
    qtbot.waitUntil(lambda: editor.details.title.text() == TITLES[0], timeout=20_000)
    assert page.stack.currentWidget() is editor
    asked: list[str] = []
    answer_next_question(qtbot, QMessageBox.StandardButton.Yes, asked)
    qtbot.mouseClick(editor.delete_button, Qt.MouseButton.LeftButton)
    assert asked == ["Delete the event “Monthly network meeting”?"]
    qtbot.waitUntil(lambda: page.stack.currentIndex() == 0, timeout=20_000)
    qtbot.waitUntil(lambda: listed(page) == ["Probation webinar"], timeout=20_000)


def test_a_field_laptop_offers_no_delete(
    qtbot: QtBot, make_services: ServicesFactory, tmp_path: Path
) -> None:
    page = open_page(qtbot, make_services, tmp_path / "data", Role.FIELD)
    assert not page.vocabulary.may_edit
    assert not page.delete_button.isVisible()
    assert not page.delete_action.isEnabled()
    assert not page.editor.delete_button.isVisible()
