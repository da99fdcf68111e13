"""Replacing a damaged store file with the newest good backup, keeping the damaged one.

Used when the store cannot be opened or ``db check`` finds damage: the damaged file (and
its ``-wal``/``-shm`` companions, which may hold committed data) is moved to
``damaged/`` — never deleted, someone may still rescue something from it — and the backup
is copied into its place. Opening the store afterwards migrates the copy if it was made by
an older version. SQLite only: a PostgreSQL store is restored from the server's backups or
with ``icati db restore FILE``.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from icati_desktop.paths import DB_FILENAME
from icati_desktop.store.backup import verify_backup_file
from icati_desktop.store.cipher import Secret
from icati_desktop.store.scratch import Scratch

DAMAGED_DIR = "damaged"
COMPANIONS = ("", "-wal", "-shm", "-journal")


@dataclass(frozen=True)
class Recovery:
    restored_from: Path
    damaged_kept: Path | None
    """Where the replaced file now is (``None`` when there was none)."""


def set_aside(data_dir: Path) -> Path | None:
    """Move the store file and its companions to ``damaged/``; the new path of the file."""
    store_file = data_dir / DB_FILENAME
    if not store_file.exists():
        return None
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target_dir = data_dir / DAMAGED_DIR
    target_dir.mkdir(parents=True, exist_ok=True)
    kept = target_dir / f"icati-{stamp}.sqlite3"
    for suffix in COMPANIONS:
        source = data_dir / f"{DB_FILENAME}{suffix}"
        if source.exists():
            source.replace(target_dir / f"{kept.name}{suffix}")
    return kept


def recover_from_backup(data_dir: Path, backup: Path, passphrase: Secret = None) -> Recovery:
    """Set the current store file aside and put a verified copy of ``backup`` in its place.

    The store must be closed. The backup is checked first, so a bad backup changes nothing.
    """
    verify_backup_file(backup, passphrase)
    scratch = Scratch(data_dir)
    try:
        copy = scratch.new_file(DB_FILENAME)
        shutil.copyfile(backup, copy)
        verify_backup_file(copy, passphrase)
        kept = set_aside(data_dir)
        copy.replace(data_dir / DB_FILENAME)
    finally:
        scratch.close()
    return Recovery(restored_from=backup, damaged_kept=kept)
