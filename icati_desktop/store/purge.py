"""Take records out of this store entirely: every version and everything derived from them.

This is not a deletion (a deletion is a tombstone version that travels): it is how a
device gives back the records of a country HQ no longer shares with it. The records live
on at HQ and on the devices that work on that country. Afterwards the store (its scope
index included) is exactly what it would be had those versions never arrived, so ``db
check`` passes and ``db digest`` is the digest of the remaining versions.

Only :mod:`icati_desktop.sync.removals` calls this, inside an import's transaction.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from icati_desktop.store.chunks import chunked
from icati_desktop.store.materialise import table_for
from icati_desktop.store.scope_index import INDEXED_UP_TO
from icati_desktop.store.search import update_search_index
from icati_desktop.store.settings import get_setting, set_setting
from icati_desktop.store.sync_status import EXPORTED_UP_TO
from icati_desktop.store.tables.core import (
    RecordLeafRow,
    RecordRow,
    RecordTermRow,
    VersionParentRow,
    VersionRow,
)
from icati_desktop.store.tables.scope import ScopeCountryRow, ScopeLinkRow


def purge_records(session: Session, record_ids: Collection[str]) -> Counter[str]:
    """Remove these records and all their versions; returns how many per record type."""
    removed: Counter[str] = Counter()
    for part in chunked(sorted(record_ids)):
        by_type: dict[str, list[str]] = {}
        for record_id, record_type in session.execute(
            select(RecordRow.record_id, RecordRow.record_type).where(RecordRow.record_id.in_(part))
        ):
            by_type.setdefault(record_type, []).append(record_id)
        for record_type, ids in sorted(by_type.items()):
            table = table_for(record_type)
            session.execute(delete(table).where(table.c.id.in_(ids)))
            update_search_index(session, record_type, ids, {})
            removed[record_type] += len(ids)
        versions = select(VersionRow.version_id).where(VersionRow.record_id.in_(part))
        session.execute(delete(RecordTermRow).where(RecordTermRow.record_id.in_(part)))
        session.execute(delete(RecordLeafRow).where(RecordLeafRow.record_id.in_(part)))
        session.execute(delete(RecordRow).where(RecordRow.record_id.in_(part)))
        session.execute(delete(VersionParentRow).where(VersionParentRow.version_id.in_(versions)))
        session.execute(delete(VersionRow).where(VersionRow.record_id.in_(part)))
        session.execute(delete(ScopeCountryRow).where(ScopeCountryRow.record_id.in_(part)))
        session.execute(delete(ScopeLinkRow).where(ScopeLinkRow.record_id.in_(part)))
        session.execute(delete(ScopeLinkRow).where(ScopeLinkRow.follows_id.in_(part)))
    _lower_watermarks(session)
    session.flush()
    return removed


def _lower_watermarks(session: Session) -> None:
    """Local sequence numbers freed at the top may be reused by SQLite: never let a
    "read up to here" mark stay above the highest remaining version, or the versions that
    reuse those numbers would be skipped."""
    top = int(session.scalar(select(func.max(VersionRow.seq))) or 0)
    for key in (INDEXED_UP_TO, EXPORTED_UP_TO):
        if int(get_setting(session, key, 0)) > top:
            set_setting(session, key, top)
