"""Every change in a period, one row per changed field, streamed from the version log.

The audit export (HQ) reads this: versions whose clock falls in ``[start, end)`` in
clock order, a chunk at a time (keyset paging on the ``versions(hlc_ms, hlc_counter)``
index), each compared with its parent as the history does. Memory stays flat however
many versions the period holds: a chunk, its parents and bounded name caches.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from icati_desktop.i18n import _
from icati_desktop.store.change_text import Names, describe_changes
from icati_desktop.store.chunks import chunked
from icati_desktop.store.history import author_name, device_names
from icati_desktop.store.labels import record_type_name
from icati_desktop.store.tables.core import VersionRow
from icati_desktop.versioning.hlc import Timestamp
from icati_desktop.versioning.winner import LeafInfo, winner_key

CHUNK = 500
_COLUMNS = (
    VersionRow.version_id,
    VersionRow.record_type,
    VersionRow.record_id,
    VersionRow.parents,
    VersionRow.hlc_ms,
    VersionRow.hlc_counter,
    VersionRow.origin,
    VersionRow.deleted,
    VersionRow.payload,
)


@dataclass(frozen=True, slots=True)
class AuditRow:
    time: datetime
    author: str
    device_id: str
    record_type: str
    record_type_name: str
    record_id: str
    record_name: str
    field: str
    old: str
    new: str
    version_id: str


def versions_in_period(session: Session, start_ms: int, end_ms: int) -> int:
    """How many versions have a clock in ``[start_ms, end_ms)``."""
    return int(
        session.scalar(
            select(func.count())
            .select_from(VersionRow)
            .where(VersionRow.hlc_ms >= start_ms, VersionRow.hlc_ms < end_ms)
        )
        or 0
    )


def _chunks(session: Session, start_ms: int, end_ms: int) -> Iterator[list[Any]]:
    after: tuple[int, int, str] | None = None
    while True:
        query = select(*_COLUMNS).where(VersionRow.hlc_ms >= start_ms, VersionRow.hlc_ms < end_ms)
        if after is not None:
            ms, counter, vid = after
            query = query.where(
                or_(
                    VersionRow.hlc_ms > ms,
                    and_(VersionRow.hlc_ms == ms, VersionRow.hlc_counter > counter),
                    and_(
                        VersionRow.hlc_ms == ms,
                        VersionRow.hlc_counter == counter,
                        VersionRow.version_id > vid,
                    ),
                )
            )
        rows = list(
            session.execute(
                query.order_by(
                    VersionRow.hlc_ms, VersionRow.hlc_counter, VersionRow.version_id
                ).limit(CHUNK)
            )
        )
        if not rows:
            return
        yield rows
        last = rows[-1]
        after = (last.hlc_ms, last.hlc_counter, last.version_id)


def _parents(session: Session, ids: list[str]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for part in chunked(ids):
        for row in session.execute(select(*_COLUMNS).where(VersionRow.version_id.in_(part))):
            found[row.version_id] = row
    return found


def _key(row: Any) -> tuple[bool, int, int, str, str]:
    return winner_key(
        LeafInfo(row.version_id, Timestamp(row.hlc_ms, row.hlc_counter), row.origin, row.deleted)
    )


def _payload(row: Any) -> Any:
    return None if row is None or row.deleted else json.loads(row.payload)


def audit_rows(
    session: Session,
    start_ms: int,
    end_ms: int,
    progress: Callable[[int], None] | None = None,
) -> Iterator[AuditRow]:
    """One row per changed field of every version with a clock in ``[start_ms, end_ms)``.

    A deletion is one row ("Deleted"); ``progress`` gets the number of versions read.
    """
    names = device_names(session)
    namer = Names(session)
    done = 0
    for rows in _chunks(session, start_ms, end_ms):
        parent_ids = sorted({p for row in rows for p in json.loads(row.parents)})
        parents = _parents(session, parent_ids)
        for row in rows:
            present = [parents[p] for p in json.loads(row.parents) if p in parents]
            parent = max(present, key=_key) if present else None
            old, new = _payload(parent), _payload(row)
            title = namer.title_of(row.record_type, new if new is not None else old)
            base = {
                "time": datetime.fromtimestamp(row.hlc_ms / 1000, UTC),
                "author": author_name(row.origin, names),
                "device_id": row.origin,
                "record_type": row.record_type,
                "record_type_name": record_type_name(row.record_type),
                "record_id": row.record_id,
                "record_name": title or namer.record(row.record_id),
                "version_id": row.version_id,
            }
            if row.deleted:
                yield AuditRow(**base, field=_("(record deleted)"), old="", new="")
            else:
                for change in describe_changes(row.record_type, old, new, namer):
                    yield AuditRow(**base, field=change.field, old=change.old, new=change.new)
        done += len(rows)
        if progress is not None:
            progress(done)


__all__ = ["AuditRow", "audit_rows", "versions_in_period"]
