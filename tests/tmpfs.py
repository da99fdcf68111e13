"""A small file system of its own for a test, to fill up: a tmpfs, which needs root."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


@contextmanager
def small_tmpfs(mount: Path, size: int) -> Iterator[Path]:
    """``mount`` (created) holding a tmpfs of ``size`` bytes while the block runs; skips
    the test, saying why, where it cannot be mounted."""
    if os.name != "posix" or os.geteuid() != 0:
        pytest.skip("disk-full tests mount a small tmpfs, which needs root")
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(mount)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs for the disk-full tests: {done.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)
