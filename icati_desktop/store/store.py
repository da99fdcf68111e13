"""An open store: the engine, its data directory, transactions and change notifications."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from icati_desktop.store.blobs import BlobStore
from icati_desktop.store.engine import WRITE_OPTION, is_sqlite
from icati_desktop.versioning.hlc import wall_clock_ms

log = logging.getLogger(__name__)

ChangeListener = Callable[[Mapping[str, frozenset[str]]], None]
"""Called after a commit with record type → ids of the records that changed."""


@dataclass
class WriteTransaction:
    session: Session
    changed: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))

    def note_changes(self, changes: Mapping[str, set[str]]) -> None:
        for record_type, ids in changes.items():
            self.changed[record_type].update(ids)


class Store:
    """One open store. Thread-confined: use it from the database worker thread only."""

    def __init__(
        self,
        engine: Engine,
        data_dir: Path,
        now_ms: Callable[[], int] = wall_clock_ms,
        *,
        passphrase: str | None = None,
    ) -> None:
        self.engine = engine
        self.data_dir = data_dir
        self.now_ms = now_ms
        self.passphrase = passphrase
        """What unlocks this device's store and keys (None: they are not encrypted)."""
        self.blobs = BlobStore(data_dir / "blobs")
        self._listeners: list[ChangeListener] = []

    @property
    def is_encrypted(self) -> bool:
        return self.passphrase is not None

    @property
    def keys_dir(self) -> Path:
        """Where this device's private keys are (``keys/`` in the data directory)."""
        return self.data_dir / "keys"

    @property
    def is_sqlite(self) -> bool:
        return is_sqlite(self.engine)

    @property
    def url(self) -> str:
        """Where the data is, for people: the file for SQLite, the URL (no password) else."""
        if self.is_sqlite and self.engine.url.database:
            return str(Path(self.engine.url.database).resolve())
        return self.engine.url.render_as_string(hide_password=True)

    def use_engine(self, engine: Engine, passphrase: str | None) -> None:
        """Continue on a new engine: the store file was re-encrypted (see sync.protection)."""
        self.engine.dispose()
        self.engine = engine
        self.passphrase = passphrase

    def subscribe(self, listener: ChangeListener) -> Callable[[], None]:
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read transaction with a consistent snapshot."""
        with self.engine.connect() as conn:
            conn = conn.execution_options(**{WRITE_OPTION: False})
            with conn.begin(), Session(bind=conn, expire_on_commit=False) as session:
                yield session

    @contextmanager
    def write(self) -> Iterator[WriteTransaction]:
        """One write transaction (``BEGIN IMMEDIATE`` on SQLite): all or nothing."""
        tx: WriteTransaction
        with (
            self.engine.connect() as conn,
            conn.begin(),
            Session(bind=conn, expire_on_commit=False, autoflush=True) as session,
        ):
            tx = WriteTransaction(session)
            yield tx
            session.flush()
        self._notify(tx.changed)

    def _notify(self, changed: Mapping[str, set[str]]) -> None:
        if not changed:
            return
        frozen = {record_type: frozenset(ids) for record_type, ids in changed.items()}
        for listener in list(self._listeners):
            try:
                listener(frozen)
            except Exception:  # a broken view must not undo a committed write
                log.exception("change listener failed")

    def close(self) -> None:
        self.engine.dispose()
