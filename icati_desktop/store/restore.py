"""Restore a version: write an old payload back as a new version on top of the shown one.

Nothing is lost: the versions in between stay in the history, so a restore can itself be
undone by restoring again. Refused, with nothing written, where this device may not write
the record's type, for a deletion, or when the record already shows that payload.
"""

from __future__ import annotations

import json

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from icati_desktop.domain.registry import payload_model
from icati_desktop.i18n import _
from icati_desktop.store.change_text import FieldChange, Names, describe_changes
from icati_desktop.store.history import payload_of, restore_refusal, version_row
from icati_desktop.store.records import PermissionDenied, RecordNotFound, StaleEdit, write_version
from icati_desktop.store.store import Store
from icati_desktop.store.tables.core import RecordRow, VersionRow


class RestoreResult(BaseModel):
    record_id: str
    record_type: str
    restored_from: str
    version_id: str
    """The new version."""
    changes: list[FieldChange]
    """What the new version changed, relative to what the record showed before."""


def find_version(session: Session, record_id: str, version_id: str) -> VersionRow:
    """A version of the record by its id or a unique prefix of at least 8 characters."""
    wanted = version_id.strip().lower()
    query = select(VersionRow).where(VersionRow.record_id == record_id)
    if len(wanted) == 64:
        rows = list(session.scalars(query.where(VersionRow.version_id == wanted)))
    elif len(wanted) >= 8:
        rows = list(session.scalars(query.where(VersionRow.version_id.startswith(wanted)).limit(2)))
    else:
        rows = []
    if len(rows) != 1:
        raise ValueError(
            _(
                "{version!r} is not a version of record {id}: pick one from "
                "`icati history {id}` (at least 8 characters of its id)"
            ).format(version=version_id, id=record_id)
        )
    return rows[0]


def restore_version(
    store: Store, record_id: str, version_id: str, expected_shown: str | None = None
) -> RestoreResult:
    """Write version ``version_id``'s payload back as a new version on top of the shown one.

    Refused (nothing written) when this device may not write the record's type, when
    the version is a deletion, when it equals what the record shows already, or, with
    ``expected_shown``, when the record changed since the person looked at it.
    """
    with store.write() as tx:
        session = tx.session
        state = session.get(RecordRow, record_id)
        if state is None:
            raise RecordNotFound(_("no record {id} on this device").format(id=record_id))
        refusal = restore_refusal(session, state.record_type)
        if refusal is not None:
            raise PermissionDenied(refusal)
        old = find_version(session, record_id, version_id)
        if old.deleted:
            raise ValueError(_("that version is a deletion: there is nothing to restore from it"))
        if expected_shown is not None and expected_shown != state.winner_version_id:
            raise StaleEdit(
                _("the record changed since its history was opened; look again and restore again")
            )
        winner = version_row(session, state.winner_version_id)
        current = payload_of(winner)
        wanted = json.loads(old.payload)
        if current == wanted:
            raise ValueError(_("the record already shows that version: nothing to restore"))
        model = payload_model(state.record_type)
        try:
            payload = model.model_validate(wanted)
        except ValueError as exc:
            raise ValueError(
                _(
                    "that version cannot be restored: this app no longer accepts it ({problem})"
                ).format(problem=str(exc).splitlines()[0])
            ) from None
        version = write_version(
            tx,
            store,
            record_type=state.record_type,
            record_id=record_id,
            parents=[state.winner_version_id],
            payload=payload,
        )
        changes = describe_changes(state.record_type, current, version.payload, Names(session))
    return RestoreResult(
        record_id=record_id,
        record_type=state.record_type,
        restored_from=old.version_id,
        version_id=version.version_id,
        changes=changes,
    )


__all__ = ["RestoreResult", "find_version", "restore_version"]
