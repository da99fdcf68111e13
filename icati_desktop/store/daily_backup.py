"""A rolling daily backup of a SQLite store, and finding the newest good backup.

Imports take no backup (their one transaction is their safety, and a copy per import
would grow with the store). Instead, once a day the app — after its window is shown — and
``icati bundle import`` keep a verified copy as ``backups/daily-YYYY-MM-DD.sqlite3``, and
the last :data:`KEEP_DAYS` of them stay. A PostgreSQL store has none: it relies on its
transactions and on the server's own backups (see docs/decisions.md).
"""

from __future__ import annotations

import logging
import re
from datetime import UTC, date, datetime
from pathlib import Path

from icati_desktop.store.backup import BackupError, make_backup, verify_backup_file
from icati_desktop.store.cipher import Secret
from icati_desktop.store.store import Store

log = logging.getLogger(__name__)

BACKUP_DIR = "backups"
KEEP_DAYS = 7
_DAILY = re.compile(r"^daily-(\d{4}-\d{2}-\d{2})\.sqlite3$")


def backup_dir(data_dir: Path) -> Path:
    return data_dir / BACKUP_DIR


def daily_backups(data_dir: Path) -> list[Path]:
    """The daily backups, oldest first."""
    folder = backup_dir(data_dir)
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if _DAILY.match(p.name))


def take_daily_backup(store: Store, today: date | None = None) -> Path | None:
    """Make today's backup unless it exists; drop those beyond :data:`KEEP_DAYS`.

    Returns the new file, or ``None`` when there was nothing to do (already made today, or
    a PostgreSQL store). A failure (a full disk) is logged and raised as
    :class:`BackupError`; nothing half-written is left.
    """
    if not store.is_sqlite:
        return None
    day = (today or datetime.now(UTC).date()).isoformat()
    target = backup_dir(store.data_dir) / f"daily-{day}.sqlite3"
    if target.exists():
        return None
    try:
        made = make_backup(store.engine, target, store.scratch)
    except BackupError:
        log.exception("the daily backup failed")
        raise
    for old in daily_backups(store.data_dir)[:-KEEP_DAYS]:
        old.unlink(missing_ok=True)
    log.info("daily backup written: %s", made)
    return made


def newest_good_backup(data_dir: Path, passphrase: Secret = None) -> Path | None:
    """The most recent backup in ``backups/`` that passes the integrity check (encrypted
    ones with ``passphrase``)."""
    folder = backup_dir(data_dir)
    if not folder.is_dir():
        return None
    candidates = sorted(
        (p for p in folder.glob("*.sqlite3") if p.is_file()),
        key=lambda p: p.stat().st_mtime,
        reverse=True,
    )
    for candidate in candidates:
        try:
            verify_backup_file(candidate, passphrase)
        except BackupError:
            log.warning("backup %s is not usable", candidate, exc_info=True)
            continue
        return candidate
    return None
