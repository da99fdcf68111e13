"""One worker thread for all database work; results come back on the GUI thread.

The GUI submits a function of the store; it runs on the single database thread
(SQLite connections are confined to it) and its result or exception is delivered to
a callback on the GUI thread through a queued signal. The UI thread never blocks.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QEventLoop, QObject, Signal
from shiboken6 import isValid

if TYPE_CHECKING:  # the database layer is loaded by the worker thread, not at start-up
    from icati_desktop.store.store import Store

log = logging.getLogger(__name__)
T = TypeVar("T")

THREAD_NAME = "icati-db"


def _is_refusal(exc: BaseException) -> bool:
    """A refusal of what a person asked (a bad file, a wrong passphrase, a value the form
    does not take, an edit someone else made first): the person is told in words, and the
    log notes it without alarm or traceback. Runs on the database thread, where the
    database layer is loaded."""
    return isinstance(exc, _refusals())


def _refusals() -> tuple[type[BaseException], ...]:
    from pydantic import ValidationError

    from icati_desktop.formats.safe_zip import UnsafeZip
    from icati_desktop.formats.submission_files import SubmissionFileError
    from icati_desktop.formats.xlsform_problems import XlsFormRejected
    from icati_desktop.store.assessment_answers import AnswerRejected
    from icati_desktop.store.assessment_changes import AssessmentLocked
    from icati_desktop.store.assessments import SubmitRefused
    from icati_desktop.store.blobs import BlobTooLarge
    from icati_desktop.store.cipher import PassphraseError
    from icati_desktop.store.form_versions import FormVersionRetired
    from icati_desktop.store.forms import FormVersionExists
    from icati_desktop.store.people_writes import NothingToWithdraw
    from icati_desktop.store.records import PermissionDenied, StaleEdit
    from icati_desktop.store.resolution import ResolutionRefused
    from icati_desktop.sync.cards import CardError
    from icati_desktop.sync.errors import BundleRejected
    from icati_desktop.sync.identity import MissingDeviceKeys
    from icati_desktop.sync.scopes import ScopeError
    from icati_desktop.sync.trust import TrustError

    return (
        BundleRejected,
        PassphraseError,
        MissingDeviceKeys,
        ValidationError,
        XlsFormRejected,
        SubmissionFileError,
        UnsafeZip,
        AnswerRejected,
        AssessmentLocked,
        SubmitRefused,
        BlobTooLarge,
        FormVersionRetired,
        FormVersionExists,
        NothingToWithdraw,
        PermissionDenied,
        StaleEdit,
        ResolutionRefused,
        CardError,
        ScopeError,
        TrustError,
    )


def on_database_thread() -> bool:
    return threading.current_thread().name.startswith(THREAD_NAME)


_thread_loops: list[QEventLoop] = []


def _give_qt_a_dispatcher() -> None:
    """Give the database thread a Qt event dispatcher (a ``QEventLoop`` makes one).

    The reports lay out text with QtGui on this thread; Qt's font cache starts a timer
    there, and without a dispatcher each PDF export printed "QBasicTimer::start: current
    thread's event dispatcher has already been destroyed" on stderr. The loop never runs."""
    _thread_loops.append(QEventLoop())


Delivery = tuple[Callable[[Any], None], Any, object]
"""The callback, its argument, and the job (kept so the GUI thread releases it)."""


class DatabaseWorker(QObject):
    """Owns the store; every call on it runs on one thread, in submission order.

    The job and its callbacks often close over widgets. Their last reference must be
    dropped on the GUI thread: releasing a Qt wrapper disconnects its signals, which takes
    Qt's connection lock and then waits for the GIL — on this thread, while the GUI thread
    holds the GIL and waits for that lock in ``connect``, both would wait for ever. So the
    worker hands everything it was given to a queue, drops its own references, and only
    then wakes the GUI thread, which delivers and releases them.
    """

    _ready = Signal()

    def __init__(self, open_store: Callable[[], Store], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._executor = ThreadPoolExecutor(
            max_workers=1, thread_name_prefix=THREAD_NAME, initializer=_give_qt_a_dispatcher
        )
        self._results: queue.SimpleQueue[Delivery] = queue.SimpleQueue()
        self._ready.connect(self._deliver)
        self._store: Future[Store] = self._executor.submit(open_store)

    def submit(
        self,
        job: Callable[[Store], T],
        on_done: Callable[[T], None],
        on_error: Callable[[BaseException], None] | None = None,
    ) -> None:
        parts: list[Any] = [job, on_done, on_error or _log_only]
        store = self._store  # the store open when the job was asked for (see reopen)

        def run() -> None:
            work, done, failed = parts
            parts.clear()
            try:
                delivery: Delivery = (done, work(store.result()), work)
            except BaseException as exc:  # delivered to the GUI, never lost
                if _is_refusal(exc):  # the person is told; no traceback needed
                    log.info("refused: %s", exc)
                else:
                    log.exception("database job failed")
                delivery = (failed, exc, work)
            self._results.put(delivery)
            del work, done, failed, delivery
            self._ready.emit()

        if self._closed:
            log.debug("database job dropped: the store is closed (the app is quitting)")
            return
        self._executor.submit(run)

    def _deliver(self) -> None:
        while True:
            try:
                callback, value, _job = self._results.get_nowait()
            except queue.Empty:
                return
            if _receiver_gone(callback):
                log.debug("database result dropped: the screen that asked for it was closed")
                continue
            callback(value)

    _closed = False

    def reopen(self, open_store: Callable[[], Store]) -> None:
        """Open the store again (after a restore); later jobs use the new one."""
        old = self._store

        def close_and_open() -> Store:
            if old.done() and old.exception() is None:
                old.result().close()
            return open_store()

        self._store = self._executor.submit(close_and_open)

    def shutdown(self) -> None:
        self._closed = True

        def close() -> None:
            if self._store.done() and self._store.exception() is None:
                self._store.result().close()

        self._executor.submit(close)
        self._executor.shutdown(wait=True)


def _receiver_gone(callback: Callable[[Any], None]) -> bool:
    """A method of a widget that was destroyed while its job ran (the window rebuilt
    when the app switches between the central database and this computer's store)."""
    owner = getattr(callback, "__self__", None)
    return isinstance(owner, QObject) and not isValid(owner)


def _log_only(exc: BaseException) -> None:
    log.error("unhandled database error: %s", exc)
