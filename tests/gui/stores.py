"""Stores for GUI tests: open a data directory, making it a field device if it is new.

The app itself goes through the first-run wizard (``gui/first_run.py``) to create a
device; tests that only need a ready store skip it with ``open_or_create``.
"""

from __future__ import annotations

import getpass
from pathlib import Path

from icati_desktop.store.device import Role, read_device
from icati_desktop.store.opening import open_store
from icati_desktop.store.store import Store
from icati_desktop.sync.device_setup import initialise_device


def open_or_create(data_dir: Path, db_url: str | None) -> Store:
    """Open the store; a brand-new one becomes a field device with the default content."""
    store = open_store(data_dir, db_url)
    with store.read() as session:
        device = read_device(session)
    if device is None:
        initialise_device(store, Role.FIELD, getpass.getuser() or "ICATI expert")
    return store
