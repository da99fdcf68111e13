"""The passphrase dialogs: unlocking at start, and setting, changing or removing it.

Unlocking checks the passphrase against the store file before the main window exists
(one key derivation, a fraction of a second); a wrong one is refused in the dialog,
which stays open, and nothing is opened.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from icati_desktop.gui.status import error_line
from icati_desktop.i18n import _
from icati_desktop.store.cipher import (
    MIN_PASSPHRASE_CHARS,
    PassphraseError,
    check_passphrase,
    normalise_passphrase,
)


def unrecoverable_warning() -> str:
    return _(
        "A forgotten passphrase cannot be recovered: without it nobody, not even ICATI "
        "support, can open this device's data, keys or backups. Write it down and keep it "
        "somewhere safe."
    )


def _password_field(accessible: str) -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setAccessibleName(accessible)
    field.setMinimumWidth(280)
    return field


def _error_label() -> QLabel:
    return error_line("passphrase_error")


class UnlockDialog(QDialog):
    """Asks the passphrase of an encrypted store; ``passphrase`` holds it once accepted."""

    def __init__(self, store_file: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store_file = store_file
        self.passphrase: str | None = None
        self.setWindowTitle(_("ICATI Desktop is locked"))
        intro = QLabel(
            _("This device's data is protected by a passphrase. Type it to open ICATI Desktop.")
        )
        intro.setWordWrap(True)
        self.field = _password_field(_("Passphrase"))
        self.error = _error_label()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Open"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Quit"))
        self.buttons.accepted.connect(self.try_unlock)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(_("Passphrase:"), self.field)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def try_unlock(self) -> None:
        typed = self.field.text()
        if not typed:
            self._refuse(_("Type the passphrase."))
            return
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            check_passphrase(self.store_file, typed)
        except PassphraseError:
            self._refuse(_("Wrong passphrase. Nothing was opened; try again."))
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.passphrase = typed
        self.accept()

    def _refuse(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()
        self.field.clear()
        self.field.setFocus()


@dataclass(frozen=True)
class PassphraseChange:
    """What the person asked: ``current`` (if protected) and ``new`` (None: remove it)."""

    current: str | None
    new: str | None


class PassphraseDialog(QDialog):
    """Set a passphrase (unprotected device), or change or remove it (protected device)."""

    def __init__(self, protected: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.protected = protected
        self.change: PassphraseChange | None = None
        self.setWindowTitle(_("Passphrase") if protected else _("Protect with a passphrase"))
        intro = QLabel(
            _("This device's data, keys and backups are protected by a passphrase.")
            if protected
            else _(
                "Encrypt this device's data, keys and backups with a passphrase. It will be "
                "asked each time ICATI Desktop starts."
            )
        )
        intro.setWordWrap(True)
        self.warning = QLabel(unrecoverable_warning())
        self.warning.setObjectName("passphrase_warning")
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("font-weight: bold;")
        self.current = _password_field(_("Current passphrase"))
        self.new = _password_field(_("New passphrase"))
        self.repeat = _password_field(_("The new passphrase again"))
        form = QFormLayout()
        if protected:
            form.addRow(_("Current passphrase:"), self.current)
        form.addRow(_("New passphrase:"), self.new)
        form.addRow(_("Again:"), self.repeat)
        self.error = _error_label()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(_("Change the passphrase") if protected else _("Encrypt with this passphrase"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        self.remove_button: QPushButton | None = None
        if protected:
            self.remove_button = self.buttons.addButton(
                _("Remove the passphrase…"), QDialogButtonBox.ButtonRole.ResetRole
            )
            self.remove_button.clicked.connect(self.ask_remove)
        self.buttons.accepted.connect(self.try_accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.warning)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def _refuse(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()

    def _current(self) -> str | None:
        if not self.protected:
            return None
        if not self.current.text():
            self._refuse(_("Type the current passphrase."))
            self.current.setFocus()
            return None
        return self.current.text()

    def try_accept(self) -> None:
        current = self._current()
        if self.protected and current is None:
            return
        new = normalise_passphrase(self.new.text())
        if len(new) < MIN_PASSPHRASE_CHARS:
            self._refuse(
                _(
                    "The new passphrase needs at least {count} characters: a few words are "
                    "easier to remember than a short password."
                ).format(count=MIN_PASSPHRASE_CHARS)
            )
            self.new.setFocus()
            return
        if normalise_passphrase(self.repeat.text()) != new:
            self._refuse(_("The two new passphrases differ. Type the same one twice."))
            self.repeat.clear()
            self.repeat.setFocus()
            return
        self.change = PassphraseChange(current, new)
        self.accept()

    def confirm_remove(self) -> bool:
        """Ask before removing the protection; tests override this."""
        answer = QMessageBox.question(
            self,
            _("Remove the passphrase?"),
            _(
                "This device's data, keys and backups will be stored unencrypted: anyone "
                "with this computer or its disk can read them. Remove the passphrase?"
            ),
        )
        return answer == QMessageBox.StandardButton.Yes

    def ask_remove(self) -> None:
        current = self._current()
        if current is None:
            return
        if self.confirm_remove():
            self.change = PassphraseChange(current, None)
            self.accept()
