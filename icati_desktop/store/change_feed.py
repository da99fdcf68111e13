"""Changes other people commit to a central store, announced with LISTEN/NOTIFY.

Several HQ staff work on one PostgreSQL store at once, each in their own app. Every
write transaction that changed records sends one notification on :data:`CHANNEL`
(``pg_notify`` inside the transaction, so PostgreSQL delivers it exactly when the
transaction commits, and never when it rolls back), naming the record types and ids it
changed and which process wrote them. Each app listens on a connection of its own (a
:class:`ChangeFeed` thread) and hands what others changed to the store's change
listeners — the very notifications its own writes produce — so a view refreshes only
what it shows. A notification too large for PostgreSQL (8000 bytes) names the types
only, which views read as "any record of this type".

A notification sent while a listener is disconnected is lost, so after a reconnection
the feed announces every type as changed once: views reload, nothing stays stale.
SQLite stores have one writer process and need none of this.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

from icati_desktop.domain.registry import record_types

if TYPE_CHECKING:
    import psycopg

log = logging.getLogger(__name__)

CHANNEL = "icati_changes"
MAX_PAYLOAD_BYTES = 7_900
"""PostgreSQL refuses notification payloads of 8000 bytes or more."""
DEVICES_CHANGE = "trusted_device"
"""Not a record type: the list of trusted devices changed (trust, revocation)."""
SYNC_LOG_CHANGE = "bundle_log"
"""Not a record type: a bundle was exported or imported (the sync history)."""
EXTRA_CHANGE_TYPES = (DEVICES_CHANGE, SYNC_LOG_CHANGE)

Changes = Mapping[str, frozenset[str]]


def notification_payload(sender: str, changes: Mapping[str, set[str]]) -> str:
    """What one write transaction announces: its writer and record type → changed ids."""
    body: dict[str, Any] = {"s": sender, "c": {t: sorted(ids) for t, ids in changes.items()}}
    payload = json.dumps(body, separators=(",", ":"), sort_keys=True)
    if len(payload.encode("utf-8")) > MAX_PAYLOAD_BYTES:
        body["c"] = {t: [] for t in changes}  # too many ids: any record of these types
        payload = json.dumps(body, separators=(",", ":"), sort_keys=True)
    return payload


def read_payload(payload: str) -> tuple[str, dict[str, frozenset[str]]] | None:
    """(sender, changes) of a notification, or None for one that is not ours."""
    try:
        body = json.loads(payload)
        sender, changes = body["s"], body["c"]
        if not isinstance(sender, str) or not isinstance(changes, dict):
            return None
        return sender, {
            str(t): frozenset(str(i) for i in ids)
            for t, ids in changes.items()
            if isinstance(ids, list)
        }
    except (ValueError, KeyError, TypeError):
        return None


def announce_changes(session: Session, sender: str, changes: Mapping[str, set[str]]) -> None:
    """Queue the notification in the caller's transaction: sent on commit, dropped on
    rollback."""
    session.execute(
        text("SELECT pg_notify(:channel, :payload)"),
        {"channel": CHANNEL, "payload": notification_payload(sender, changes)},
    )


def everything_changed() -> dict[str, frozenset[str]]:
    """Every type as "changed" (empty ids: any record): after missed notifications."""
    return {t: frozenset() for t in (*record_types(), *EXTRA_CHANGE_TYPES)}


def merge_changes(into: dict[str, set[str] | None], changes: Changes) -> None:
    """Add ``changes`` to ``into``; ``None`` for a type means any record of it."""
    for record_type, ids in changes.items():
        current = into.get(record_type, set())
        if current is None or not ids:
            into[record_type] = None
        else:
            current.update(ids)
            into[record_type] = current


class ChangeFeed:
    """A thread that listens for other writers' notifications and hands them on.

    Notifications arriving close together (within ``coalesce_s``) are merged into one
    delivery, so a burst of writes costs a view one refresh. ``on_state`` is told when
    the listening connection is up (True) or lost (False); the feed reconnects by itself,
    waiting a little longer after each failure (up to ``max_retry_s``).
    """

    def __init__(
        self,
        engine: Engine,
        sender: str,
        deliver: Callable[[Changes], None],
        on_state: Callable[[bool], None] | None = None,
        *,
        coalesce_s: float = 0.25,
        max_retry_s: float = 30.0,
    ) -> None:
        self.sender = sender
        self.deliver = deliver
        self.on_state = on_state or (lambda _up: None)
        self.coalesce_s = coalesce_s
        self.max_retry_s = max_retry_s
        cargs, cparams = engine.dialect.create_connect_args(engine.url)
        self._connect_args: tuple[list[Any], dict[str, Any]] = (list(cargs), dict(cparams))
        self._stop = threading.Event()
        self._listening = threading.Event()
        self._thread = threading.Thread(target=self._run, name="icati-change-feed", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def wait_listening(self, timeout: float) -> bool:
        """Whether the feed is listening (within ``timeout`` seconds): for tests and tools."""
        return self._listening.wait(timeout)

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=5)

    def _connect(self) -> psycopg.Connection[Any]:
        import psycopg

        cargs, cparams = self._connect_args
        return psycopg.connect(*cargs, **{**cparams, "autocommit": True})

    def _run(self) -> None:
        import psycopg  # only central stores have a feed: SQLite devices never load it

        retry, was_connected = 1.0, False
        while not self._stop.is_set():
            try:
                with self._connect() as conn:
                    conn.execute(f"LISTEN {CHANNEL}")
                    self._listening.set()
                    self.on_state(True)
                    if was_connected:  # what was sent while we were away is lost
                        self._hand_on(everything_changed())
                    was_connected, retry = True, 1.0
                    self._listen(conn)
            except psycopg.Error as exc:
                if self._stop.is_set():
                    break
                self._listening.clear()
                log.warning(
                    "lost the central database's change notifications (%s); retrying in %.0f s",
                    type(exc).__name__,
                    retry,
                )
                self.on_state(False)
                self._stop.wait(retry)
                retry = min(retry * 2, self.max_retry_s)

    def _listen(self, conn: psycopg.Connection[Any]) -> None:
        while not self._stop.is_set():
            pending: dict[str, set[str] | None] = {}
            for notification in conn.notifies(timeout=self.coalesce_s):
                parsed = read_payload(notification.payload)
                if parsed is not None and parsed[0] != self.sender:
                    merge_changes(pending, parsed[1])
            if pending:
                self._hand_on({t: frozenset(ids or ()) for t, ids in pending.items()})

    def _hand_on(self, changes: Changes) -> None:
        try:
            self.deliver(changes)
        except Exception:  # a broken view must not stop the feed
            log.exception("change listener failed")
