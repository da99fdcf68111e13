"""Restoring a backup without losing the state it replaces."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from icati_desktop.store.backup import (
    BackupError,
    backup_revision,
    make_backup,
    restore_backup,
    verify_backup_file,
)
from icati_desktop.store.cipher import Secret
from icati_desktop.store.migrate import KNOWN_REVISIONS
from icati_desktop.store.store import Store


def restore_with_safety_copy(store: Store, source: Path, source_passphrase: Secret = None) -> Path:
    """Back up the current state, then restore ``source``. Returns the safety copy.

    An encrypted ``source`` is read with ``source_passphrase``, by default the store's.
    The safety copy is encrypted like the store.
    """
    if source_passphrase is None:
        source_passphrase = store.passphrase
    verify_backup_file(source, source_passphrase)
    revision = backup_revision(source, source_passphrase)
    if revision not in KNOWN_REVISIONS:
        raise BackupError(
            f"{source} has schema {revision}, written by a newer ICATI Desktop: "
            "install the newer version to restore it"
        )
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    safety = make_backup(
        store.engine, store.data_dir / "backups" / f"before-restore-{stamp}.sqlite3"
    )
    restore_backup(store.engine, source, source_passphrase)
    return safety
