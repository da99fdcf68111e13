"""What went wrong below the store, in words: a full disk, a failing disk, a damaged file.

SQLite, PostgreSQL and the operating system report these in their own ways (an
``OperationalError`` whose text embeds the SQL and its parameters, ``SQLITE_IOERR`` when
not even the journal can grow, ``ENOSPC``…). :func:`storage_problem` recognises them, so
every command and screen can say one short line — never the raw SQL, record titles or a
traceback.
"""

from __future__ import annotations

import errno
import shutil
import sqlite3
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from sqlalchemy.exc import DBAPIError

# SQLite primary result codes (the low byte of an extended code).
SQLITE_IOERR = 10
SQLITE_CORRUPT = 11
SQLITE_FULL = 13
SQLITE_NOTADB = 26
LOW_SPACE_BYTES = 1024 * 1024
PG_DISK_FULL = "53100"


class StorageProblemKind(StrEnum):
    DISK_FULL = "disk_full"
    DISK_ERROR = "disk_error"
    DAMAGED = "store_damaged"


@dataclass(frozen=True)
class StorageProblem:
    kind: StorageProblemKind
    detail: str
    """The engine's or system's own short wording, without SQL."""

    def message(self, where: Path | None = None) -> str:
        place = f" ({where})" if where is not None else ""
        if self.kind is StorageProblemKind.DISK_FULL:
            return f"the disk is full{place}: free some space and try again"
        if self.kind is StorageProblemKind.DISK_ERROR:
            return (
                f"the disk could not be written{place} ({self.detail}): check the disk "
                "and free some space, then try again"
            )
        return (
            f"the store is damaged{place} ({self.detail}): restore the newest good backup "
            "with `icati db restore --newest` (the damaged file is kept aside)"
        )


class StoreDamaged(RuntimeError):
    """The store file cannot be read as a sound store."""

    def __init__(self, detail: str, path: Path | None = None) -> None:
        self.detail = detail
        self.path = path
        super().__init__(StorageProblem(StorageProblemKind.DAMAGED, detail).message(path))


def _sqlite_error(exc: BaseException) -> sqlite3.Error | None:
    if isinstance(exc, sqlite3.Error):
        return exc
    if isinstance(exc, DBAPIError) and isinstance(exc.orig, sqlite3.Error):
        return exc.orig
    return None


def _pg_state(exc: BaseException) -> str | None:
    orig = exc.orig if isinstance(exc, DBAPIError) else exc
    state = getattr(orig, "sqlstate", None)
    return state if isinstance(state, str) else None


def _low_on_space(data_dir: Path | None) -> bool:
    if data_dir is None:
        return False
    try:
        return shutil.disk_usage(data_dir).free < LOW_SPACE_BYTES
    except OSError:
        return False


def storage_problem(exc: BaseException, data_dir: Path | None = None) -> StorageProblem | None:
    """The storage problem ``exc`` reports, or ``None``.

    Only the exception itself counts, not what caused it: an error that already explains
    itself (an unreadable backup *file*, say) is not the store's problem.
    """
    return _one(exc, data_dir)


def _one(exc: BaseException, data_dir: Path | None) -> StorageProblem | None:
    if isinstance(exc, StoreDamaged):
        return StorageProblem(StorageProblemKind.DAMAGED, exc.detail)
    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return StorageProblem(StorageProblemKind.DISK_FULL, exc.strerror or "no space left")
    sqlite_error = _sqlite_error(exc)
    if sqlite_error is not None:
        code = getattr(sqlite_error, "sqlite_errorcode", -1) & 0xFF
        text = str(sqlite_error).splitlines()[0][:120] if str(sqlite_error) else "error"
        if code == SQLITE_FULL or "database or disk is full" in text:
            return StorageProblem(StorageProblemKind.DISK_FULL, text)
        if code == SQLITE_IOERR or "disk I/O error" in text:
            if _low_on_space(data_dir):
                return StorageProblem(StorageProblemKind.DISK_FULL, text)
            return StorageProblem(StorageProblemKind.DISK_ERROR, text)
        if code in (SQLITE_CORRUPT, SQLITE_NOTADB) or "malformed" in text:
            return StorageProblem(StorageProblemKind.DAMAGED, text)
        return None
    if _pg_state(exc) == PG_DISK_FULL:
        return StorageProblem(StorageProblemKind.DISK_FULL, "the database server's disk is full")
    return None
