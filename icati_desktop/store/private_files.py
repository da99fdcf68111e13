"""A data directory only its owner can read: folders 0700, files 0600.

The store, its write-ahead log, the logs, backups, attachments, staged and quarantined
bundles all hold people's names and meetings, so on a shared laptop no other account may
read them. New files are created private (the entry points set ``umask 077``, and the
store and its backups are created 0600 explicitly); :func:`secure_data_dir` fixes what an
older version left readable, at every start. Windows has no such modes: there the user
profile's ACLs protect the data directory, and these calls change nothing.
"""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

log = logging.getLogger(__name__)

PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600
PRIVATE_UMASK = 0o077
BLOBS_DIR = "blobs"

_POSIX = os.name == "posix"


def use_private_umask() -> None:
    """Make every file and folder this process creates private to its user."""
    if _POSIX:
        os.umask(PRIVATE_UMASK)


def make_private_dir(path: Path) -> None:
    """Create ``path`` (and missing parents) and make it 0700."""
    path.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR_MODE)
    _chmod(path, PRIVATE_DIR_MODE)


def create_private_file(path: Path) -> None:
    """Create ``path`` empty with mode 0600 if it does not exist (SQLite keeps the mode,
    and gives its ``-wal`` and ``-shm`` files the same)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, PRIVATE_FILE_MODE)
    os.close(fd)
    _chmod(path, PRIVATE_FILE_MODE)


def secure_data_dir(data_dir: Path) -> int:
    """Create the data directory 0700 and make what it holds private. Returns how many
    modes were fixed.

    Attachment files are written 0600 from the start (``mkstemp``), so under ``blobs/``
    only its folders are fixed, never listed: a start does not grow with the attachments.
    """
    make_private_dir(data_dir)
    if not _POSIX:
        return 0
    fixed = 0
    for root, dirs, files in os.walk(data_dir):
        here = Path(root)
        for name in dirs:
            fixed += _fix(here / name, PRIVATE_DIR_MODE)
        if here == data_dir / BLOBS_DIR:
            dirs.clear()  # blobs/<xx>/ folders fixed above; their files are born 0600
        for name in files:
            fixed += _fix(here / name, PRIVATE_FILE_MODE)
    if fixed:
        log.info("made %d files or folders in %s private to this user", fixed, data_dir)
    return fixed


def _fix(path: Path, mode: int) -> int:
    try:
        current = path.lstat()
    except FileNotFoundError:
        return 0
    if stat.S_ISLNK(current.st_mode) or stat.S_IMODE(current.st_mode) == mode:
        return 0
    _chmod(path, mode)
    return 1


def _chmod(path: Path, mode: int) -> None:
    if _POSIX:
        path.chmod(mode)
