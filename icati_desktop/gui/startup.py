"""From a chosen data directory — or the central database — to the first screen, early.

A store that exists is almost always set up, so the main window is built and shown at
once; the database thread opens the store (and imports the database layer) once that
window has painted — started earlier, it would compete with the window's own imports for
the interpreter and delay the first paint by its whole opening. The first-run check then
runs and, in the rare case the store has no device yet (a first run that was cancelled),
the window gives way to the wizard. A new data directory goes straight to the wizard, and
its store is created once the wizard has painted. A store that turns out to be damaged is
never shown half-open: the window closes and the person is offered the newest good
backup, the damaged file being kept aside (:mod:`icati_desktop.store.recovery`).

The same object switches stores without a restart: "Connect to the central database…"
(first-run wizard or File menu) and "Work on this computer's own data" close the window,
the database thread and the store, and open the other one
(:mod:`icati_desktop.sync.central_opening` opens the central database, loaded only then).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QMessageBox

from icati_desktop.gui.db_worker import DatabaseWorker
from icati_desktop.gui.first_run_gate import FirstRunGate
from icati_desktop.gui.services import AppServices
from icati_desktop.i18n import _, format_datetime
from icati_desktop.paths import DB_FILENAME
from icati_desktop.store.private_files import keys_in_clear

if TYPE_CHECKING:
    from icati_desktop.gui.central_dialog import CentralChoice
    from icati_desktop.gui.main_window import MainWindow
    from icati_desktop.store.store import Store
    from icati_desktop.sync.central_opening import CentralTarget


_SQLITE_HEADER = b"SQLite format 3\x00"


def looks_encrypted(store_file: Path) -> bool:
    """Whether the store file is not a clear SQLite file (so, a SQLCipher one): the same
    test as ``store.cipher.is_encrypted_file``, without loading the database layer."""
    try:
        with store_file.open("rb") as handle:
            head = handle.read(len(_SQLITE_HEADER))
    except FileNotFoundError:
        return False
    return bool(head) and head != _SQLITE_HEADER


def ask_passphrase_if_locked(data_dir: Path) -> tuple[bool, str | None]:
    """(go on?, passphrase): the unlock dialog, only for an encrypted store."""
    store_file = data_dir / DB_FILENAME
    if not looks_encrypted(store_file) or keys_in_clear(data_dir / "keys"):
        return True, None  # a clear device (a header that is not SQLite's is damage)
    from icati_desktop.gui.passphrase_dialogs import UnlockDialog

    dialog = UnlockDialog(store_file)
    if dialog.exec() != UnlockDialog.DialogCode.Accepted:
        return False, None
    return True, dialog.passphrase


def _open(data_dir: Path, passphrase: str | None) -> Store:
    """On the database thread: remove attachment copies a crash left, open the store and
    finish any interrupted protection change."""
    from icati_desktop.store.opened_copies import remove_opened_copies
    from icati_desktop.store.opening import open_store
    from icati_desktop.sync.protection import settle_protection

    remove_opened_copies(data_dir)
    store = open_store(data_dir, None, passphrase=passphrase)
    try:
        settle_protection(store)
    except BaseException:
        store.close()
        raise
    return store


HOLD_LIMIT_S = 3.0
"""The longest the store's opening waits for the first paint (a window never painted)."""


class FirstPaintGate(QObject):
    """Opens once the first screen has painted: an application event filter sees the first
    paint event and, when that paint is over (a zero timer: the rest of the window paints
    in the same pass), sets ``painted``. The database thread's opening waits for it."""

    def __init__(self) -> None:
        super().__init__()
        self.painted = threading.Event()
        app = QApplication.instance()
        assert app is not None
        self._app = app
        app.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and not self.painted.is_set():
            self._app.removeEventFilter(self)
            QTimer.singleShot(0, self.open)
        return False

    def open(self) -> None:
        self._app.removeEventFilter(self)
        self.painted.set()


def held_until(gate: threading.Event, opener: Callable[[], Store]) -> Callable[[], Store]:
    def open_when_painted() -> Store:
        gate.wait(HOLD_LIMIT_S)
        return opener()

    return open_when_painted


def is_damage(error: BaseException) -> bool:
    from icati_desktop.store.storage_errors import StorageProblemKind, storage_problem

    problem = storage_problem(error)
    return problem is not None and problem.kind is StorageProblemKind.DAMAGED


class Startup(QObject):
    """Owns the database thread, the first-run gate and the main window of the open store;
    ``central`` is None for this computer's own store."""

    connection_changed = Signal(bool)
    """The central database's change notifications are up (True) or lost (False)."""
    window_shown = Signal(object)
    """A main window is ready on an opened store (the store may change, the window too)."""

    def __init__(
        self,
        app: QApplication,
        data_dir: Path,
        bundles: list[Path],
        passphrase: str | None = None,
        central: CentralTarget | None = None,
        open_local: Callable[[], Store] | None = None,
    ) -> None:
        super().__init__()
        self.app = app
        self.data_dir = data_dir
        self.bundles = bundles
        self.passphrase = passphrase
        self.central = central
        self._open_local = open_local
        """Tests open this computer's store their own way; the app uses :func:`_open`."""
        self.worker: DatabaseWorker | None = None
        self.services: AppServices | None = None
        self.gate: FirstRunGate | None = None
        self.window: MainWindow | None = None
        self._first_paint: FirstPaintGate | None = None

    def start(self) -> None:
        self._begin(self.central)

    def start_central(self, target: CentralTarget) -> None:
        self._begin(target)

    def _local_opener(self) -> Callable[[], Store]:
        if self._open_local is not None:
            return self._open_local
        data_dir, passphrase = self.data_dir, self.passphrase
        return lambda: _open(data_dir, passphrase)

    def _begin(self, target: CentralTarget | None) -> None:
        self.close()
        self.central = target
        opener: Callable[[], Store]
        if target is None:
            opener = self._local_opener()
        else:

            def opener() -> Store:
                from icati_desktop.sync.central_opening import open_central_store

                return open_central_store(self.data_dir, target, self.connection_changed.emit)

        # The first screen is known before the store opens: this computer's set-up store
        # shows the main window, a new data directory the wizard. Either paints first.
        # (A test's own opener may set a new store up itself: then the store decides.)
        stored = (self.data_dir / DB_FILENAME).is_file()
        new_store = target is None and not stored and self._open_local is None
        early_screen = target is None and (stored or new_store)
        if early_screen:
            self._first_paint = FirstPaintGate()
            opener = held_until(self._first_paint.painted, opener)
        self.worker = DatabaseWorker(opener)
        self.services = AppServices(self.worker)
        self.gate = FirstRunGate(self.services)
        self.gate.ready.connect(self._ready)
        self.gate.cancelled.connect(self.app.quit)
        self.gate.failed.connect(self._failed)
        self.gate.wizard_opened.connect(self._close_window)
        self.gate.central_requested.connect(self.choose_central)
        if early_screen and not new_store:
            self._show_window()
        self.gate.start(first_run=new_store)

    def shutdown(self) -> None:
        self.close()
        from icati_desktop.store.opened_copies import remove_opened_copies

        remove_opened_copies(self.data_dir)

    def close(self) -> None:
        """Close the window, the wizard and the store (the app goes on with the next one)."""
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
        if self._first_paint is not None:
            self._first_paint.open()  # nothing painted: the opening need not wait
            self._first_paint = None
        if self.worker is not None:
            self.worker.shutdown()
            self.worker = None
        self.services = None

    def _show_window(self) -> None:
        if self.window is not None:
            return
        from icati_desktop.gui.main_window import MainWindow

        assert self.services is not None
        window = MainWindow(self.services)
        window.show_store(self.central.address.label if self.central else None)
        window.central_action.triggered.connect(self.choose_central)
        window.local_action.triggered.connect(self.back_to_local)
        self.connection_changed.connect(window.show_connection)
        self.window = window
        window.show()

    def _close_window(self) -> None:
        if self.window is not None:
            self.window.close()
            self.window.deleteLater()
            self.window = None

    def _ready(self) -> None:
        if self.central is None:
            from icati_desktop.gui.app import remember_data_dir

            remember_data_dir(self.data_dir)  # the store opened: reopen it next time
        self._show_window()
        assert self.window is not None
        self.window_shown.emit(self.window)
        if self.bundles:  # opened with .icati files ("Open with ICATI Desktop")
            opened, self.bundles = self.bundles, []
            self.window.flows.import_several(opened)  # one: its preview

    def _failed(self, error: BaseException) -> None:
        self._close_window()
        if self.central is not None:
            self._central_failed(error)
            return
        if is_damage(error) and self.offer_restore(error):
            return
        QMessageBox.critical(
            None, _("ICATI Desktop"), _("The data could not be opened: {error}").format(error=error)
        )
        self.app.exit(1)

    # --- the central database -------------------------------------------------------------

    def _central_failed(self, error: BaseException) -> None:
        """The central database did not open: say why, and let the person fix the address
        or password, or go back to this computer's data."""
        from icati_desktop.gui.central_dialog import (
            CentralDatabaseDialog,
            forget_central_database,
        )
        from icati_desktop.store.central_connect import CentralConnectError

        assert self.central is not None
        problem = error.message if isinstance(error, CentralConnectError) else str(error)
        address = self.central.address
        self.close()
        dialog = CentralDatabaseDialog(self.data_dir, address, problem)
        if dialog.exec() == CentralDatabaseDialog.DialogCode.Accepted and dialog.choice:
            self._start_choice(dialog.choice)
        else:
            forget_central_database(self.data_dir, None)
            self._back_to_own_data()

    def choose_central(self) -> None:
        """“Connect to the central database…”: ask, then reopen on it."""
        from icati_desktop.gui.central_dialog import CentralDatabaseDialog

        parent = self.window or (self.gate.wizard if self.gate else None)
        current = self.central.address if self.central else None
        dialog = CentralDatabaseDialog(self.data_dir, current, parent=parent)
        if dialog.exec() == CentralDatabaseDialog.DialogCode.Accepted and dialog.choice:
            self._start_choice(dialog.choice)

    def _start_choice(self, choice: CentralChoice) -> None:
        from icati_desktop.sync.central_opening import CentralTarget

        self.start_central(CentralTarget(choice.address, choice.password))

    def back_to_local(self) -> None:
        """“Work on this computer's own data”: forget the central address (and password)."""
        from icati_desktop.gui.central_dialog import forget_central_database

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
        self._back_to_own_data()

    def _back_to_own_data(self) -> None:
        if self._open_local is None:
            go_on, self.passphrase = ask_passphrase_if_locked(self.data_dir)
            if not go_on:
                self.app.quit()
                return
        self._begin(None)

    # --- a damaged store ------------------------------------------------------------------

    def offer_restore(self, error: BaseException) -> bool:
        """Say the store is damaged and offer the newest good backup; True if restored."""
        from icati_desktop.store.daily_backup import newest_good_backup
        from icati_desktop.store.recovery import DAMAGED_DIR, recover_from_backup

        backup = newest_good_backup(self.data_dir, self.passphrase)
        store_file = self.data_dir / DB_FILENAME
        if backup is None:
            QMessageBox.critical(
                None,
                _("ICATI Desktop"),
                _(
                    "The data in {path} is damaged and there is no backup to restore. "
                    "Keep the file for a specialist, and set this computer up again in "
                    "another folder (--data-dir)."
                ).format(path=store_file),
            )
            return False
        from datetime import UTC, datetime

        made = datetime.fromtimestamp(backup.stat().st_mtime, UTC)
        answer = QMessageBox.question(
            None,
            _("ICATI Desktop"),
            _(
                "The data in {path} is damaged and cannot be used.\n\nRestore the newest good "
                "backup, made {date}? Work recorded since then will be missing unless it was "
                "sent to HQ. The damaged file is kept in {folder}."
            ).format(
                path=store_file,
                date=format_datetime(made),
                folder=self.data_dir / DAMAGED_DIR,
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.Yes,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            recover_from_backup(self.data_dir, backup, self.passphrase)
        finally:
            QApplication.restoreOverrideCursor()
        self._begin(None)
        return True
