"""One worker thread for all database work; results come back on the GUI thread.

The GUI submits a function of the store; it runs on the single database thread
(SQLite connections are confined to it) and its result or exception is delivered to
a callback on the GUI thread through a queued signal. The UI thread never blocks.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Signal

from icati_desktop.store.store import Store

log = logging.getLogger(__name__)
T = TypeVar("T")

THREAD_NAME = "icati-db"


def on_database_thread() -> bool:
    return threading.current_thread().name.startswith(THREAD_NAME)


class DatabaseWorker(QObject):
    """Owns the store; every call on it runs on one thread, in submission order."""

    _delivered = Signal(object, object, object)

    def __init__(self, open_store: Callable[[], Store], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix=THREAD_NAME)
        self._delivered.connect(self._deliver)
        self._store: Future[Store] = self._executor.submit(open_store)

    def submit(
        self,
        job: Callable[[Store], T],
        on_done: Callable[[T], None],
        on_error: Callable[[BaseException], None] | None = None,
    ) -> None:
        def run() -> None:
            try:
                result: Any = job(self._store.result())
            except BaseException as exc:  # delivered to the GUI, never lost
                log.exception("database job failed")
                self._delivered.emit(on_error or _log_only, exc, None)
                return
            self._delivered.emit(on_done, result, None)

        if self._closed:
            log.debug("database job dropped: the store is closed (the app is quitting)")
            return
        self._executor.submit(run)

    def _deliver(self, callback: Callable[[Any], None], value: Any, _unused: Any) -> None:
        callback(value)

    _closed = False

    def shutdown(self) -> None:
        self._closed = True

        def close() -> None:
            if self._store.done() and self._store.exception() is None:
                self._store.result().close()

        self._executor.submit(close)
        self._executor.shutdown(wait=True)


def _log_only(exc: BaseException) -> None:
    log.error("unhandled database error: %s", exc)
