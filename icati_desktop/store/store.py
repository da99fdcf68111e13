"""An open store: the engine, its data directory, transactions and change notifications."""

from __future__ import annotations

import logging
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from icati_desktop.store.blobs import BlobStore
from icati_desktop.store.central_blobs import CentralBlobStore
from icati_desktop.store.change_feed import ChangeFeed, announce_changes
from icati_desktop.store.engine import WRITE_OPTION, is_sqlite
from icati_desktop.store.scratch import Scratch
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
    """One open store. Thread-confined: use it from the database worker thread only.

    On PostgreSQL several processes (HQ staff, each in their own app, and ``icati``) may
    write to one store: each write announces what it changed (see
    :mod:`icati_desktop.store.change_feed`), and :meth:`follow_other_writers` makes the
    changes others commit reach this store's change listeners too.
    """

    def __init__(
        self,
        engine: Engine,
        data_dir: Path,
        now_ms: Callable[[], int] = wall_clock_ms,
        scratch: Scratch | None = None,
        *,
        passphrase: str | None = None,
    ) -> None:
        self.engine = engine
        self.data_dir = data_dir
        self.now_ms = now_ms
        self.passphrase = passphrase
        """What unlocks this device's store and keys (None: they are not encrypted)."""
        self.scratch = scratch or Scratch(data_dir)
        """This process's private temporary space (``tmp/``), removed on close."""
        self.blobs: BlobStore = (
            BlobStore(data_dir / "blobs", scratch=self.scratch)
            if is_sqlite(engine)
            else CentralBlobStore(data_dir / "blobs", engine, scratch=self.scratch)
        )
        self._listeners: list[ChangeListener] = []
        self.writer_id = uuid.uuid4().hex
        """Names this process's writes in change notifications (so it skips its own)."""
        self._feed: ChangeFeed | None = None

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

    def follow_other_writers(self, on_state: Callable[[bool], None] | None = None) -> None:
        """Also tell this store's listeners what other processes commit (PostgreSQL only).

        ``on_state`` learns when the notification connection is up or lost. On SQLite,
        where one process writes, this does nothing.
        """
        if self.is_sqlite or self._feed is not None:
            return
        self._feed = ChangeFeed(self.engine, self.writer_id, self._deliver, on_state)
        self._feed.start()

    @property
    def change_feed(self) -> ChangeFeed | None:
        return self._feed

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read transaction with a consistent snapshot (REPEATABLE READ on PostgreSQL,
        where other processes may commit between two queries of one read)."""
        with self.engine.connect() as conn:
            options: dict[str, object] = {WRITE_OPTION: False}
            if not self.is_sqlite:
                options["isolation_level"] = "REPEATABLE READ"
            conn = conn.execution_options(**options)
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
            if tx.changed and not self.is_sqlite:
                announce_changes(session, self.writer_id, tx.changed)
        self._notify(tx.changed)

    def _notify(self, changed: Mapping[str, set[str]]) -> None:
        if not changed:
            return
        self._deliver({record_type: frozenset(ids) for record_type, ids in changed.items()})

    def _deliver(self, frozen: Mapping[str, frozenset[str]]) -> None:
        """Hand changes to every listener (on the database thread, or the feed's thread)."""
        for listener in list(self._listeners):
            try:
                listener(frozen)
            except Exception:  # a broken view must not undo a committed write
                log.exception("change listener failed")

    def close(self) -> None:
        if self._feed is not None:
            self._feed.stop()
            self._feed = None
        self.engine.dispose()
        self.scratch.close()
