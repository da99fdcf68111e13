"""Remove debugging information from the libraries of a built folder (Linux).

Some libraries arrive with it: Python's own ``libpython`` as pyenv builds it (23 MB, 6 MB
without), kiwisolver, cryptography. PyInstaller's ``strip`` option strips every library
instead, which breaks the ones a wheel's repair tool (auditwheel) rewrote: numpy's OpenBLAS
then fails to load with "ELF load command address/offset not page-aligned". So only
``--strip-debug``, and never on those rewritten files: the bundled copies in ``*.libs/``
and the modules that find them through an ``$ORIGIN/…/*.libs`` run path.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

ELF_MAGIC = b"\x7fELF"


def _is_elf(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(4) == ELF_MAGIC


def _readelf(*args: str) -> str:
    return subprocess.run(
        ["readelf", "--wide", *args], capture_output=True, text=True, check=False
    ).stdout


def strippable(path: Path) -> bool:
    """An ELF file with debugging sections that no wheel repair tool has rewritten."""
    if any(part.endswith(".libs") for part in path.parts) or not _is_elf(path):
        return False
    if ".libs" in _readelf("--dynamic", str(path)):
        return False
    return ".debug_" in _readelf("--section-headers", str(path))


def strip_debug_info(folder: Path) -> int:
    """Strip what can be stripped under ``folder``; the bytes saved (0 without binutils)."""
    if shutil.which("strip") is None or shutil.which("readelf") is None:
        print("strip_debug: binutils (strip, readelf) not found; libraries left as they are")
        return 0
    saved = 0
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and not p.is_symlink()):
        if not strippable(path):
            continue
        before = path.stat().st_size
        subprocess.run(["strip", "--strip-debug", str(path)], check=True)
        saved += before - path.stat().st_size
    return saved
