"""Write a file so that it is either the complete new file or left as it was, never half.

The content goes to a hidden ``.{name}.partial`` beside the target (the same folder, so
the rename is atomic), is fsynced, then renamed over the target. Any failure — an
exception from the writer, a full disk, a cancel — removes the partial file and leaves an
existing target untouched. Errors are passed on as they are: an ``OSError`` keeps its
``errno``, so :func:`~icati_desktop.store.storage_errors.storage_problem` still turns a
full disk into the one-line ``disk_full`` message of the command line.

Used by every export (CSV, XLSX, ICS, vCard, GeoJSON, PDF, XLSForm, a person's dossier) and
by the content release files; it sits outside the layers so that any of them may use it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO


def partial_path(path: Path) -> Path:
    """Where ``path`` is written before it is complete: hidden, in the same folder."""
    return path.with_name(f".{path.name}.partial")


@contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """Yield the partial path for a writer that wants a file name (openpyxl, Qt); once
    the block ends without error the file there is fsynced and renamed to ``path``."""
    tmp = partial_path(path)
    try:
        yield tmp
        with tmp.open("rb+") as handle:  # rb+: Windows flushes only handles open for writing
            os.fsync(handle.fileno())
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)


@contextmanager
def atomic_text(path: Path, *, encoding: str = "utf-8") -> Iterator[TextIO]:
    """A text handle on the partial file (no newline translation: the writer chooses the
    line ends, as the csv module and vCards need); renamed to ``path`` when complete."""
    with atomic_path(path) as tmp, tmp.open("w", encoding=encoding, newline="") as handle:
        yield handle


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically."""
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)


__all__ = ["atomic_path", "atomic_text", "partial_path", "write_atomic"]
