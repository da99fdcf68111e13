"""The window `make run` opens: it creates the store on first run and shows what it holds."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from icati_desktop.gui.app import open_or_create
from icati_desktop.gui.db_worker import DatabaseWorker
from icati_desktop.gui.main_window import MainWindow


def table_text(window: MainWindow) -> dict[str, str]:
    table = window.counts
    return {table.item(row, 0).text(): table.item(row, 1).text() for row in range(table.rowCount())}


def test_first_run_creates_the_store_and_shows_it(qtbot: QtBot, tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    worker = DatabaseWorker(lambda: open_or_create(data_dir, None))
    window = MainWindow(worker)
    qtbot.addWidget(window)
    try:
        qtbot.waitUntil(lambda: window.counts.rowCount() > 0, timeout=20_000)
        counts = table_text(window)
        assert int(counts["Countries"]) >= 195
        assert int(counts["Library resources"]) >= 25
        assert "field" in window.device_label.text()
        assert str(data_dir) in window.database_label.text()
        assert (data_dir / "icati.sqlite3").is_file()
        assert "versions stored" in window.statusBar().currentMessage()
    finally:
        worker.shutdown()


def test_a_store_that_cannot_be_opened_is_reported_in_the_window(
    qtbot: QtBot, tmp_path: Path
) -> None:
    blocked = tmp_path / "not-a-directory"
    blocked.write_text("a file where the data directory should be")
    worker = DatabaseWorker(lambda: open_or_create(blocked, None))
    window = MainWindow(worker)
    qtbot.addWidget(window)
    try:
        qtbot.waitUntil(
            lambda: "could not be read" in window.statusBar().currentMessage(), timeout=10_000
        )
    finally:
        worker.shutdown()
