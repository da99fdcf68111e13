"""The History pane on the real widgets: versions, changed fields, restore, pages, languages."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from icati_desktop.domain.library import Level, Resource
from icati_desktop.gui.history.dialog import HistoryDialog
from icati_desktop.gui.history.pane import HistoryPane
from icati_desktop.gui.language import apply_language
from icati_desktop.gui.library.page import LibraryPage
from icati_desktop.gui.services import AppServices
from icati_desktop.store.device import Role
from icati_desktop.store.labels import enum_label, field_label
from icati_desktop.store.opening import open_store
from icati_desktop.store.records import RecordService
from icati_desktop.store.store import Store
from icati_desktop.sync.device_setup import initialise_device
from tests.store.helpers import deliver, resource

ServicesFactory = Callable[[Callable[[], Store]], AppServices]


@pytest.fixture(autouse=True)
def english(qapp: QApplication) -> Iterator[None]:
    yield
    apply_language(qapp, "en")


def prepared(data_dir: Path, role: Role = Role.HQ, edits: int = 2) -> str:
    """A store with one resource edited ``edits`` times; returns the resource's id."""
    store = open_store(data_dir, None)
    try:
        initialise_device(store, role, "HQ Vienna" if role is Role.HQ else "Amina")
        if role is not Role.HQ:
            hq = open_store(data_dir.parent / "hq-source", None)
            initialise_device(hq, Role.HQ, "HQ Vienna")
            rid = _history(hq, edits)
            deliver(hq, store)
            hq.close()
            return rid
        return _history(store, edits)
    finally:
        store.close()


def _history(store: Store, edits: int) -> str:
    service = RecordService(store)
    rid = service.create(resource("Guide to ATI", publisher="UNODC", level="basic")).record_id
    for n in range(edits):
        payload = service.get(Resource, rid).payload.model_dump(mode="python")
        update = {"publisher": "WHO"} if n == 0 else {"year": 1900 + n}
        service.update(rid, Resource.model_validate({**payload, **update}))
    return rid


def pane_for(
    qtbot: QtBot, make_services: ServicesFactory, data_dir: Path, record_id: str, rows: int
) -> HistoryPane:
    services = make_services(lambda: open_store(data_dir, None))
    pane = HistoryPane(services)
    qtbot.addWidget(pane)
    pane.resize(900, 640)
    pane.show()
    pane.show_record(record_id)
    qtbot.waitUntil(lambda: pane.versions.rowCount() == rows, timeout=20_000)
    return pane


def choose(pane: HistoryPane, row: int) -> None:
    """Make ``row`` the current version, as the arrow keys or a click do."""
    pane.versions_view.setCurrentIndex(pane.versions.index(row, 0))


def cells(view_model: object, column: int) -> list[str]:
    model = view_model  # a QAbstractTableModel
    return [
        str(model.index(row, column).data())  # type: ignore[attr-defined]
        for row in range(model.rowCount())  # type: ignore[attr-defined]
    ]


def test_versions_and_what_each_changed_in_words(
    qtbot: QtBot, make_services: ServicesFactory, tmp_path: Path
) -> None:
    rid = prepared(tmp_path / "hq")
    pane = pane_for(qtbot, make_services, tmp_path / "hq", rid, 3)
    assert "Guide to ATI" in pane.heading.text()
    assert "3 versions on this device" in pane.state.text()
    assert cells(pane.versions, 1) == ["HQ Vienna (this device)"] * 3
    assert cells(pane.versions, 2) == ["Edited: Year", "Edited: Publisher", "Created"]
    choose(pane, 1)
    assert cells(pane.changes, 0) == ["Publisher"]
    assert cells(pane.changes, 1) == ["UNODC"]
    assert cells(pane.changes, 2) == ["WHO"]
    choose(pane, 0)
    assert not pane.restore_button.isEnabled(), "the shown version needs no restoring"


def test_restore_asks_first_then_says_what_it_wrote(
    qtbot: QtBot, make_services: ServicesFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rid = prepared(tmp_path / "hq")
    pane = pane_for(qtbot, make_services, tmp_path / "hq", rid, 3)
    pane.versions_view.setFocus()
    qtbot.keyClick(pane.versions_view, Qt.Key.Key_Down)  # keyboard: newest → oldest
    qtbot.keyClick(pane.versions_view, Qt.Key.Key_Down)
    assert pane.current_entry() is pane.versions.entries[2]
    asked: list[str] = []

    def answer(_parent: object, title: str, text: str, *_a: object) -> QMessageBox.StandardButton:
        asked.append(text)
        return (
            QMessageBox.StandardButton.Cancel if len(asked) == 1 else QMessageBox.StandardButton.Yes
        )

    monkeypatch.setattr(QMessageBox, "question", answer)
    assert pane.restore_button.isEnabled()
    qtbot.mouseClick(pane.restore_button, Qt.MouseButton.LeftButton)
    assert "Guide to ATI" in asked[0]
    assert pane.versions.rowCount() == 3, "cancelled: nothing written"
    qtbot.keyClick(pane.restore_button, Qt.Key.Key_Space)  # keyboard reachable
    qtbot.waitUntil(lambda: "Restored" in pane.outcome.text(), timeout=20_000)
    assert "Publisher: WHO → UNODC" in pane.outcome.text()
    qtbot.waitUntil(lambda: pane.versions.rowCount() == 4, timeout=20_000)
    assert cells(pane.versions, 2)[0] == "Edited: Publisher, Year"


def test_a_field_device_sees_why_it_cannot_restore_hq_records(
    qtbot: QtBot, make_services: ServicesFactory, tmp_path: Path
) -> None:
    rid = prepared(tmp_path / "field", Role.FIELD)
    pane = pane_for(qtbot, make_services, tmp_path / "field", rid, 3)
    choose(pane, 2)
    assert not pane.restore_button.isEnabled()
    assert pane.refusal.isVisibleTo(pane)
    assert "central office" in pane.refusal.text()


def test_a_long_history_loads_page_by_page(
    qtbot: QtBot, make_services: ServicesFactory, tmp_path: Path
) -> None:
    rid = prepared(tmp_path / "hq", edits=79)
    pane = pane_for(qtbot, make_services, tmp_path / "hq", rid, 50)
    assert "80 versions" in pane.state.text()
    pane.versions_view.scrollToBottom()
    qtbot.waitUntil(lambda: pane.versions.rowCount() == 80, timeout=20_000)
    assert cells(pane.versions, 2)[-1] == "Created"


def test_french_and_arabic_labels_and_right_to_left(
    qtbot: QtBot, make_services: ServicesFactory, tmp_path: Path, qapp: QApplication
) -> None:
    rid = prepared(tmp_path / "hq")
    apply_language(qapp, "fr")
    pane = pane_for(qtbot, make_services, tmp_path / "hq", rid, 3)
    choose(pane, 2)
    assert "Niveau" in cells(pane.changes, 0)
    assert "Débutant" in cells(pane.changes, 2)
    apply_language(qapp, "ar")
    pane.retranslate_ui()
    level = field_label("level")
    assert level == "المستوى"
    year = field_label("year")
    qtbot.waitUntil(lambda: cells(pane.changes, 0) == [year], timeout=20_000)  # reloaded
    choose(pane, 2)
    assert enum_label(Level, "basic") in cells(pane.changes, 2)
    assert pane.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert pane.restore_button.text() != "&Restore this version…"


def test_the_library_opens_the_history_of_the_shown_resource(
    qtbot: QtBot, make_services: ServicesFactory, tmp_path: Path
) -> None:
    rid = prepared(tmp_path / "hq")
    services = make_services(lambda: open_store(tmp_path / "hq", None))
    page = LibraryPage(services)
    qtbot.addWidget(page)
    page.show()
    page.show_resource(rid)
    qtbot.waitUntil(
        lambda: page.detail.detail is not None and page.detail.detail.record_id == rid,
        timeout=20_000,
    )
    qtbot.mouseClick(page.detail.history_button, Qt.MouseButton.LeftButton)
    dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, HistoryDialog)]
    assert len(dialogs) == 1
    qtbot.waitUntil(lambda: dialogs[0].pane.versions.rowCount() == 3, timeout=20_000)
    dialogs[0].close()


def test_the_audit_period_dialog_refuses_a_period_that_ends_before_it_starts(
    qtbot: QtBot,
) -> None:
    from datetime import date

    from PySide6.QtCore import QDate

    from icati_desktop.gui.history.audit_dialog import AuditPeriodDialog

    dialog = AuditPeriodDialog(today=date(2027, 3, 20))
    qtbot.addWidget(dialog)
    assert dialog.period() == (date(2027, 3, 1), date(2027, 3, 20))
    dialog.end.setDate(QDate(2027, 2, 1))
    dialog.show()
    dialog.buttons.accepted.emit()
    assert dialog.problem.isVisibleTo(dialog)
    assert dialog.result() != dialog.DialogCode.Accepted
    dialog.end.setDate(QDate(2027, 3, 31))
    dialog.buttons.accepted.emit()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert dialog.period() == (date(2027, 3, 1), date(2027, 3, 31))
