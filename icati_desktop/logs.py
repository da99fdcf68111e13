"""A rotating log file in the data directory, so failures are kept.

The log names people and records, so its files are private to the user (0600, in a
0700 folder), including every file the rotation starts.
"""

from __future__ import annotations

import logging
import os
from logging.handlers import RotatingFileHandler
from pathlib import Path

LOG_FILE = "icati.log"
_PRIVATE = 0o600


def log_path(data_dir: Path) -> Path:
    return data_dir / "logs" / LOG_FILE


class PrivateRotatingFileHandler(RotatingFileHandler):
    """A rotating handler whose files only their owner can read."""

    def _open(self):  # same type as the base class's
        stream = super()._open()
        if os.name == "posix":
            Path(self.baseFilename).chmod(_PRIVATE)  # the folder is 0700 meanwhile
        return stream


def setup_logging(data_dir: Path, level: int = logging.INFO) -> Path:
    path = log_path(data_dir)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    if os.name == "posix":
        data_dir.chmod(0o700)
        path.parent.chmod(0o700)
    root = logging.getLogger()
    if not any(isinstance(h, RotatingFileHandler) for h in root.handlers):
        handler = PrivateRotatingFileHandler(
            path, maxBytes=2_000_000, backupCount=5, encoding="utf-8"
        )
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
    root.setLevel(level)
    return path
