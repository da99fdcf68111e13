"""Which store the app works on — this computer's own, or the central database — and switching.

An :class:`AppSession` owns the database thread, the services, the first-run gate and the
main window of one open store. Connecting to the central database (from the first-run
wizard or the File menu) or going back to this computer's data closes them and opens the
other store, without restarting the app.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy.exc import SQLAlchemyError

from icati_desktop.gui.central_dialog import (
    CentralChoice,
    CentralDatabaseDialog,
    forget_central_database,
)
from icati_desktop.gui.db_worker import DatabaseWorker
from icati_desktop.gui.first_run import FirstRunGate
from icati_desktop.gui.main_window import MainWindow
from icati_desktop.gui.services import AppServices
from icati_desktop.i18n import _
from icati_desktop.store.central_connect import (
    CentralConnectError,
    central_data_dir,
    connection_problem,
    probe_central,
)
from icati_desktop.store.database_url import CentralAddress
from icati_desktop.store.migrate import SchemaTooNew
from icati_desktop.store.opening import open_store
from icati_desktop.store.store import Store
from icati_desktop.sync.central_keys import check_central_keys

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class CentralTarget:
    address: CentralAddress
    password: str | None


def open_central_store(
    data_dir: Path, target: CentralTarget, on_state: Callable[[bool], None] | None = None
) -> Store:
    """Open the central database (on the database thread) and follow what others change."""
    address, password = target.address, target.password
    probe_central(address, password)  # a field device's or a foreign database is refused
    try:
        store = open_store(central_data_dir(data_dir, address), address.url(password))
    except (SQLAlchemyError, SchemaTooNew) as exc:
        raise connection_problem(exc, address, password) from None
    try:
        check_central_keys(store)
        store.follow_other_writers(on_state)
    except BaseException:
        store.close()
        raise
    log.info("working on the central database %s", address.label)
    return store


class AppSession(QObject):
    """The open store and its window; ``central`` is None for this computer's own store."""

    connection_changed = Signal(bool)
    """The central database's change notifications are up (True) or lost (False)."""

    def __init__(
        self,
        data_dir: Path,
        open_local: Callable[[], Callable[[], Store] | None],
        on_window: Callable[[MainWindow], None],
        on_failed: Callable[[BaseException], None],
        on_cancelled: Callable[[], None],
    ) -> None:
        super().__init__()
        self.data_dir = data_dir
        self.open_local = open_local
        """Asks what it must (the passphrase of an encrypted store) on the GUI thread and
        returns the opener to run on the database thread, or None if the person cancelled."""
        self.on_window = on_window
        self.on_failed = on_failed
        self.on_cancelled = on_cancelled
        self.central: CentralTarget | None = None
        self.worker: DatabaseWorker | None = None
        self.services: AppServices | None = None
        self.gate: FirstRunGate | None = None
        self.window: MainWindow | None = None

    def start_local(self) -> None:
        self._start(None)

    def start_central(self, target: CentralTarget) -> None:
        self._start(target)

    def _start(self, target: CentralTarget | None) -> None:
        self.close()
        self.central = target
        opener: Callable[[], Store] | None
        if target is None:
            opener = self.open_local()
            if opener is None:
                self.on_cancelled()
                return
        else:

            def opener() -> Store:
                return open_central_store(self.data_dir, target, self.connection_changed.emit)

        self.worker = DatabaseWorker(opener)
        self.services = AppServices(self.worker)
        self.gate = FirstRunGate(self.services)
        self.gate.ready.connect(self._show_window)
        self.gate.cancelled.connect(self.on_cancelled)
        self.gate.failed.connect(self._failed)
        self.gate.central_requested.connect(self.choose_central)
        self.gate.start()

    def _show_window(self) -> None:
        assert self.services is not None
        window = MainWindow(self.services)
        window.show_store(self.central.address.label if self.central else None)
        window.central_action.triggered.connect(self.choose_central)
        window.local_action.triggered.connect(self.back_to_local)
        self.connection_changed.connect(window.show_connection)
        self.window = window
        self.on_window(window)

    def _failed(self, error: BaseException) -> None:
        if self.central is None:
            self.on_failed(error)
            return
        # The central database did not open: say why, and let the person fix the address
        # or password, or go back to this computer's data.
        problem = error.message if isinstance(error, CentralConnectError) else str(error)
        address = self.central.address
        self.close()
        dialog = CentralDatabaseDialog(self.data_dir, address, problem)
        if dialog.exec() == CentralDatabaseDialog.DialogCode.Accepted and dialog.choice:
            self._start_choice(dialog.choice)
        else:
            forget_central_database(self.data_dir, None)
            self.start_local()

    def choose_central(self) -> None:
        """“Connect to the central database…”: ask, then reopen on it."""
        parent = self.window or (self.gate.wizard if self.gate else None)
        current = self.central.address if self.central else None
        dialog = CentralDatabaseDialog(self.data_dir, current, parent=parent)
        if dialog.exec() == CentralDatabaseDialog.DialogCode.Accepted and dialog.choice:
            self._start_choice(dialog.choice)

    def _start_choice(self, choice: CentralChoice) -> None:
        self.start_central(CentralTarget(choice.address, choice.password))

    def back_to_local(self) -> None:
        """“Work on this computer's own data”: forget the central address (and password)."""
        if self.central is None:
            return
        answer = QMessageBox.question(
            self.window,
            _("Work on this computer's own data"),
            _(
                "Disconnect from the central database {name} and work on this computer's own "
                "data? Nothing is lost: you can connect again from the File menu."
            ).format(name=self.central.address.label),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        forget_central_database(self.data_dir, self.central.address)
        self.start_local()

    def close(self) -> None:
        """Close the window and the store (the app goes on with the next one)."""
        if self.window is not None:
            # Hidden, not closed: closing the last window would quit the app.
            self.window.save_state()
            self.window.hide()
            self.window.deleteLater()
            self.window = None
        if self.gate is not None and self.gate.wizard is not None:
            self.gate.wizard.hide()
            self.gate.wizard.deleteLater()
        self.gate = None
        if self.worker is not None:
            self.worker.shutdown()
            self.worker = None
        self.services = None
        app = QApplication.instance()
        if app is not None:
            app.processEvents()
