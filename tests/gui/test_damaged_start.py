"""Opening a damaged store: the app says so and offers the newest good backup; accepted, it
restores it (the damaged file kept aside) and opens the window on the restored data."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import cast

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from icati_desktop.gui.startup import Startup
from icati_desktop.store.daily_backup import take_daily_backup
from icati_desktop.store.device import Role
from icati_desktop.store.opening import DB_FILENAME, open_store
from icati_desktop.sync.device_setup import initialise_device


class Exits:
    """Stands for the application: records the exit instead of ending the test run's loop."""

    def __init__(self) -> None:
        self.codes: list[int] = []

    def exit(self, code: int = 0) -> None:
        self.codes.append(code)

    def quit(self) -> None:
        self.codes.append(0)


@pytest.fixture
def damaged(tmp_path: Path) -> Path:
    data_dir = tmp_path / "data"
    store = open_store(data_dir)
    initialise_device(store, Role.FIELD, "Amina")
    take_daily_backup(store, date(2026, 3, 1))
    store.close()
    db = data_dir / DB_FILENAME
    db.write_bytes(b"not a database any more" + db.read_bytes()[23:])
    return data_dir


def test_a_damaged_store_is_restored_from_the_newest_backup_when_the_person_agrees(
    qtbot: QtBot, damaged: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []

    def question(_parent: object, _title: str, text: str, *_args: object) -> object:
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", question)
    startup = Startup(cast(QApplication, Exits()), damaged, [])
    try:
        startup.start()
        qtbot.waitUntil(lambda: startup.window is not None and bool(asked), timeout=20_000)
        assert "is damaged" in asked[0]
        assert str(damaged / "damaged") in asked[0]
        window = startup.window
        assert window is not None
        qtbot.waitUntil(lambda: window.home.counts.rowCount() > 0, timeout=20_000)
        assert len(list((damaged / "damaged").glob("*.sqlite3"))) == 1
    finally:
        if startup.window is not None:
            startup.window.close()
        startup.shutdown()


def test_refusing_the_restore_changes_nothing(
    qtbot: QtBot, damaged: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QMessageBox, "question", lambda *_a: QMessageBox.StandardButton.No)
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _p, _t, text: shown.append(text))
    before = (damaged / DB_FILENAME).read_bytes()
    exits = Exits()
    startup = Startup(cast(QApplication, exits), damaged, [])
    try:
        startup.start()
        qtbot.waitUntil(lambda: bool(shown), timeout=20_000)
        assert "could not be opened" in shown[0]
        assert exits.codes == [1]
        assert startup.window is None
        assert (damaged / DB_FILENAME).read_bytes() == before
        assert not (damaged / "damaged").exists()
    finally:
        startup.shutdown()
