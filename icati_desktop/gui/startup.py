"""From a chosen data directory to the first screen, as early as possible.

A store that exists is almost always set up, so the main window is built and shown at
once, while the database thread opens the store (and imports the database layer); the
first-run check runs beside it and, in the rare case the store has no device yet (a first
run that was cancelled), the window gives way to the wizard. A new data directory goes
straight to the wizard. A store that turns out to be damaged is never shown half-open:
the window closes and the person is offered the newest good backup, the damaged file being
kept aside (:mod:`icati_desktop.store.recovery`).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from icati_desktop.gui.db_worker import DatabaseWorker
from icati_desktop.gui.first_run_gate import FirstRunGate
from icati_desktop.gui.services import AppServices
from icati_desktop.i18n import _, format_datetime
from icati_desktop.paths import DB_FILENAME
from icati_desktop.store.private_files import keys_in_clear

if TYPE_CHECKING:
    from icati_desktop.gui.main_window import MainWindow
    from icati_desktop.store.store import Store


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


def is_damage(error: BaseException) -> bool:
    from icati_desktop.store.storage_errors import StorageProblemKind, storage_problem

    problem = storage_problem(error)
    return problem is not None and problem.kind is StorageProblemKind.DAMAGED


class Startup(QObject):
    """Owns the database thread and the windows of one run of the app."""

    def __init__(
        self,
        app: QApplication,
        data_dir: Path,
        bundles: list[Path],
        passphrase: str | None = None,
    ) -> None:
        super().__init__()
        self.app = app
        self.data_dir = data_dir
        self.bundles = bundles
        self.passphrase = passphrase
        self.worker = DatabaseWorker(lambda: _open(data_dir, passphrase))
        self.services = AppServices(self.worker)
        self.window: MainWindow | None = None
        self.gate = FirstRunGate(self.services)
        self.gate.ready.connect(self._ready)
        self.gate.cancelled.connect(app.quit)
        self.gate.failed.connect(self._failed)
        self.gate.wizard_opened.connect(self._close_window)

    def start(self) -> None:
        if (self.data_dir / DB_FILENAME).is_file():
            self._show_window()
        self.gate.start()

    def shutdown(self) -> None:
        self.worker.shutdown()
        from icati_desktop.store.opened_copies import remove_opened_copies

        remove_opened_copies(self.data_dir)

    def _show_window(self) -> None:
        if self.window is None:
            from icati_desktop.gui.main_window import MainWindow

            self.window = MainWindow(self.services)
            self.window.show()

    def _close_window(self) -> None:
        if self.window is not None:
            self.window.close()
            self.window.deleteLater()
            self.window = None

    def _ready(self) -> None:
        from icati_desktop.gui.app import remember_data_dir

        remember_data_dir(self.data_dir)  # the store opened: reopen it next time
        self._show_window()
        assert self.window is not None
        if self.bundles:  # opened with a .icati file ("Open with ICATI Desktop")
            self.window.flows.preview(self.bundles.pop(0))

    def _failed(self, error: BaseException) -> None:
        self._close_window()
        if is_damage(error) and self.offer_restore(error):
            return
        QMessageBox.critical(
            None, _("ICATI Desktop"), _("The data could not be opened: {error}").format(error=error)
        )
        self.app.exit(1)

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
        self.worker.reopen(lambda: _open(self.data_dir, self.passphrase))
        self.start()
        return True
