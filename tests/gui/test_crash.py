"""Unhandled exceptions show a copyable report and are kept in the log; the app keeps running."""

from __future__ import annotations

import logging
import platform
import sys
import threading
from collections.abc import Iterator
from logging.handlers import RotatingFileHandler
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer, qVersion
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from icati_desktop import __version__
from icati_desktop.gui import crash
from icati_desktop.gui.crash import CrashDialog, current_crash_dialog, install_excepthook

# pytest-qt would otherwise catch exceptions in slots itself and fail the test.
pytestmark = [pytest.mark.gui, pytest.mark.qt_no_exception_capture]


@pytest.fixture
def log_file(tmp_path: Path) -> Iterator[Path]:
    """A log handler writing to a temporary file, and the hooks restored afterwards."""
    path = tmp_path / "logs" / "icati.log"
    path.parent.mkdir()
    handler = RotatingFileHandler(path, encoding="utf-8")
    root = logging.getLogger()
    root.addHandler(handler)
    saved_sys, saved_thread = sys.excepthook, threading.excepthook
    yield path
    dialog = current_crash_dialog()
    if dialog is not None:
        dialog.close()
    sys.excepthook, threading.excepthook = saved_sys, saved_thread
    crash._reporter = None
    root.removeHandler(handler)
    handler.close()


def _raise_in_slot(message: str) -> None:
    def boom() -> None:
        raise ValueError(message)

    QTimer.singleShot(0, boom)


def _wait_for_dialog(qtbot: QtBot) -> CrashDialog:
    qtbot.waitUntil(lambda: current_crash_dialog() is not None, timeout=5000)
    dialog = current_crash_dialog()
    assert dialog is not None
    return dialog


def test_exception_in_a_slot_shows_a_copyable_report(qtbot: QtBot, log_file: Path) -> None:
    install_excepthook(log_file)
    _raise_in_slot("the chart had no data")
    dialog = _wait_for_dialog(qtbot)
    qtbot.waitUntil(dialog.isVisible)

    report = dialog.report()
    assert "ValueError: the chart had no data" in report
    assert "Traceback (most recent call last)" in report
    assert "in boom" in report
    assert f"ICATI Desktop {__version__}" in report
    assert f"Python {platform.python_version()}" in report
    assert f"Qt {qVersion()}" in report
    assert f"OS {platform.platform()}" in report
    assert str(log_file) in report
    assert str(log_file) in dialog.log_label.text()

    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    assert QApplication.clipboard().text() == report

    logged = log_file.read_text(encoding="utf-8")
    assert "unhandled exception" in logged
    assert "ValueError: the chart had no data" in logged
    assert "in boom" in logged

    dialog.close_button.click()
    qtbot.waitUntil(lambda: current_crash_dialog() is None)
    # The app is still running: a later error gets a new dialog.
    _raise_in_slot("again")
    assert "ValueError: again" in _wait_for_dialog(qtbot).report()


def test_second_exception_is_appended_to_the_open_dialog(qtbot: QtBot, log_file: Path) -> None:
    install_excepthook(log_file)
    _raise_in_slot("first failure")
    dialog = _wait_for_dialog(qtbot)
    _raise_in_slot("second failure")
    qtbot.waitUntil(lambda: "second failure" in dialog.report())

    assert "first failure" in dialog.report()
    assert current_crash_dialog() is dialog
    open_dialogs = [
        w for w in QApplication.topLevelWidgets() if isinstance(w, CrashDialog) and w.isVisible()
    ]
    assert open_dialogs == [dialog]
    assert "second failure" in log_file.read_text(encoding="utf-8")


def test_exception_in_a_thread_reaches_the_dialog_on_the_gui_thread(
    qtbot: QtBot, log_file: Path
) -> None:
    install_excepthook(log_file)
    shown_on: list[threading.Thread] = []
    original_show = crash._CrashReporter.show_report

    def recording_show(self: crash._CrashReporter, report: str) -> None:
        shown_on.append(threading.current_thread())
        original_show(self, report)

    def work() -> None:
        raise OSError("the export folder vanished")

    crash._CrashReporter.show_report = recording_show  # type: ignore[method-assign]
    try:
        thread = threading.Thread(target=work, name="exporter")
        thread.start()
        thread.join()
        dialog = _wait_for_dialog(qtbot)
    finally:
        crash._CrashReporter.show_report = original_show  # type: ignore[method-assign]

    assert shown_on == [threading.main_thread()]
    assert "OSError: the export folder vanished" in dialog.report()
    assert "'exporter'" in dialog.report()
    logged = log_file.read_text(encoding="utf-8")
    assert "unhandled exception in thread exporter" in logged
    assert "OSError: the export folder vanished" in logged


def test_failure_while_showing_the_dialog_is_only_logged(
    qtbot: QtBot, log_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    install_excepthook(log_file)

    def broken_dialog(*args: object, **kwargs: object) -> CrashDialog:
        raise RuntimeError("no dialog for you")

    monkeypatch.setattr(crash, "CrashDialog", broken_dialog)
    _raise_in_slot("original failure")
    qtbot.waitUntil(lambda: "no dialog for you" in log_file.read_text(encoding="utf-8"))

    logged = log_file.read_text(encoding="utf-8")
    assert "ValueError: original failure" in logged
    assert "could not show the error report dialog" in logged
    assert current_crash_dialog() is None
