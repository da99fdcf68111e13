"""Open a store, migrating it if needed."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import inspect
from sqlalchemy.engine import URL

from icati_desktop.store.cipher import (
    PassphraseError,
    check_passphrase,
    cipher_url,
    is_encrypted_file,
    new_key,
    normalise_passphrase,
    remove_leftovers,
)
from icati_desktop.store.content import upgrade_default_content
from icati_desktop.store.engine import create_store_engine, sqlite_url
from icati_desktop.store.migrate import ensure_schema
from icati_desktop.store.private_files import create_private_file, secure_data_dir
from icati_desktop.store.search import ensure_search_index
from icati_desktop.store.store import Store
from icati_desktop.versioning.hlc import wall_clock_ms

log = logging.getLogger(__name__)

DB_FILENAME = "icati.sqlite3"


class StoreMissing(FileNotFoundError):
    """A command that only reads found no store where it looked."""

    def __init__(self, where: str) -> None:
        super().__init__(
            f"there is no store in {where}: run `icati init` there first, "
            "or point --data-dir (or --db) at an existing one"
        )


def store_url(data_dir: Path, db_url: str | None = None) -> str:
    return db_url or sqlite_url(data_dir / DB_FILENAME)


def store_file(data_dir: Path) -> Path:
    return data_dir / DB_FILENAME


def has_store(data_dir: Path) -> bool:
    """Whether the data directory holds a store file (an empty file is none)."""
    path = store_file(data_dir)
    return path.is_file() and path.stat().st_size > 0


def is_encrypted_store(data_dir: Path) -> bool:
    """Whether the data directory's store is encrypted (so a passphrase must be asked)."""
    return is_encrypted_file(store_file(data_dir))


def open_store(
    data_dir: Path,
    db_url: str | None = None,
    now_ms: Callable[[], int] = wall_clock_ms,
    *,
    passphrase: str | None = None,
    create: bool = True,
) -> Store:
    """Open (creating or migrating as needed) the store for a data directory.

    ``passphrase`` opens an encrypted store, or creates a new store encrypted; a store
    that is encrypted is never opened without it, nor a clear one with it. With
    ``create=False`` a missing store raises :class:`StoreMissing` and nothing is created.

    A store whose search index is missing or empty (e.g. one made from a PostgreSQL
    backup) gets it rebuilt here; an intact index costs a few lookups. A store that holds
    an earlier default-content release than the app ships is upgraded to it (one setting
    read when it is not).
    """
    url: str | URL
    if passphrase is not None:
        passphrase = normalise_passphrase(passphrase)
    if db_url is not None:
        if passphrase is not None:
            raise PassphraseError(
                "encryption at rest protects SQLite stores only: a PostgreSQL store is "
                "protected by its server (disk encryption, TLS, database passwords)"
            )
        url = db_url
        secure_data_dir(data_dir)  # keys, attachments and backups live there
    else:
        path = store_file(data_dir)
        if not create and not has_store(data_dir):
            raise StoreMissing(str(data_dir))
        secure_data_dir(data_dir)
        remove_leftovers(path)
        key = None
        if has_store(data_dir):
            key = check_passphrase(path, passphrase)  # also refuses a clear store with one
        else:
            create_private_file(path)
            key = None if passphrase is None else new_key(passphrase)
        url = store_url(data_dir) if key is None else cipher_url(path, key)
    engine = create_store_engine(url)
    try:
        if not create and db_url is not None:
            with engine.connect() as conn:
                if not inspect(conn).has_table("alembic_version"):
                    raise StoreMissing(engine.url.render_as_string(hide_password=True))
        ensure_schema(engine, data_dir / "backups")
        ensure_search_index(engine)
    except BaseException:
        engine.dispose()
        raise
    store = Store(engine, data_dir, now_ms, passphrase=passphrase)
    try:
        upgrade_default_content(store)
    except BaseException:
        store.close()
        raise
    return store
