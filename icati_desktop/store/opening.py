"""Open a store, migrating it if needed."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from icati_desktop.paths import DB_FILENAME as DB_FILENAME
from icati_desktop.store.engine import create_store_engine, sqlite_url
from icati_desktop.store.migrate import ensure_schema
from icati_desktop.store.scratch import Scratch, sweep
from icati_desktop.store.search import ensure_search_index
from icati_desktop.store.storage_errors import StorageProblemKind, StoreDamaged, storage_problem
from icati_desktop.store.store import Store
from icati_desktop.versioning.hlc import wall_clock_ms

log = logging.getLogger(__name__)


def store_url(data_dir: Path, db_url: str | None = None) -> str:
    return db_url or sqlite_url(data_dir / DB_FILENAME)


def _emptied(store_file: Path) -> bool:
    try:
        return store_file.stat().st_size == 0
    except OSError:
        return False


def open_store(
    data_dir: Path, db_url: str | None = None, now_ms: Callable[[], int] = wall_clock_ms
) -> Store:
    """Open (creating or migrating as needed) the store for a data directory.

    A store whose search index is missing or empty (e.g. one made from a PostgreSQL
    backup) gets it rebuilt here; an intact index costs a few lookups. Temporary files
    left by processes that ended (killed imports, exports, backups) are swept first.
    """
    data_dir.mkdir(parents=True, exist_ok=True)
    sweep(data_dir)
    store_file = data_dir / DB_FILENAME
    if db_url is None and (data_dir / "keys").is_dir() and _emptied(store_file):
        # SQLite would take an empty file for a new store and this device would silently
        # start again from nothing; a device that has keys had a store.
        raise StoreDamaged("the store file is empty", store_file)
    engine = create_store_engine(store_url(data_dir, db_url))
    scratch = Scratch(data_dir)
    try:
        ensure_schema(engine, data_dir / "backups", scratch=scratch)
        ensure_search_index(engine)
    except BaseException as exc:
        engine.dispose()
        scratch.close()
        problem = storage_problem(exc)
        if db_url is None and problem is not None and problem.kind is StorageProblemKind.DAMAGED:
            raise StoreDamaged(problem.detail, data_dir / DB_FILENAME) from exc
        raise
    return Store(engine, data_dir, now_ms, scratch)
