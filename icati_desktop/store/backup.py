"""Verified backups and restores.

A backup is always a SQLite store file, whatever the engine: on SQLite it is taken
with the online backup API (a consistent snapshot, even in WAL mode); on PostgreSQL
every table is copied into a new SQLite file. Either way the file is checked with
``integrity_check`` and row counts before it is given its final name, and it can be
opened by the app like any store.

The backup of an encrypted store is encrypted with the same passphrase (SQLCipher's
backup API between two connections keyed alike); restoring needs the backup's passphrase,
which may differ from the store's (a backup taken before the passphrase was changed, or a
clear backup restored into an encrypted store): the backup is then first re-encrypted
into a temporary copy with the store's key.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from sqlalchemy import Engine, MetaData, Table, create_engine, func, inspect, select, text
from sqlalchemy.pool import NullPool

from icati_desktop.store.cipher import (
    RESTORING_SUFFIX,
    PassphraseError,
    Secret,
    check_passphrase,
    cipher_url,
    connect,
    database_errors,
    engine_key,
    export_copy,
    is_encrypted_file,
    key_for,
)
from icati_desktop.store.private_files import create_private_file
from icati_desktop.store.scratch import Scratch
from icati_desktop.store.search import ensure_search_index
from icati_desktop.store.storage_errors import StorageProblemKind, storage_problem
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


def _file_engine(path: Path, secret: Secret) -> Engine:
    key = key_for(path, secret)
    url = f"sqlite:///{path}" if key is None else cipher_url(path, key)
    return create_engine(url, poolclass=NullPool)


def verify_backup_file(path: Path, passphrase: Secret = None) -> None:
    """Raise unless ``path`` is a sound store file (encrypted ones with ``passphrase``)."""
    if not path.is_file():
        raise BackupError(f"{path} does not exist")
    if is_encrypted_file(path) and passphrase is None:
        raise BackupError(f"{path} is encrypted: its passphrase is needed to read it")
    if not is_encrypted_file(path):
        passphrase = None
    try:
        check_passphrase(path, passphrase)
    except PassphraseError as exc:
        raise BackupError(
            f"{path} cannot be read with this passphrase: it was encrypted with another one, "
            "or it is not an ICATI store backup"
        ) from exc
    try:
        conn = connect(path, passphrase, readonly=True)
        try:
            check = conn.execute("PRAGMA integrity_check").fetchall()
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        finally:
            conn.close()
    except database_errors() as exc:
        raise BackupError(f"{path} is not an ICATI store backup ({exc})") from exc
    if check != [("ok",)]:
        raise BackupError(f"{path} fails the integrity check: {check[:3]}")
    if "versions" not in tables or "alembic_version" not in tables:
        raise BackupError(f"{path} is not an ICATI store backup (no version log)")


def make_backup(engine: Engine, out: Path, scratch: Scratch | None = None) -> Path:
    """Write a verified backup of the store to ``out`` (atomically).

    The copy is made and checked in ``scratch`` (the data directory's ``tmp/``, swept if
    this process dies) when given, else beside ``out``; it gets its final name only when
    sound. The file is a single self-contained SQLite file (rollback journal, not WAL).
    """
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    if scratch is not None:
        tmp = scratch.new_file(out.name + ".partial")
    else:
        tmp = out.with_name(out.name + ".partial")
    tmp.unlink(missing_ok=True)
    key = engine_key(engine)  # the copy shares the store's key and salt
    failures: tuple[type[BaseException], ...] = (OSError, BackupError, *database_errors())
    try:
        create_private_file(tmp)
        if engine.dialect.name == "sqlite":
            with engine.connect() as conn:
                raw: sqlite3.Connection = conn.connection.dbapi_connection  # type: ignore[assignment]
                target = connect(tmp, key)
                try:
                    raw.backup(target)
                    # One self-contained file: reading it never leaves -wal/-shm beside it.
                    target.execute("PRAGMA journal_mode=DELETE")
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
        verify_backup_file(tmp, key)
        _check_counts(engine, tmp, key)
        with tmp.open("rb") as handle:
            os.fsync(handle.fileno())
        if scratch is not None:
            scratch.move_into_place(tmp, out)
        else:
            tmp.replace(out)
    except failures as exc:
        raise BackupError(_backup_failure(exc, (tmp.parent, out.parent))) from exc
    finally:
        for leftover in (tmp, tmp.with_name(tmp.name + "-journal")):
            leftover.unlink(missing_ok=True)
    return out


def _backup_failure(exc: BaseException, folders: tuple[Path, ...]) -> str:
    """One line: a full disk said as such (SQLite may say "disk I/O error" for it)."""
    for folder in folders:
        problem = storage_problem(exc, folder)
        if problem is not None and problem.kind is StorageProblemKind.DISK_FULL:
            return f"the disk is full ({folder}); free some space and try again"
    if isinstance(exc, OSError) and exc.strerror:
        return f"{exc.strerror} ({exc.filename or folders[-1]})"
    return str(exc)


def _check_counts(engine: Engine, path: Path, passphrase: Secret) -> None:
    copy = _file_engine(path, passphrase)
    try:
        if _row_counts(copy) != _row_counts(engine):
            raise BackupError("the backup's row counts differ from the store's")
    finally:
        copy.dispose()


def backup_revision(path: Path, passphrase: Secret = None) -> str | None:
    conn = connect(path, passphrase if is_encrypted_file(path) else None, readonly=True)
    try:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    finally:
        conn.close()
    return None if row is None else str(row[0])


def restore_backup(engine: Engine, backup: Path, backup_passphrase: Secret = None) -> None:
    """Replace the store's whole content with the backup's, in one step.

    ``backup_passphrase`` reads an encrypted backup; by default, the store's own.
    The search index is engine-specific and may not survive the trip (a backup of a
    PostgreSQL store has no FTS5 table; a SQLite backup has no ``tsvector``s), so it is
    rebuilt afterwards when it needs to be.
    """
    store_key = engine_key(engine)
    secret = None if not is_encrypted_file(backup) else (backup_passphrase or store_key)
    verify_backup_file(backup, secret)
    backup_key = key_for(backup, secret)
    if engine.dialect.name == "sqlite":
        if backup_key == store_key:
            _restore_sqlite(engine, backup, store_key)
            return
        # Different keys: SQLCipher's backup API copies pages as they are, so the backup
        # is first re-encrypted with the store's key into a private temporary copy.
        target = Path(engine.url.database or backup)
        rekeyed = target.with_name(target.name + RESTORING_SUFFIX)
        rekeyed.unlink(missing_ok=True)
        try:
            export_copy(backup, backup_key, rekeyed, store_key)
            _restore_sqlite(engine, rekeyed, store_key)
        finally:
            rekeyed.unlink(missing_ok=True)
        return
    from icati_desktop.store.migrate import HEAD_REVISION

    revision = backup_revision(backup, backup_key)
    if revision != HEAD_REVISION:
        raise BackupError(
            f"the backup has schema {revision}; a PostgreSQL store can only be restored from a "
            f"backup at schema {HEAD_REVISION} — open the backup with this version first"
        )
    source_engine = _file_engine(backup, backup_key)
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        _copy(source_engine, engine, clear_target=True)
    finally:
        source_engine.dispose()
    ensure_search_index(engine)


def _restore_sqlite(engine: Engine, backup: Path, passphrase: Secret) -> None:
    engine.dispose()
    source = connect(backup, passphrase, readonly=True)
    try:
        with engine.connect() as conn:
            raw: sqlite3.Connection = conn.connection.dbapi_connection  # type: ignore[assignment]
            source.backup(raw)
    finally:
        source.close()
    engine.dispose()
    ensure_search_index(engine)
