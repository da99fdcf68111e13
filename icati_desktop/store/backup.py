"""Verified backups and restores.

A backup is always a SQLite store file, whatever the engine: on SQLite it is taken
with the online backup API (a consistent snapshot, even in WAL mode); on PostgreSQL
every table is copied into a new SQLite file. Either way the file is checked with
``integrity_check`` and row counts before it is given its final name, and it can be
opened by the app like any store.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from sqlalchemy import Engine, MetaData, Table, create_engine, func, inspect, select, text
from sqlalchemy.pool import NullPool

from icati_desktop.store.search import ensure_search_index
from icati_desktop.store.tables import Base

COPY_BATCH = 2_000


class BackupError(RuntimeError):
    pass


def _alembic_table(metadata: MetaData) -> Table:
    from sqlalchemy import Column, String

    return Table("alembic_version", metadata, Column("version_num", String(32), primary_key=True))


def _tables(engine: Engine) -> list[Table]:
    """The app's tables that exist in this database (an old schema has fewer)."""
    present = set(inspect(engine).get_table_names())
    return [t for t in Base.metadata.sorted_tables if t.name in present]


def _columns(engine: Engine, tables: list[Table]) -> dict[str, set[str]]:
    inspector = inspect(engine)
    return {t.name: {c["name"] for c in inspector.get_columns(t.name)} for t in tables}


def _copy(source: Engine, target: Engine, *, clear_target: bool) -> None:
    version_table = _alembic_table(MetaData())
    # Inspect before the write transaction: on PostgreSQL it holds the write lock, which
    # the inspector's own connection would wait for.
    tables, target_tables = _tables(source), _tables(target)
    # An older schema lacks columns a later revision added: copy the columns both have
    # (a column only the target has takes its server default).
    source_columns, target_columns = _columns(source, tables), _columns(target, target_tables)
    with source.connect() as src, target.connect() as dst, dst.begin():
        src_has_version = source.dialect.has_table(src, "alembic_version")
        if clear_target:
            for table in reversed(target_tables):
                dst.execute(table.delete())
            dst.execute(version_table.delete())
        for table in [*tables, version_table]:
            if table is version_table and not src_has_version:
                continue
            if table is version_table:
                query = select(table)
            else:
                shared = source_columns[table.name] & target_columns.get(table.name, set())
                query = select(*(c for c in table.columns if c.name in shared))
            result = src.execution_options(stream_results=True).execute(query)
            while batch := result.fetchmany(COPY_BATCH):
                dst.execute(table.insert(), [dict(row._mapping) for row in batch])
        if target.dialect.name == "postgresql":
            # Copied rows carry their serial numbers; move each sequence past them.
            for table in tables:
                serial = table.autoincrement_column
                if serial is None:
                    continue
                dst.execute(
                    text(
                        f"SELECT setval(seq, COALESCE((SELECT MAX({serial.name}) "
                        f"FROM {table.name}), 0) + 1, false) FROM (SELECT "
                        f"pg_get_serial_sequence('{table.name}', '{serial.name}') AS seq) AS s "
                        "WHERE seq IS NOT NULL"
                    )
                )


def _row_counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {
            t.name: conn.execute(select(func.count()).select_from(t)).scalar_one()
            for t in _tables(engine)
        }


def verify_backup_file(path: Path) -> None:
    """Raise unless ``path`` is a sound SQLite store file."""
    if not path.is_file():
        raise BackupError(f"{path} does not exist")
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            check = conn.execute("PRAGMA integrity_check").fetchall()
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{path} is not an ICATI store backup ({exc})") from exc
    if check != [("ok",)]:
        raise BackupError(f"{path} fails the integrity check: {check[:3]}")
    if "versions" not in tables or "alembic_version" not in tables:
        raise BackupError(f"{path} is not an ICATI store backup (no version log)")


def make_backup(engine: Engine, out: Path) -> Path:
    """Write a verified backup of the store to ``out`` (atomically)."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".partial")
    tmp.unlink(missing_ok=True)
    try:
        if engine.dialect.name == "sqlite":
            with engine.connect() as conn:
                raw = conn.connection.dbapi_connection
                assert isinstance(raw, sqlite3.Connection)
                target = sqlite3.connect(tmp)
                try:
                    raw.backup(target)
                finally:
                    target.close()
        else:
            target_engine = create_engine(f"sqlite:///{tmp}", poolclass=NullPool)
            try:
                Base.metadata.create_all(target_engine, tables=_tables(engine))
                with target_engine.begin() as conn:
                    _alembic_table(MetaData()).create(conn)
                _copy(engine, target_engine, clear_target=False)
            finally:
                target_engine.dispose()
        verify_backup_file(tmp)
        _check_counts(engine, tmp)
        with tmp.open("rb") as handle:
            os.fsync(handle.fileno())
        tmp.replace(out)
    except (OSError, sqlite3.Error, BackupError) as exc:
        tmp.unlink(missing_ok=True)
        raise BackupError(str(exc)) from exc
    return out


def _check_counts(engine: Engine, path: Path) -> None:
    copy = create_engine(f"sqlite:///{path}", poolclass=NullPool)
    try:
        if _row_counts(copy) != _row_counts(engine):
            raise BackupError("the backup's row counts differ from the store's")
    finally:
        copy.dispose()


def backup_revision(path: Path) -> str | None:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    finally:
        conn.close()
    return None if row is None else str(row[0])


def restore_backup(engine: Engine, backup: Path) -> None:
    """Replace the store's whole content with the backup's, in one step.

    The search index is engine-specific and may not survive the trip (a backup of a
    PostgreSQL store has no FTS5 table; a SQLite backup has no ``tsvector``s), so it is
    rebuilt afterwards when it needs to be.
    """
    verify_backup_file(backup)
    if engine.dialect.name == "sqlite":
        engine.dispose()
        source = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
        try:
            with engine.connect() as conn:
                raw = conn.connection.dbapi_connection
                assert isinstance(raw, sqlite3.Connection)
                source.backup(raw)
        finally:
            source.close()
        engine.dispose()
        ensure_search_index(engine)
        return
    from icati_desktop.store.migrate import HEAD_REVISION

    revision = backup_revision(backup)
    if revision != HEAD_REVISION:
        raise BackupError(
            f"the backup has schema {revision}; a PostgreSQL store can only be restored from a "
            f"backup at schema {HEAD_REVISION} — open the backup with this version first"
        )
    source_engine = create_engine(f"sqlite:///{backup}", poolclass=NullPool)
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        _copy(source_engine, engine, clear_target=True)
    finally:
        source_engine.dispose()
    ensure_search_index(engine)
