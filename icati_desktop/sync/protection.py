"""Protection at rest: one passphrase encrypts a device's store, private keys and backups.

Setting, changing and removing the passphrase all go through :func:`change_protection`.
The order makes a crash harmless: the key files are staged sealed the new way, the store
is converted into a new file that replaces the old one atomically (the store's state is
the truth), the staged keys are committed, then the backups are converted one by one.
:func:`settle_protection`, run at every opening, finishes whatever an interrupted change
left: staged keys, and on a protected device any key file or backup still in clear.

PostgreSQL stores are not encrypted here: their protection is the server's.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.engine import URL

from icati_desktop.store.cipher import (
    Key,
    PassphraseError,
    check_new_passphrase,
    cipher_url,
    convert_file,
    database_errors,
    engine_key,
    is_encrypted_file,
    new_key,
)
from icati_desktop.store.engine import create_store_engine, sqlite_url
from icati_desktop.store.store import Store
from icati_desktop.sync.key_protection import (
    check_keys,
    commit_staged_keys,
    settle_keys,
    stage_keys,
)

log = logging.getLogger(__name__)

BACKUPS_DIR = "backups"
UNRECOVERABLE_WARNING = (
    "a forgotten passphrase cannot be recovered: without it this device's data, keys and "
    "backups cannot be opened by anyone, including ICATI support"
)


class NotForPostgres(PassphraseError):
    def __init__(self) -> None:
        super().__init__(
            "encryption at rest protects a device's SQLite store only: a PostgreSQL store is "
            "protected by its server (disk encryption, access rules), so nothing was changed"
        )


@dataclass(frozen=True)
class ProtectionChange:
    """What a change did: whether the device is now protected, and the backups it handled."""

    protected: bool
    backups_converted: int = 0
    backups_left: list[Path] = field(default_factory=list)
    """Backups that did not open with the old passphrase (made with an earlier one): kept."""


def _store_path(store: Store) -> Path:
    if not store.is_sqlite or not store.engine.url.database:
        raise NotForPostgres()
    return Path(store.engine.url.database)


def _engine_url(path: Path, key: Key | None) -> str | URL:
    return sqlite_url(path) if key is None else cipher_url(path, key)


def change_protection(store: Store, new: str | None) -> ProtectionChange:
    """Set (``new``), change, or remove (``new=None``) the passphrase of the store's device.

    The store stays usable afterwards, with its new key. On failure nothing has changed.
    """
    path = _store_path(store)
    old = store.passphrase
    if new is not None:
        new = check_new_passphrase(new)
    if old is None and new is None:
        raise PassphraseError("this device has no passphrase: there is nothing to remove")
    if old is not None and new == old:
        raise PassphraseError("the new passphrase is the one already in use: nothing changed")
    check_keys(store.keys_dir, old)
    old_key = engine_key(store.engine)
    key = None if new is None else new_key(new)  # one key for the store and its backups
    store.engine.dispose()
    stage_keys(store.keys_dir, old, new)
    try:
        convert_file(path, old_key, key)
    except BaseException:
        commit_staged_keys(store.keys_dir, old)  # drops the staged files: keys unchanged
        raise
    commit_staged_keys(store.keys_dir, new)
    store.use_engine(create_store_engine(_engine_url(path, key)), new)
    converted, left = _convert_backups(store.data_dir / BACKUPS_DIR, old, key)
    log.info(
        "device passphrase %s; %d backups converted, %d left as they were",
        "removed" if new is None else ("set" if old is None else "changed"),
        converted,
        len(left),
    )
    return ProtectionChange(new is not None, converted, left)


def _convert_backups(folder: Path, old: str | None, new: Key | None) -> tuple[int, list[Path]]:
    converted, left = 0, []
    failures: tuple[type[BaseException], ...] = (PassphraseError, *database_errors())
    if not folder.is_dir():
        return 0, []
    for backup in sorted(folder.glob("*.sqlite3")):
        encrypted = is_encrypted_file(backup)
        if encrypted and old is None:
            left.append(backup)  # encrypted with a passphrase this device no longer has
            continue
        if not encrypted and new is None:
            continue  # already as wanted
        source = old if encrypted else None
        try:
            convert_file(backup, source, new)
            converted += 1
        except failures:
            log.warning("backup %s does not open with the old passphrase; kept as it is", backup)
            left.append(backup)
    return converted, left


def settle_protection(store: Store) -> int:
    """Finish an interrupted change; on a protected device, seal what is still in clear.

    Returns how many backups were encrypted (0 on an unprotected device).
    """
    if not store.is_sqlite:
        return 0
    settle_keys(store.keys_dir, store.passphrase)
    if store.passphrase is None:
        return 0
    sealed = 0
    folder = store.data_dir / BACKUPS_DIR
    key = engine_key(store.engine)
    for backup in sorted(folder.glob("*.sqlite3")) if folder.is_dir() else []:
        if not is_encrypted_file(backup) and backup.stat().st_size > 0:
            convert_file(backup, None, key)
            sealed += 1
    if sealed:
        log.info("encrypted %d backups left in clear by an interrupted change", sealed)
    return sealed
