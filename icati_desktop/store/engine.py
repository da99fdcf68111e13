"""Database engines: SQLite for a device, PostgreSQL for a central office.

SQLite runs in WAL mode with ``synchronous=FULL`` and foreign keys on. pysqlite's own
transaction handling is switched off so that we emit ``BEGIN IMMEDIATE`` ourselves
(SQLAlchemy's documented recipe): a write transaction takes the write lock up front
instead of failing half-way with "database is locked". On PostgreSQL, a write
transaction takes a transaction-scoped advisory lock, which gives the same
one-writer-at-a-time guarantee.

An encrypted store (SQLCipher) goes through SQLAlchemy's ``sqlite+pysqlcipher`` dialect,
which keys each new connection with the passphrase in the URL before anything else; it is
otherwise the same SQLite engine (see :mod:`icati_desktop.store.cipher`).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.pool import QueuePool

WRITE_OPTION = "icati_write"
PG_WRITE_LOCK = 0x1CA71  # an arbitrary, fixed advisory lock key
BUSY_TIMEOUT_MS = 30_000


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def create_store_engine(url: str | URL) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(parsed)
    if parsed.get_backend_name() == "postgresql":
        return _postgres_engine(url)
    raise ValueError(
        f"unsupported database {parsed.get_backend_name()!r}: use sqlite:///FILE "
        "or postgresql+psycopg://USER@HOST/DB"
    )


def _sqlite_engine(url: URL) -> Engine:
    # The pysqlcipher dialect defaults to one connection per thread; a store needs the
    # same pool as a clear one (each checkout its own connection and transaction).
    engine = create_engine(
        url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000}, poolclass=QueuePool
    )
    encrypted = url.get_driver_name() == "pysqlcipher"

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        if encrypted:  # keyed by the dialect already; pin SQLCipher 4's page format
            cursor.execute("PRAGMA cipher_compatibility = 4")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        write = conn.get_execution_options().get(WRITE_OPTION, True)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


def _postgres_engine(url: str | URL) -> Engine:
    engine = create_engine(url, pool_pre_ping=True)

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        if conn.get_execution_options().get(WRITE_OPTION, True):
            conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({PG_WRITE_LOCK})")

    return engine
