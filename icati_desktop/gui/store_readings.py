"""What the main window shows of the store as a whole, read on the database thread: the
summary (Home), the sync status (Home, Sync and the status bar) and the bundle history
(Sync). A section built later is handed the last reading (:mod:`icati_desktop.gui.sections`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer

from icati_desktop.gui.main_jobs import history_job, status_job, summary_job
from icati_desktop.gui.pages.home import HomePage
from icati_desktop.gui.sections import HOME, SYNC
from icati_desktop.gui.sync.status_text import status_text

if TYPE_CHECKING:
    from icati_desktop.gui.main_window import MainWindow
    from icati_desktop.store.summary import StoreSummary
    from icati_desktop.store.sync_state import BundleLogEntry
    from icati_desktop.store.sync_status import SyncStatus


class StoreReadings(QObject):
    """The last readings, read again (once for a burst) whenever records change."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.summary: StoreSummary | None = None
        self.status: SyncStatus | None = None
        self.history: list[BundleLogEntry] | None = None
        self.timer = QTimer(self)  # a burst of changes costs one refresh
        self.timer.setSingleShot(True)
        self.timer.setInterval(100)
        self.timer.timeout.connect(window.refresh)
        window.services.records_changed.connect(lambda *_args: self.timer.start())

    def read(self) -> None:
        run, failed = self.window.services.run, self.window._read_failed
        run(summary_job, self._summary_ready, failed)
        run(status_job, self._status_ready, failed)
        run(history_job, self._history_ready, failed)

    def _summary_ready(self, summary: StoreSummary) -> None:
        self.summary = summary
        home = self.window.built_page(HOME)
        if isinstance(home, HomePage):
            home.show_summary(summary)

    def _status_ready(self, status: SyncStatus) -> None:
        self.status = status
        home, sync = self.window.built_page(HOME), self.window.built_page(SYNC)
        if isinstance(home, HomePage):
            home.show_status(status)
        if sync is not None:
            sync.show_status(status)  # type: ignore[attr-defined]
        self.window.sync_state.setText(status_text(status))

    def _history_ready(self, history: list[BundleLogEntry]) -> None:
        self.history = history
        sync = self.window.built_page(SYNC)
        if sync is not None:
            sync.show_history(history)  # type: ignore[attr-defined]


__all__ = ["StoreReadings"]
