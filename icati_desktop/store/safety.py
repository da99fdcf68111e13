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
from icati_desktop.store.migrate import KNOWN_REVISIONS
from icati_desktop.store.store import Store


def restore_with_safety_copy(store: Store, source: Path) -> Path:
    """Back up the current state, then restore ``source``. Returns the safety copy."""
    verify_backup_file(source)
    revision = backup_revision(source)
    if revision not in KNOWN_REVISIONS:
        raise BackupError(
            f"{source} has schema {revision}, written by a newer ICATI Desktop: "
            "install the newer version to restore it"
        )
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    safety = make_backup(
        store.engine, store.data_dir / "backups" / f"before-restore-{stamp}.sqlite3", store.scratch
    )
    restore_backup(store.engine, source)
    return safety
