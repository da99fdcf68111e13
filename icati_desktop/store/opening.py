"""Open a store (migrating it if needed) and initialise a new device."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from icati_desktop.store.content import load_default_content
from icati_desktop.store.device import DeviceInfo, Role, create_device, read_device
from icati_desktop.store.engine import create_store_engine, sqlite_url
from icati_desktop.store.migrate import ensure_schema
from icati_desktop.store.search import ensure_search_index
from icati_desktop.store.store import Store
from icati_desktop.sync.hlc import wall_clock_ms
from icati_desktop.sync.identity import (
    load_or_create_age_identity,
    load_or_create_signing_identity,
)

log = logging.getLogger(__name__)

DB_FILENAME = "icati.sqlite3"


class AlreadyInitialised(RuntimeError):
    pass


def store_url(data_dir: Path, db_url: str | None = None) -> str:
    return db_url or sqlite_url(data_dir / DB_FILENAME)


def open_store(
    data_dir: Path, db_url: str | None = None, now_ms: Callable[[], int] = wall_clock_ms
) -> Store:
    """Open (creating or migrating as needed) the store for a data directory.

    A store whose search index is missing or empty (e.g. one made from a PostgreSQL
    backup) gets it rebuilt here; an intact index costs a few lookups.
    """
    data_dir.mkdir(parents=True, exist_ok=True)
    engine = create_store_engine(store_url(data_dir, db_url))
    try:
        ensure_schema(engine, data_dir / "backups")
        ensure_search_index(engine)
    except BaseException:
        engine.dispose()
        raise
    return Store(engine, data_dir, now_ms)


def initialise_device(store: Store, role: Role, name: str) -> DeviceInfo:
    """Give a new store its device identity and the built-in default content."""
    name = name.strip()
    if not name:
        raise ValueError("a device needs a name (a person or an office): pass --name")
    with store.read() as session:
        existing = read_device(session)
    if existing is not None:
        raise AlreadyInitialised(
            f"this store is already set up as {existing.role.value} device "
            f"{existing.name!r} ({existing.device_id}); use another --data-dir for a new one"
        )
    identity = load_or_create_signing_identity(store.data_dir / "keys")
    load_or_create_age_identity(store.data_dir / "keys")
    with store.write() as tx:
        device = create_device(tx.session, identity.device_id, role, name)
        tx.note_changes(load_default_content(tx.session))
    log.info("initialised %s device %s", role.value, device.device_id)
    return device
