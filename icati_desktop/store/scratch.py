"""Private scratch space in the data directory (``tmp/``), swept at the next start.

Temporary files — a decrypted bundle being imported, a backup being written, an
attachment being received — never sit beside real data and never outlive their process,
however it ends (an error, a kill, a power cut):

* each process (each open :class:`~icati_desktop.store.store.Store`) gets its own
  directory ``tmp/<pid>-<token>/``, mode 0700 inside ``tmp/`` (0700), so a decrypted
  bundle is readable by its owner only;
* while it lives it holds an exclusive lock on ``tmp/<pid>-<token>.lock``;
* :func:`sweep`, run when a store is opened, removes every directory whose lock is free
  (its process ended) — and the files such a process had begun *outside* the data
  directory (a bundle's ``.partial`` beside its destination, which must be there for the
  final rename to be atomic), which it listed in its ``outside.txt`` before creating them.

A process that is still running keeps its lock, so a CLI import and the app may share a
data directory without sweeping each other's files.
"""

from __future__ import annotations

import errno
import logging
import os
import shutil
import sys
from contextlib import suppress
from pathlib import Path
from typing import IO
from uuid import uuid4

log = logging.getLogger(__name__)

TMP_DIR = "tmp"
OUTSIDE_LIST = "outside.txt"


def _try_lock(handle: IO[bytes]) -> bool:
    """Take an exclusive lock without waiting; False when another holder has it."""
    if sys.platform == "win32":
        import msvcrt

        try:
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _same_file(handle: IO[bytes], path: Path) -> bool:
    try:
        return os.path.samestat(os.fstat(handle.fileno()), path.stat())
    except OSError:
        return False


def _private_dir(path: Path) -> Path:
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    with suppress(OSError):  # e.g. a FAT-formatted USB stick has no modes
        path.chmod(0o700)
    return path


class Scratch:
    """One process's scratch directory; made on first use, removed by :meth:`close`."""

    def __init__(self, data_dir: Path) -> None:
        self.root = data_dir / TMP_DIR
        self._dir: Path | None = None
        self._lock: IO[bytes] | None = None

    @property
    def path(self) -> Path:
        """This process's directory (created and locked the first time it is asked for)."""
        if self._dir is None:
            _private_dir(self.root)
            name, lock = self._locked_name()
            self._lock = lock
            self._dir = _private_dir(self.root / name)
        return self._dir

    def _locked_name(self) -> tuple[str, IO[bytes]]:
        for _attempt in range(5):
            name = f"{os.getpid()}-{uuid4().hex[:12]}"
            path = self.root / f"{name}.lock"
            lock = path.open("wb")
            # A sweep may have taken the new file for an orphan between its creation and
            # the lock: keep it only if the name still leads to the locked file.
            if _try_lock(lock) and _same_file(lock, path):
                return name, lock
            lock.close()
        raise OSError(f"cannot lock a scratch space in {self.root}")

    def new_dir(self, prefix: str) -> Path:
        """A fresh private directory for one job (an import's staging area)."""
        return _private_dir(self.path / f"{prefix}{uuid4().hex[:12]}")

    def new_file(self, name: str) -> Path:
        """A path for a temporary file in this process's directory (not created)."""
        return self.path / f"{uuid4().hex[:8]}-{name}"

    def note_outside(self, path: Path) -> None:
        """Record a temporary file about to be made outside the data directory, so that a
        sweep removes it should this process die before it is renamed or deleted."""
        with (self.path / OUTSIDE_LIST).open("a", encoding="utf-8") as handle:
            handle.write(f"{path}\n")
            handle.flush()
            os.fsync(handle.fileno())

    def move_into_place(self, tmp: Path, out: Path) -> None:
        """Rename a finished temporary file to ``out``; across file systems (a USB stick),
        copy it beside ``out`` under a hidden name first, so ``out`` is never half-written."""
        try:
            tmp.replace(out)
            return
        except OSError as exc:
            if exc.errno != errno.EXDEV:
                raise
        partial = out.with_name(f".{out.name}.{uuid4().hex[:8]}.partial")
        self.note_outside(partial)
        try:
            with tmp.open("rb") as source, partial.open("wb") as target:
                shutil.copyfileobj(source, target, 1024 * 1024)
                target.flush()
                os.fsync(target.fileno())
            partial.replace(out)
        finally:
            partial.unlink(missing_ok=True)
            tmp.unlink(missing_ok=True)

    def close(self) -> None:
        if self._dir is not None:
            _remove_dir(self._dir, sweep_outside=True)
            self._dir = None
        if self._lock is not None:
            lock_path = Path(self._lock.name)
            self._lock.close()
            lock_path.unlink(missing_ok=True)
            self._lock = None


def _remove_dir(directory: Path, *, sweep_outside: bool) -> None:
    if sweep_outside:
        with suppress(OSError):
            for line in (directory / OUTSIDE_LIST).read_text(encoding="utf-8").splitlines():
                Path(line).unlink(missing_ok=True)
    shutil.rmtree(directory, ignore_errors=True)


def sweep(data_dir: Path) -> list[str]:
    """Remove what ended processes left in ``tmp/`` (and the legacy ``staging/``).

    Returns the names removed (for the log). Never raises: a sweep that cannot remove
    something leaves it for the next start.
    """
    removed: list[str] = []
    root = data_dir / TMP_DIR
    legacy = data_dir / "staging"  # where earlier versions staged imports
    if legacy.is_dir():
        shutil.rmtree(legacy, ignore_errors=True)
        removed.append("staging")
    if not root.is_dir():
        return removed
    with suppress(OSError):
        root.chmod(0o700)
    try:
        entries = sorted(root.iterdir())
    except OSError:
        return removed
    live: set[str] = set()
    for lock_path in (e for e in entries if e.suffix == ".lock"):
        try:
            handle = lock_path.open("rb+")
        except OSError:
            live.add(lock_path.stem)
            continue
        with handle:
            if not _try_lock(handle):
                live.add(lock_path.stem)
                continue
            _remove_dir(root / lock_path.stem, sweep_outside=True)
            lock_path.unlink(missing_ok=True)
            removed.append(lock_path.stem)
    for entry in entries:
        if entry.suffix == ".lock" or entry.name in live or not entry.exists():
            continue
        # A directory whose lock file is gone, or a stray file: nobody owns it.
        if entry.is_dir():
            _remove_dir(entry, sweep_outside=True)
        else:
            entry.unlink(missing_ok=True)
        removed.append(entry.name)
    if removed:
        log.info("swept temporary files left by ended processes: %s", ", ".join(removed))
    return removed
