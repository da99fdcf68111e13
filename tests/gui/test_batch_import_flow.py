"""HQ imports several bundles from the app: choose or drop them, confirm once, see what
each did; one chosen file still gets its preview."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from icati_desktop.gui.main_window import MainWindow
from icati_desktop.gui.services import AppServices
from icati_desktop.gui.settings import LAST_BUNDLE_DIR
from icati_desktop.gui.sync.batch_summary import BatchImportDialog
from icati_desktop.gui.sync.preview import ImportPreviewDialog
from icati_desktop.gui.sync.reject_messages import rejection_reason
from icati_desktop.store.opening import open_store
from icati_desktop.store.store import Store
from icati_desktop.store.sync_state import bundle_history
from icati_desktop.sync.errors import RejectCode
from tests.gui.conftest import DatabaseThreadGuard
from tests.gui.drops import drop_files
from tests.sync.stick import Stick, make_stick

ServicesFactory = Callable[[Callable[[], Store]], AppServices]


@pytest.fixture
def stick(tmp_path: Path) -> Stick:
    return make_stick(tmp_path)


def hq_window(qtbot: QtBot, make_services: ServicesFactory, data_dir: Path) -> MainWindow:
    window = MainWindow(make_services(lambda: open_store(data_dir)))
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.home.counts.rowCount() > 0, timeout=20_000)
    return window


def choose(monkeypatch: pytest.MonkeyPatch, paths: list[Path]) -> None:
    monkeypatch.setattr(
        QFileDialog,
        "getOpenFileNames",
        staticmethod(lambda *a, **k: ([str(p) for p in paths], "")),
    )


def rows(dialog: BatchImportDialog) -> list[tuple[str, str, str]]:
    table = dialog.table
    return [
        (table.item(r, 0).text(), table.item(r, 1).text(), table.item(r, 2).text())
        for r in range(table.rowCount())
    ]


def imported_files(guard: DatabaseThreadGuard, data_dir: Path) -> list[str]:
    """The files the store's history says were imported (read by the test itself, once the
    window is closed)."""
    guard.armed = False
    store = open_store(data_dir)
    try:
        with store.read() as session:
            return sorted(e.file_name for e in bundle_history(session) if e.direction == "import")
    finally:
        store.close()


def test_several_chosen_bundles_are_imported_after_one_question(
    qtbot: QtBot,
    make_services: ServicesFactory,
    stick: Stick,
    monkeypatch: pytest.MonkeyPatch,
    db_thread_guard: DatabaseThreadGuard,
) -> None:
    data_dir = stick.hq_copy()
    window = hq_window(qtbot, make_services, data_dir)
    asked: list[list[str]] = []
    window.flows.confirm_several = lambda files: asked.append([f.name for f in files]) or True
    choose(monkeypatch, [stick.amina, stick.damaged, stick.omar])
    window.flows.choose_and_import()
    qtbot.waitUntil(lambda: window.flows.last_batch is not None, timeout=60_000)
    dialog = window.flows.last_batch
    assert dialog is not None
    assert asked == [["omar.icati", "copied-badly.icati", "amina.icati"]]  # oldest first
    shown = rows(dialog)
    assert [r[0] for r in shown] == ["omar.icati", "copied-badly.icati", "amina.icati"]
    assert shown[0][1] == "Omar"
    assert shown[0][2].endswith("changes imported.")
    assert shown[1][1] == ""
    code = re.search(r"Code for support: (\w+)", dialog.table.item(1, 2).toolTip())
    assert code is not None
    assert shown[1][2] == rejection_reason(RejectCode(code[1]), "")  # in words, what to do
    assert dialog.headline.text() == "2 bundles imported and 1 refused, which changed nothing."
    assert dialog.conflicts_button is None  # no conflict opened: nothing to offer
    window.close()
    assert imported_files(db_thread_guard, data_dir) == ["amina.icati", "omar.icati"]


def test_saying_no_imports_nothing(
    qtbot: QtBot,
    make_services: ServicesFactory,
    stick: Stick,
    monkeypatch: pytest.MonkeyPatch,
    db_thread_guard: DatabaseThreadGuard,
) -> None:
    data_dir = stick.hq_copy()
    window = hq_window(qtbot, make_services, data_dir)
    asked: list[int] = []
    window.flows.confirm_several = lambda files: asked.append(len(files)) and False
    choose(monkeypatch, [stick.amina, stick.omar])
    window.flows.choose_and_import()
    assert asked == [2]
    qtbot.wait(300)
    assert window.flows.last_batch is None
    window.close()
    assert imported_files(db_thread_guard, data_dir) == []


def test_one_chosen_bundle_is_previewed_first(
    qtbot: QtBot, make_services: ServicesFactory, stick: Stick, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = hq_window(qtbot, make_services, stick.hq_copy())
    previews: list[ImportPreviewDialog] = []
    window.flows.confirm = lambda dialog: previews.append(dialog) or False
    window.flows.confirm_several = lambda files: pytest.fail("one file needs no batch")
    choose(monkeypatch, [stick.amina])
    window.flows.choose_and_import()
    qtbot.waitUntil(lambda: bool(previews), timeout=20_000)


def test_dropping_several_bundles_imports_them_all(
    qtbot: QtBot, make_services: ServicesFactory, stick: Stick
) -> None:
    window = hq_window(qtbot, make_services, stick.hq_copy())
    asked: list[list[str]] = []
    window.flows.confirm_several = lambda files: asked.append([f.name for f in files]) or True
    drop_files(window, [stick.amina, stick.omar])
    qtbot.waitUntil(lambda: window.flows.last_batch is not None, timeout=60_000)
    assert asked == [["omar.icati", "amina.icati"]]
    dialog = window.flows.last_batch
    assert dialog is not None
    assert dialog.headline.text() == "2 bundles imported."


def test_home_imports_every_waiting_bundle_in_one_go(
    qtbot: QtBot, make_services: ServicesFactory, stick: Stick
) -> None:
    LAST_BUNDLE_DIR.set(QSettings(), str(stick.amina.parent))
    window = hq_window(qtbot, make_services, stick.hq_copy())
    view = window.home.hq_view
    qtbot.waitUntil(lambda: view.bundles.count() == 3, timeout=20_000)
    assert view.import_all_button.isVisibleTo(view)
    asked: list[list[str]] = []
    window.flows.confirm_several = lambda files: asked.append([f.name for f in files]) or True
    view.import_all_button.click()
    qtbot.waitUntil(lambda: window.flows.last_batch is not None, timeout=60_000)
    assert asked == [["omar.icati", "copied-badly.icati", "amina.icati"]]
    # the refused file still waits, alone: nothing left to import in one go
    window.home.refresh_dashboard()
    qtbot.waitUntil(lambda: view.bundles.count() == 1, timeout=20_000)
    assert view.bundles.item(0).text().startswith("copied-badly.icati")
    assert not view.import_all_button.isVisibleTo(view)
