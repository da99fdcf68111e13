"""What views use: database jobs on the worker thread, change notifications, long work.

Views never hold a session or write SQL: they pass a function of the store (from the
service layer) and get its result on the GUI thread. The store's change listener runs
on the database thread; it is turned into a Qt signal, which Qt queues to the GUI.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from icati_desktop.gui.db_worker import DatabaseWorker
from icati_desktop.i18n import _

if TYPE_CHECKING:  # the database layer is loaded by the worker thread, not at start-up
    from icati_desktop.store.store import Store

T = TypeVar("T")
Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]
LongJob = Callable[["Store", Progress, Cancelled], T]
PROGRESS_DELAY_MS = 500


class AppServices(QObject):
    records_changed = Signal(str, object)
    """record type, frozenset of record ids (empty: any record of that type)."""
    _progress = Signal(object, int, int)

    def __init__(self, worker: DatabaseWorker, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.worker = worker
        self._progress.connect(self._show_progress)
        worker.submit(lambda store: store.subscribe(self._on_store_change), lambda _: None)

    def run(
        self,
        job: Callable[[Store], T],
        on_done: Callable[[T], None],
        on_error: Callable[[BaseException], None] | None = None,
    ) -> None:
        self.worker.submit(job, on_done, on_error)

    def run_long(
        self,
        parent: QWidget,
        label: str,
        job: LongJob[T],
        on_done: Callable[[T], None],
        on_error: Callable[[BaseException], None],
    ) -> QProgressDialog:
        """Run cancellable work with a progress dialog that appears only after ~0.5 s."""
        dialog = QProgressDialog(label, _("Cancel"), 0, 0, parent)
        dialog.setWindowTitle(label)
        dialog.setMinimumDuration(PROGRESS_DELAY_MS)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        # Not modal: a modal QProgressDialog runs nested event loops inside setValue(), and
        # closing it from a callback delivered by one of those loops can deadlock. The work
        # is on the database thread anyway; the dialog only reports and offers Cancel.
        dialog.setWindowModality(Qt.WindowModality.NonModal)
        stop = threading.Event()
        dialog.canceled.connect(stop.set)

        def progress(done: int, total: int) -> None:
            self._progress.emit(dialog, done, total)

        def finish(callback: Callable[[Any], None]) -> Callable[[Any], None]:
            def deliver(value: Any) -> None:
                dialog.reset()
                dialog.hide()
                dialog.deleteLater()
                callback(value)

            return deliver

        self.worker.submit(
            lambda store: job(store, progress, stop.is_set), finish(on_done), finish(on_error)
        )
        dialog.setValue(0)
        return dialog

    def _show_progress(self, dialog: QProgressDialog, done: int, total: int) -> None:
        if dialog.wasCanceled():
            return
        dialog.setMaximum(max(total, 1))
        dialog.setValue(min(done, max(total, 1)))

    def _on_store_change(self, changes: Mapping[str, frozenset[str]]) -> None:
        for record_type, ids in changes.items():
            self.records_changed.emit(record_type, ids)
