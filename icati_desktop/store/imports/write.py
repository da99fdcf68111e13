"""Writing an import's planned records: every version in one batch, one transaction.

The same steps as :func:`~icati_desktop.store.records.write_version` (owner check, clock
tick, canonical version), but the versions are added together, so the current rows and
the search index are refreshed once per import instead of once per row.
"""

from __future__ import annotations

from collections.abc import Sequence

from icati_desktop.store.device import observe, require_device, tick
from icati_desktop.store.imports.model import Write
from icati_desktop.store.records import check_may_write, edit_parents
from icati_desktop.store.store import Store, WriteTransaction
from icati_desktop.store.tables.core import RecordRow
from icati_desktop.store.versions import add_versions
from icati_desktop.versioning.hlc import HybridLogicalClock
from icati_desktop.versioning.version import Version, make_version


def write_planned(tx: WriteTransaction, store: Store, writes: Sequence[Write]) -> None:
    session = tx.session
    for record_type in sorted({w.record_type for w in writes}):
        check_may_write(session, record_type)
    origin = require_device(session).device_id
    # One clock read and one clock write for the batch (not a round trip per version).
    clock = HybridLogicalClock(tick(session, store.now_ms), store.now_ms)
    versions: list[Version] = []
    for w in writes:
        state = None if w.new else session.get(RecordRow, w.record_id)
        payload = type(w.payload).model_validate(w.payload.model_dump(mode="python"))
        versions.append(
            make_version(
                record_type=w.record_type,
                record_id=w.record_id,
                parents=[] if state is None else edit_parents(session, state),
                hlc=clock.tick(),
                origin=origin,
                deleted=False,
                payload=payload.model_dump(mode="python"),
            )
        )
    if versions:
        observe(session, versions[-1].hlc, store.now_ms)
    tx.note_changes(add_versions(session, versions).changed)
