"""Passwords of central databases: the platform's keyring, or a private file.

The address of a central store is kept in the app's settings without its password; the
password goes to the platform's keyring (Windows Credential Manager, macOS Keychain,
Secret Service on Linux desktops) through the ``keyring`` package. Where no keyring
works (a Linux machine without a desktop session, a locked or broken keyring) it goes to
``database-passwords.json`` in the data directory, readable by its owner only (0600, in
the 0700 data directory), and nowhere else. Passwords never reach the log: only where a
password was kept (``keyring`` or ``file``) is logged.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from icati_desktop.store.database_url import CentralAddress
from icati_desktop.store.private_files import PRIVATE_FILE_MODE, make_private_dir

if TYPE_CHECKING:
    from keyring.backend import KeyringBackend

log = logging.getLogger(__name__)

KEYRING_SERVICE = "ICATI Desktop: central database"
PASSWORD_FILE = "database-passwords.json"
Where = Literal["keyring", "file"]


class CredentialStore:
    """Where this data directory's user keeps central-database passwords.

    ``backend`` replaces the platform's keyring (tests pass an in-memory one, or a failing
    one to exercise the file).
    """

    def __init__(self, data_dir: Path, backend: KeyringBackend | None = None) -> None:
        self.data_dir = data_dir
        self._backend = backend

    @property
    def file(self) -> Path:
        return self.data_dir / PASSWORD_FILE

    def password_for(self, address: CentralAddress) -> str | None:
        """The kept password, or None: the keyring first, then the private file."""
        try:
            found = self._keyring().get_password(KEYRING_SERVICE, address.text)
        except Exception as exc:
            log.info("the keyring could not be read (%s); trying the password file", _kind(exc))
            found = None
        if found:
            return found
        return self._read_file().get(address.text)

    def remember(self, address: CentralAddress, password: str) -> Where:
        """Keep ``password`` for ``address``: in the keyring if one works, else the file."""
        try:
            self._keyring().set_password(KEYRING_SERVICE, address.text, password)
        except Exception as exc:
            log.info("no keyring to keep the password in (%s): using %s", _kind(exc), self.file)
            passwords = self._read_file()
            passwords[address.text] = password
            self._write_file(passwords)
            return "file"
        self._drop_from_file(address)
        log.info("database password kept in the keyring for %s", address.label)
        return "keyring"

    def forget(self, address: CentralAddress) -> None:
        """Remove a kept password from both places (nothing happens when there is none)."""
        try:
            backend = self._keyring()
            if backend.get_password(KEYRING_SERVICE, address.text) is not None:
                backend.delete_password(KEYRING_SERVICE, address.text)
        except Exception as exc:
            log.info("the keyring could not be changed (%s)", _kind(exc))
        self._drop_from_file(address)

    def _keyring(self) -> KeyringBackend:
        if self._backend is None:
            import keyring  # imported only when a central database is used

            self._backend = keyring.get_keyring()
        return self._backend

    def _drop_from_file(self, address: CentralAddress) -> None:
        passwords = self._read_file()
        if passwords.pop(address.text, None) is not None:
            if passwords:
                self._write_file(passwords)
            else:
                self.file.unlink(missing_ok=True)

    def _read_file(self) -> dict[str, str]:
        try:
            data = json.loads(self.file.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError):
            log.warning("%s could not be read; it is ignored", self.file)
            return {}
        passwords = data.get("passwords") if isinstance(data, dict) else None
        if not isinstance(passwords, dict):
            return {}
        return {str(k): str(v) for k, v in passwords.items() if isinstance(v, str)}

    def _write_file(self, passwords: dict[str, str]) -> None:
        """Written 0600 under a temporary name, then renamed: never half a file."""
        make_private_dir(self.data_dir)
        tmp = self.file.with_name(f".{PASSWORD_FILE}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE_MODE)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump({"version": 1, "passwords": passwords}, out, sort_keys=True)
                out.flush()
                os.fsync(out.fileno())
            if os.name == "posix":
                tmp.chmod(PRIVATE_FILE_MODE)
            tmp.replace(self.file)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise


def _kind(exc: BaseException) -> str:
    """The exception's class only: a backend's message might quote what it was given."""
    return type(exc).__name__
