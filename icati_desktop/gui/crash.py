"""Unhandled exceptions become a visible, copyable report instead of a silent exit.

Qt calls ``sys.excepthook`` when a slot or virtual method raises and then carries on, so
without a hook the user sees nothing (or a window that stopped reacting) and the cause
is lost. The hook logs the traceback to the rotating log file and shows a
:class:`CrashDialog` with a report the user can copy into an e-mail. The app keeps
running: every store write is its own transaction, so nothing half-saved is left behind.

Exceptions in other threads (``threading.excepthook``) are only logged there; the
report travels to the GUI thread through a queued signal, because widgets must never
be touched off the GUI thread.
"""

from __future__ import annotations

import logging
import platform
import sys
import threading
import traceback
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType

import PySide6
from PySide6.QtCore import QObject, Qt, Signal, qVersion
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from icati_desktop import __version__
from icati_desktop.i18n import _

log = logging.getLogger("icati.crash")

_SEPARATOR = "\n" + "-" * 60 + "\n"


def environment_summary() -> str:
    """App, Python, Qt and OS versions: the first lines of every report."""
    return "\n".join(
        [
            f"ICATI Desktop {__version__}",
            f"Python {platform.python_version()} ({platform.python_implementation()})",
            f"Qt {qVersion()}, PySide6 {PySide6.__version__}",
            f"OS {platform.platform()}",
        ]
    )


def format_report(
    exc_type: type[BaseException],
    exc_value: BaseException,
    exc_tb: TracebackType | None,
    thread_name: str | None = None,
) -> str:
    """One exception as report text: when, where (thread) and the full traceback."""
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
    where = f" in thread {thread_name!r}" if thread_name else ""
    trace = "".join(traceback.format_exception(exc_type, exc_value, exc_tb))
    return f"{when}{where}\n{trace.rstrip()}"


class CrashDialog(QDialog):
    """The message, where the log is, the report (read-only), Copy report and Close."""

    def __init__(self, log_file: Path, report: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("ICATI Desktop: unexpected error"))
        self.setObjectName("crashDialog")
        message = QLabel(
            _(
                "Something went wrong. Your data is safe: every change is saved as it is made. "
                "You can keep working; if this happens again, please send the report below "
                "to your support contact."
            )
        )
        message.setWordWrap(True)
        self.log_label = QLabel(_("The log file is: {path}").format(path=log_file))
        self.log_label.setWordWrap(True)
        self.log_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.report_edit = QPlainTextEdit()
        self.report_edit.setReadOnly(True)
        self.report_edit.setAccessibleName(_("Error report"))
        self.report_edit.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.report_edit.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.report_edit.setMinimumSize(560, 260)
        log_line = _("Log file:")
        self.report_edit.setPlainText(
            f"{environment_summary()}\n{log_line} {log_file}{_SEPARATOR}{report}"
        )
        buttons = QDialogButtonBox()
        self.copy_button = QPushButton(_("Copy report"))
        self.copy_button.clicked.connect(self.copy_report)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.close_button = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(message)
        layout.addWidget(self.log_label)
        layout.addWidget(self.report_edit)
        layout.addWidget(buttons)

    def report(self) -> str:
        return self.report_edit.toPlainText()

    def append_report(self, report: str) -> None:
        """A later exception while this dialog is open: add it instead of a second dialog."""
        self.report_edit.appendPlainText(f"{_SEPARATOR.strip()}\n{report}")

    def copy_report(self) -> None:
        QApplication.clipboard().setText(self.report())


class _CrashReporter(QObject):
    """Lives on the GUI thread; other threads hand it reports through ``reported``."""

    reported = Signal(str)

    def __init__(self, log_file: Path) -> None:
        super().__init__()
        self.log_file = log_file
        self.dialog: CrashDialog | None = None
        self._showing = False
        self.reported.connect(self.show_report, Qt.ConnectionType.QueuedConnection)

    def except_hook(
        self,
        exc_type: type[BaseException],
        exc_value: BaseException,
        exc_tb: TracebackType | None,
    ) -> None:
        if issubclass(exc_type, KeyboardInterrupt):  # Ctrl+C in a terminal: quit as usual
            sys.__excepthook__(exc_type, exc_value, exc_tb)
            return
        log.critical("unhandled exception", exc_info=(exc_type, exc_value, exc_tb))
        on_gui_thread = threading.current_thread() is threading.main_thread()
        report = format_report(
            exc_type, exc_value, exc_tb, None if on_gui_thread else threading.current_thread().name
        )
        if on_gui_thread:
            self.show_report(report)
        else:
            self.reported.emit(report)

    def thread_hook(self, args: threading.ExceptHookArgs) -> None:
        exc_value = args.exc_value or args.exc_type()
        log.critical(
            "unhandled exception in thread %s",
            args.thread.name if args.thread else "?",
            exc_info=(args.exc_type, exc_value, args.exc_traceback),
        )
        thread_name = args.thread.name if args.thread else "?"
        self.reported.emit(format_report(args.exc_type, exc_value, args.exc_traceback, thread_name))

    def show_report(self, report: str) -> None:
        """Show (or extend) the dialog; any failure here is only logged, never re-raised."""
        if self._showing or QApplication.instance() is None:
            return  # an exception while the dialog is being built: the log has it
        self._showing = True
        try:
            if self.dialog is not None and isValid(self.dialog) and self.dialog.isVisible():
                self.dialog.append_report(report)
            else:
                self.dialog = CrashDialog(self.log_file, report, _active_window())
                self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
                self.dialog.finished.connect(self._forget_dialog)
                self.dialog.show()
            self.dialog.raise_()
            self.dialog.activateWindow()
        except Exception:
            log.exception("could not show the error report dialog")
        finally:
            self._showing = False

    def _forget_dialog(self) -> None:
        self.dialog = None


def _active_window() -> QWidget | None:
    window = QApplication.activeWindow()
    return window if isinstance(window, QWidget) else None


_reporter: _CrashReporter | None = None


def install_excepthook(log_file: Path) -> None:
    """Route unhandled exceptions (GUI and other threads) to the log and the crash dialog.

    Call it on the GUI thread, after logging is set up; it may run before the
    ``QApplication`` exists (a report then only reaches the log).
    """
    global _reporter
    _reporter = _CrashReporter(log_file)
    sys.excepthook = _reporter.except_hook
    threading.excepthook = _reporter.thread_hook


def current_crash_dialog() -> CrashDialog | None:
    """The open crash dialog, if any (for tests and for the window to check)."""
    return _reporter.dialog if _reporter is not None else None


__all__ = [
    "CrashDialog",
    "current_crash_dialog",
    "environment_summary",
    "format_report",
    "install_excepthook",
]
