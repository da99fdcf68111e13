"""File > Import a spreadsheet…: choose, map a column by hand, see every problem, import."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from icati_desktop.gui.imports.dialog import SpreadsheetImportDialog
from icati_desktop.gui.services import AppServices
from icati_desktop.store.device import Role
from icati_desktop.store.opening import open_store
from icati_desktop.store.people import PeopleQuery, count_people
from icati_desktop.store.store import Store
from icati_desktop.sync.device_setup import initialise_device

ServicesFactory = Callable[[Callable[[], Store]], AppServices]


@pytest.fixture
def laptop(tmp_path: Path) -> Path:
    store = open_store(tmp_path / "laptop")
    initialise_device(store, Role.FIELD, "Laptop")
    store.close()
    return tmp_path / "laptop"


def people_count(qtbot: QtBot, services: AppServices) -> int:
    found: list[int] = []

    def job(store: Store) -> int:
        with store.read() as session:
            return count_people(session, PeopleQuery())

    services.run(job, found.append)
    qtbot.waitUntil(lambda: bool(found), timeout=20_000)
    return found[0]


def test_a_sheet_is_mapped_checked_refused_then_imported(
    qtbot: QtBot,
    make_services: ServicesFactory,
    monkeypatch: pytest.MonkeyPatch,
    laptop: Path,
    tmp_path: Path,
) -> None:
    sheet = tmp_path / "contacts.csv"
    sheet.write_text(
        "Stakeholder;Pays;Body;E-mail\n"
        "Amina Odhiambo;KEN;Probation;amina@probation.example.ke\n"
        "Luis Pérez;;Fiscalía;luis(at)fiscalia\n",
        "utf-8",
    )
    services = make_services(lambda: open_store(laptop))
    dialog = SpreadsheetImportDialog(services)
    qtbot.addWidget(dialog)
    dialog.show()
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(sheet), ""))
    )
    dialog.choose.browse()
    assert dialog.choose.kind_key() == "people"
    assert not dialog.choose.event_box.isVisible()
    dialog.next_button.click()
    qtbot.waitUntil(lambda: dialog.steps.currentIndex() == 1, timeout=20_000)

    boxes = dialog.map.boxes
    assert boxes["country"].currentText() == "Pays"  # French header, matched
    assert boxes["name"].currentText() == "Not in the file"
    assert "consent_scopes" not in boxes  # informational: not offered
    assert boxes["email"].currentText() == "E-mail"
    dialog.map.choose("name", "Stakeholder")
    dialog.map.choose("organisation", "Body")
    dialog.next_button.click()
    qtbot.waitUntil(lambda: "problem" in dialog.summary.text(), timeout=20_000)
    table = dialog.problems
    rows = [[table.item(r, c).text() for c in range(3)] for r in range(table.rowCount())]
    assert rows[0][:2] == ["3", "Country"]
    assert rows[0][2].startswith("the country is missing")
    assert rows[1][:2] == ["3", "Email"]
    assert "'luis(at)fiscalia' is not an email address" in rows[1][2]
    assert "2 problems: nothing will be imported" in dialog.summary.text()
    assert not dialog.import_button.isEnabled()
    assert people_count(qtbot, services) == 0

    sheet.write_text(
        sheet.read_text("utf-8").replace(";;Fiscalía;luis(at)fiscalia", ";COL;Fiscalía;"),
        "utf-8",
    )
    assert dialog.next_button.text() == "Check again"
    dialog.next_button.click()
    qtbot.waitUntil(lambda: dialog.import_button.isEnabled(), timeout=20_000)
    assert "All 2 rows are good: 2 to add, 0 to change, 0 unchanged" in dialog.summary.text()
    with qtbot.waitSignal(dialog.imported, timeout=20_000):
        dialog.import_button.click()
    assert "Imported 2 rows: 2 added, 0 changed, 0 unchanged" in dialog.summary.text()
    assert "email or phone was not stored" in dialog.summary.text()
    assert people_count(qtbot, services) == 2


def test_an_attendance_list_asks_for_its_event(
    qtbot: QtBot, make_services: ServicesFactory, laptop: Path, tmp_path: Path
) -> None:
    services = make_services(lambda: open_store(laptop))
    dialog = SpreadsheetImportDialog(services)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.choose.kind.setCurrentIndex(dialog.choose.kind.findData("attendance"))
    assert dialog.choose.event_box.isVisible()
    qtbot.waitUntil(lambda: dialog.choose.event_box.count() == 1, timeout=20_000)
    assert dialog.choose.event_box.currentText() == "No network events yet: add the event first"
    dialog.choose.path.setText(str(tmp_path / "zoom.csv"))
    dialog.next_button.click()
    assert dialog.choose.message.text() == "Choose the event the attendance list is for."
    assert dialog.steps.currentIndex() == 0


def test_the_file_menu_opens_the_import(
    qtbot: QtBot, make_services: ServicesFactory, tmp_path: Path
) -> None:
    from icati_desktop.gui.main_window import MainWindow
    from tests.gui.stores import open_or_create

    window = MainWindow(make_services(lambda: open_or_create(tmp_path / "data", None)))
    qtbot.addWidget(window)
    titles = [a.text() for a in window.file_menu.actions()]
    assert "Import a &spreadsheet (people, meetings, actions…)…" in titles
    window.spreadsheet_action.trigger()
    qtbot.waitUntil(lambda: window.findChild(SpreadsheetImportDialog) is not None, timeout=10_000)
    dialog = window.findChild(SpreadsheetImportDialog)
    assert dialog.isVisible()
    dialog.close()
