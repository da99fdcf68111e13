"""File > Import form…: the central office picks a workbook; it is read and saved on the
database worker; the outcome is a summary, or a copyable table of problems."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from icati_desktop.gui.forms_import import ProblemsDialog, import_form
from icati_desktop.gui.services import AppServices
from icati_desktop.store.device import Role
from icati_desktop.store.forms import list_forms
from icati_desktop.store.opening import open_store
from icati_desktop.store.store import Store
from icati_desktop.sync.device_setup import initialise_device
from tests.formats.xlsforms import broken_form, probation_form

ServicesFactory = Callable[[Callable[[], Store]], AppServices]


def stored_forms(qtbot: QtBot, services: AppServices) -> list[tuple[str, str]]:
    """The stored forms, read on the database worker as the GUI would."""
    found: list[list[tuple[str, str]]] = []

    def job(store: Store) -> list[tuple[str, str]]:
        with store.read() as session:
            return [(f.form_id, f.version) for f in list_forms(session)]

    services.run(job, found.append)
    qtbot.waitUntil(lambda: bool(found), timeout=20_000)
    return found[0]


@pytest.fixture
def hq_dir(tmp_path: Path) -> Path:
    store = open_store(tmp_path / "hq")
    initialise_device(store, Role.HQ, "Central office")
    store.close()
    return tmp_path / "hq"


def choose(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(path), "*.xlsx"))
    )


def test_a_good_workbook_is_imported_and_summarised(
    qtbot: QtBot,
    make_services: ServicesFactory,
    monkeypatch: pytest.MonkeyPatch,
    hq_dir: Path,
    tmp_path: Path,
) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    services = make_services(lambda: open_store(hq_dir))
    choose(monkeypatch, probation_form(tmp_path))

    import_form(parent, services)
    qtbot.waitUntil(
        lambda: parent.findChild(QMessageBox, "formImportResult") is not None, timeout=20_000
    )
    box = parent.findChild(QMessageBox, "formImportResult")
    assert "Probation readiness" in box.text()
    assert "version 2.1" in box.text()
    assert "2 domains, 8 items, 2 choice lists" in box.text()
    assert ("probation-check", "2.1") in stored_forms(qtbot, services)


def test_a_rejected_workbook_lists_its_problems_and_stores_nothing(
    qtbot: QtBot,
    make_services: ServicesFactory,
    monkeypatch: pytest.MonkeyPatch,
    hq_dir: Path,
    tmp_path: Path,
) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    services = make_services(lambda: open_store(hq_dir))
    choose(monkeypatch, broken_form(tmp_path))

    import_form(parent, services)
    qtbot.waitUntil(lambda: parent.findChild(ProblemsDialog) is not None, timeout=20_000)
    dialog = parent.findChild(ProblemsDialog)
    table = dialog.table
    first = [table.item(0, c).text() for c in range(4)]
    assert first[:3] == ["survey", "3", "type"]
    assert "media questions are not supported: 'image'" in first[3]
    assert table.rowCount() == len(dialog.problems) >= 10
    dialog.copy_button.click()
    copied = QGuiApplication.clipboard().text().splitlines()
    assert copied[0] == "sheet\trow\tcolumn\tproblem"
    assert copied[1].startswith("survey\t3\ttype\t")
    assert stored_forms(qtbot, services) == [("ati-self-assessment", "1")]


def test_cancelling_the_file_dialog_does_nothing(
    qtbot: QtBot, make_services: ServicesFactory, monkeypatch: pytest.MonkeyPatch, hq_dir: Path
) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    services = make_services(lambda: open_store(hq_dir))
    called: list[object] = []
    monkeypatch.setattr(services, "run", lambda *a: called.append(a))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: ("", "")))
    import_form(parent, services)
    assert called == []
    assert parent.findChildren(QMessageBox) == []


def test_a_field_device_is_told_forms_come_from_the_central_office(
    qtbot: QtBot,
    make_services: ServicesFactory,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    store = open_store(tmp_path / "field")
    initialise_device(store, Role.FIELD, "Amina")
    store.close()
    parent = QWidget()
    qtbot.addWidget(parent)
    services = make_services(lambda: open_store(tmp_path / "field"))
    choose(monkeypatch, probation_form(tmp_path))

    import_form(parent, services)
    qtbot.waitUntil(
        lambda: parent.findChild(QMessageBox, "formImportError") is not None, timeout=20_000
    )
    assert "central office" in parent.findChild(QMessageBox, "formImportError").text()
    assert stored_forms(qtbot, services) == [("ati-self-assessment", "1")]


CORPUS = Path(__file__).resolve().parents[1] / "data" / "xlsforms"


def test_a_form_with_choices_in_files_asks_for_their_folder(
    qtbot: QtBot,
    make_services: ServicesFactory,
    monkeypatch: pytest.MonkeyPatch,
    hq_dir: Path,
) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    services = make_services(lambda: open_store(hq_dir))
    choose(monkeypatch, CORPUS / "facility_check_external.xlsx")
    asked: list[str] = []

    def folder(_parent: QWidget, title: str, start: str) -> str:
        asked.append(title)
        return str(CORPUS / "media")

    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(folder))
    import_form(parent, services)
    qtbot.waitUntil(
        lambda: parent.findChild(QMessageBox, "formImportResult") is not None, timeout=20_000
    )
    assert asked == ["Folder holding districts.xml, facilities.csv"]
    assert "Treatment facility check" in parent.findChild(QMessageBox, "formImportResult").text()
    assert ("facility-check", "1.2") in stored_forms(qtbot, services)
