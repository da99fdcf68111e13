"""The one way an existing assessment changes: read it, check it, write one new version,
all in one write transaction on top of what it shows (the merge of its leaves, whose
parents the new version names — see :func:`~icati_desktop.store.records.edit_parents`).

A submitted assessment is locked: a change to it raises :class:`AssessmentLocked`
unless the change is one a submitted assessment allows (reopening, the phase override).
After each change of a draft, the form writes what it writes itself (the entries a
``repeat_count`` asks for, ``once()`` values; see
:func:`icati_desktop.domain.form_updates.with_form_logic`), with the store's clock as
``now()``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from uuid import UUID

from icati_desktop.domain.assessments import Assessment, AssessmentStatus
from icati_desktop.domain.form_updates import with_form_logic
from icati_desktop.domain.forms import FormDefinition
from icati_desktop.i18n import _
from icati_desktop.store.assessment_reads import load
from icati_desktop.store.records import RecordNotFound, edit_parents, write_version
from icati_desktop.store.store import Store, WriteTransaction
from icati_desktop.store.tables.core import RecordRow


class AssessmentLocked(ValueError):
    """A change to a submitted assessment: reopen it first (a new draft version)."""


def now(store: Store) -> datetime:
    return datetime.fromtimestamp(store.now_ms() / 1000, UTC)


Change = Callable[[Assessment, FormDefinition], Assessment]


def change(
    store: Store, assessment_id: str | UUID, edit: Change, *, draft_only: bool = True
) -> Assessment:
    """Read, change and write one new version of the assessment, in one transaction."""
    rid = str(assessment_id)
    with store.write() as tx:
        state = tx.session.get(RecordRow, rid)
        if state is None or state.deleted or state.record_type != Assessment.record_type:
            raise RecordNotFound(_("no assessment {id} on this device").format(id=rid))
        assessment, form = load(tx.session, rid)
        if draft_only and assessment.status is AssessmentStatus.SUBMITTED:
            raise AssessmentLocked(
                _(
                    "this assessment was submitted and is locked; reopen it to change it "
                    "(a new draft version)"
                )
            )
        changed = edit(assessment, form)
        if changed.status is AssessmentStatus.DRAFT:
            moment = now(store).astimezone()
            changed = with_form_logic(form, changed, today=moment.date(), now=moment)
        _write(tx, store, rid, edit_parents(tx.session, state), changed)
    return changed


def _write(
    tx: WriteTransaction, store: Store, rid: str, parents: list[str], payload: Assessment
) -> None:
    write_version(
        tx,
        store,
        record_type=Assessment.record_type,
        record_id=rid,
        parents=parents,
        payload=payload,
    )


def updated(assessment: Assessment, **changes: object) -> Assessment:
    # Validate on the way (model_copy does not), so a broken payload never reaches a write.
    return Assessment.model_validate({**assessment.model_dump(mode="python"), **changes})
