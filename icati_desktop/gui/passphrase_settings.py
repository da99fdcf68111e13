"""File > Passphrase…: set, change or remove the passphrase that encrypts this device.

The conversion runs on the database thread (the store is re-encrypted into a new file
that replaces the old one, then the keys and backups), with a progress dialog if it
takes a while. The store stays open throughout on the same worker.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from icati_desktop.gui.passphrase_dialogs import PassphraseChange, PassphraseDialog
from icati_desktop.gui.services import AppServices
from icati_desktop.i18n import _, ngettext
from icati_desktop.store.cipher import PassphraseError, normalise_passphrase
from icati_desktop.store.store import Store
from icati_desktop.sync.protection import NotForPostgres, ProtectionChange, change_protection


class WrongCurrentPassphrase(PassphraseError):
    pass


def protection_state(store: Store) -> bool | None:
    """True: protected; False: could be; None: a PostgreSQL store (never encrypted here)."""
    return store.is_encrypted if store.is_sqlite else None


def apply_change(store: Store, change: PassphraseChange) -> ProtectionChange:
    if store.passphrase is not None and (
        change.current is None or normalise_passphrase(change.current) != store.passphrase
    ):
        raise WrongCurrentPassphrase("wrong current passphrase")
    return change_protection(store, change.new)


class PassphraseSettings(QObject):
    """Owns the dialog and the job; emits ``changed`` after the protection changed."""

    changed = Signal()

    def __init__(self, services: AppServices, parent_widget: QWidget) -> None:
        super().__init__(parent_widget)
        self.services = services
        self.parent_widget = parent_widget
        self.ask: Callable[[PassphraseDialog], bool] = lambda dialog: (
            dialog.exec() == QDialog.DialogCode.Accepted
        )
        self.last_dialog: PassphraseDialog | None = None
        self.last_message = ""

    def open(self) -> None:
        self.services.run(protection_state, self._state_ready, self._failed)

    def _state_ready(self, state: bool | None) -> None:
        if state is None:
            self._show(
                _("Not available"),
                _(
                    "This store is on a PostgreSQL server. Its protection is the server's "
                    "(disk encryption, access rules); ICATI Desktop does not encrypt it."
                ),
            )
            return
        dialog = PassphraseDialog(state, self.parent_widget)
        self.last_dialog = dialog
        if not self.ask(dialog) or dialog.change is None:
            return
        change = dialog.change

        def job(store: Store, _progress: object, _cancelled: object) -> ProtectionChange:
            return apply_change(store, change)

        self.services.run_long(
            self.parent_widget,
            _("Encrypting this device's data…")
            if change.new is not None
            else _("Decrypting this device's data…"),
            job,
            lambda result: self._done(change, result),
            self._failed,
        )

    def _done(self, change: PassphraseChange, result: ProtectionChange) -> None:
        if change.new is None:
            text = _("The passphrase is removed: this device's data is no longer encrypted.")
        elif change.current is None:
            text = _(
                "This device's data, keys and backups are now encrypted. The passphrase will "
                "be asked each time ICATI Desktop starts."
            )
        else:
            text = _("The passphrase is changed.")
        if result.backups_left:
            text += " " + ngettext(
                "{count} older backup keeps the passphrase it was made with.",
                "{count} older backups keep the passphrase they were made with.",
                len(result.backups_left),
            ).format(count=len(result.backups_left))
        self._show(_("Passphrase"), text)
        self.changed.emit()

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, WrongCurrentPassphrase):
            text = _("The current passphrase is wrong. Nothing was changed.")
        elif isinstance(error, NotForPostgres):
            text = _("A PostgreSQL store is not encrypted by ICATI Desktop. Nothing was changed.")
        else:
            text = _("The passphrase could not be changed: {error}. Nothing was changed.").format(
                error=error
            )
        self._show(_("Nothing was changed"), text, warning=True)

    def _show(self, title: str, text: str, *, warning: bool = False) -> None:
        """Tell the person; tests read ``last_message``."""
        self.last_message = text
        box = QMessageBox.warning if warning else QMessageBox.information
        box(self.parent_widget, title, text)
