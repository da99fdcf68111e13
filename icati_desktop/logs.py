"""A rotating log file in the data directory, so failures are kept."""

from __future__ import annotations

import logging
from logging.handlers import RotatingFileHandler
from pathlib import Path

LOG_FILE = "icati.log"


def log_path(data_dir: Path) -> Path:
    return data_dir / "logs" / LOG_FILE


def setup_logging(data_dir: Path, level: int = logging.INFO) -> Path:
    # A log line that cannot be written (a full disk) is dropped; the logging module would
    # otherwise print its own traceback over the one-line message the user should see.
    logging.raiseExceptions = False
    path = log_path(data_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    root = logging.getLogger()
    if not any(isinstance(h, RotatingFileHandler) for h in root.handlers):
        handler = RotatingFileHandler(path, maxBytes=2_000_000, backupCount=5, encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
    root.setLevel(level)
    return path
