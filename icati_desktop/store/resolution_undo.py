"""What a resolution wrote, and undoing it: the previous state written back as a version.

A resolution (or any version with several parents) is compared with the state the
record showed just before it — the merge of its parents — so it lists only what the
person's choices changed. Undoing it writes that previous state as a NEW version on top
of the resolution (the store keeps every version; nothing is rewritten): the values
come back as they were shown, and the undo itself can be undone from the history.
"""

from __future__ import annotations

import json
import logging

from pydantic import BaseModel

from icati_desktop.domain.registry import payload_model
from icati_desktop.i18n import _
from icati_desktop.store.change_text import FieldChange, Names, describe_changes
from icati_desktop.store.history import payload_of, restore_refusal, version_row
from icati_desktop.store.merged import parents_payload
from icati_desktop.store.records import PermissionDenied, RecordNotFound, StaleEdit, write_version
from icati_desktop.store.store import Store
from icati_desktop.store.tables.core import RecordRow

log = logging.getLogger(__name__)


class ResolutionReport(BaseModel):
    record_id: str
    record_type: str
    version_id: str
    """The version this report is about (a resolution, or its undo)."""
    changes: list[FieldChange]
    """What it changed relative to what the record showed just before it."""


def resolution_report(store: Store, record_id: str, version_id: str) -> ResolutionReport:
    """What version ``version_id`` (a resolution) changed in what the record showed."""
    with store.read() as session:
        row = version_row(session, version_id)
        if row is None or row.record_id != record_id:
            raise RecordNotFound(_("no version {id} of this record").format(id=version_id[:12]))
        before = parents_payload(session, row.record_type, record_id, json.loads(row.parents))
        changes = describe_changes(row.record_type, before, payload_of(row), Names(session))
        return ResolutionReport(
            record_id=record_id,
            record_type=row.record_type,
            version_id=version_id,
            changes=changes,
        )


def undo_resolution(
    store: Store, record_id: str, version_id: str | None = None
) -> ResolutionReport:
    """Write what the record showed before resolution ``version_id`` (default: the
    version it shows now, which must have several parents) as a new version on top.

    Refused, with nothing written, when the record changed since the resolution (it
    shows another version), when the version is not a resolution, or when this device
    may not write the record's type.
    """
    with store.write() as tx:
        session = tx.session
        state = session.get(RecordRow, record_id)
        if state is None:
            raise RecordNotFound(_("no record {id} on this device").format(id=record_id))
        refusal = restore_refusal(session, state.record_type)
        if refusal is not None:
            raise PermissionDenied(refusal)
        wanted = version_id or state.winner_version_id
        if state.in_conflict or wanted != state.winner_version_id:
            raise StaleEdit(
                _(
                    "the record changed after this resolution, so it was not undone; "
                    "open its history to restore an earlier version"
                )
            )
        row = version_row(session, wanted)
        parents = json.loads(row.parents) if row is not None else []
        if row is None or len(parents) < 2:
            raise ValueError(_("the record does not show a resolution: there is nothing to undo"))
        previous = parents_payload(session, state.record_type, record_id, parents)
        payload = None
        if previous is not None:
            payload = payload_model(state.record_type).model_validate(previous)
        version = write_version(
            tx,
            store,
            record_type=state.record_type,
            record_id=record_id,
            parents=[wanted],
            payload=payload,
        )
        changes = describe_changes(
            state.record_type, payload_of(row), version.payload, Names(session)
        )
    log.info(
        "resolution %s of %s %s undone: new version %s (%d fields back)",
        wanted[:12],
        state.record_type,
        record_id,
        version.version_id[:12],
        len(changes),
    )
    return ResolutionReport(
        record_id=record_id,
        record_type=state.record_type,
        version_id=version.version_id,
        changes=changes,
    )


__all__ = ["ResolutionReport", "resolution_report", "undo_resolution"]
