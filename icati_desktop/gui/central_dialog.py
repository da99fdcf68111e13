"""“Connect to the central database”: server, database, user and password, checked first.

The dialog connects in a background thread (a slow or absent server never freezes the
window), says in one line what went wrong, and on success keeps the address in the app's
settings and the password in the keyring or a private file (see
:mod:`icati_desktop.store.credentials`), never in the settings or the log.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QSettings, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from icati_desktop.gui.settings import CENTRAL_DATABASE
from icati_desktop.gui.status import error_line
from icati_desktop.i18n import _
from icati_desktop.store.central_connect import CentralConnectError, CentralProbe, probe_central
from icati_desktop.store.credentials import CredentialStore
from icati_desktop.store.database_url import (
    DEFAULT_PORT,
    CentralAddress,
    DatabaseUrlError,
    central_address,
)

"""The central database's address without its password ("" : this computer's own store)."""


@dataclass(frozen=True)
class CentralChoice:
    """A database that answered: its address, the password to connect now, what it holds."""

    address: CentralAddress
    password: str | None
    probe: CentralProbe


class CentralDatabaseDialog(QDialog):
    """Emits nothing: read :attr:`choice` after ``exec()`` returns Accepted."""

    _answered = Signal(object)

    def __init__(
        self,
        data_dir: Path,
        address: CentralAddress | None = None,
        problem: str | None = None,
        parent: QWidget | None = None,
        credentials: CredentialStore | None = None,
    ) -> None:
        super().__init__(parent)
        self.credentials = credentials or CredentialStore(data_dir)
        self.choice: CentralChoice | None = None
        self.setWindowTitle(_("Connect to the central database"))
        self.setMinimumWidth(460)
        intro = QLabel(
            _(
                "HQ staff can work together on the central office's PostgreSQL database. "
                "Ask whoever runs it for the server, the database name, your user name and "
                "password. The password is kept in this computer's keyring (or a file only "
                "you can read), never in the settings."
            )
        )
        intro.setWordWrap(True)
        self.server, self.database, self.user = QLineEdit(), QLineEdit(), QLineEdit()
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setValue(DEFAULT_PORT)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.remember = QCheckBox(_("Remember the password on this computer"))
        self.remember.setChecked(True)
        form = QFormLayout()
        for label, field in (
            (_("&Server:"), self.server),
            (_("&Port:"), self.port),
            (_("&Database:"), self.database),
            (_("&User name:"), self.user),
            (_("Pass&word:"), self.password),
        ):
            form.addRow(label, field)
            field.setAccessibleName(label.replace("&", "").rstrip(":"))
        form.addRow("", self.remember)
        self.error = error_line("central_error")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.connect_button = QPushButton(_("&Connect"))
        self.connect_button.setDefault(True)
        self.buttons.addButton(self.connect_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        self.buttons.accepted.connect(self.try_connect)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self._answered.connect(self._on_answer)
        if address is not None:
            self.server.setText(address.host)
            self.port.setValue(address.port)
            self.database.setText(address.database)
            self.user.setText(address.user)
            self._query = address.query
        else:
            self._query = ()
        if problem:
            self.show_error(problem)

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()

    def try_connect(self) -> None:
        """Check what was typed, then connect in the background (the dialog stays usable)."""
        try:
            address = central_address(
                host=self.server.text(),
                database=self.database.text(),
                user=self.user.text(),
                port=self.port.value(),
                query=self._query,
            )
        except DatabaseUrlError as exc:
            self.show_error(str(exc))
            return
        password = self.password.text() or self.credentials.password_for(address)
        self.connect_button.setEnabled(False)
        self.error.setText(_("Connecting to {server}…").format(server=address.label))
        self.error.show()

        def probe() -> None:
            try:
                result: object = CentralChoice(address, password, probe_central(address, password))
            except CentralConnectError as exc:
                result = exc
            self._answered.emit(result)

        threading.Thread(target=probe, name="icati-central-probe", daemon=True).start()

    def _on_answer(self, result: object) -> None:
        self.connect_button.setEnabled(True)
        if isinstance(result, CentralConnectError):
            self.show_error(result.message)
            if result.problem.value in ("password_needed", "wrong_password"):
                self.password.setFocus()
            return
        assert isinstance(result, CentralChoice)
        if self.remember.isChecked() and result.password:
            self.credentials.remember(result.address, result.password)
        elif not self.remember.isChecked():
            self.credentials.forget(result.address)
        CENTRAL_DATABASE.set(QSettings(), result.address.text)
        self.choice = result
        self.accept()


def forget_central_database(data_dir: Path, address: CentralAddress | None) -> None:
    """Back to this computer's own store: the address and its kept password are dropped."""
    CENTRAL_DATABASE.set(QSettings(), "")
    if address is not None:
        CredentialStore(data_dir).forget(address)
