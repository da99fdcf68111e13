"""Open a store, migrating it if needed."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from icati_desktop.store.content import upgrade_default_content
from icati_desktop.store.engine import create_store_engine, sqlite_url
from icati_desktop.store.migrate import ensure_schema
from icati_desktop.store.search import ensure_search_index
from icati_desktop.store.store import Store
from icati_desktop.versioning.hlc import wall_clock_ms

log = logging.getLogger(__name__)

DB_FILENAME = "icati.sqlite3"


def store_url(data_dir: Path, db_url: str | None = None) -> str:
    return db_url or sqlite_url(data_dir / DB_FILENAME)


def open_store(
    data_dir: Path, db_url: str | None = None, now_ms: Callable[[], int] = wall_clock_ms
) -> Store:
    """Open (creating or migrating as needed) the store for a data directory.

    A store whose search index is missing or empty (e.g. one made from a PostgreSQL
    backup) gets it rebuilt here; an intact index costs a few lookups. A store that holds
    an earlier default-content release than the app ships is upgraded to it (one setting
    read when it is not).
    """
    data_dir.mkdir(parents=True, exist_ok=True)
    engine = create_store_engine(store_url(data_dir, db_url))
    try:
        ensure_schema(engine, data_dir / "backups")
        ensure_search_index(engine)
    except BaseException:
        engine.dispose()
        raise
    store = Store(engine, data_dir, now_ms)
    try:
        upgrade_default_content(store)
    except BaseException:
        store.close()
        raise
    return store
