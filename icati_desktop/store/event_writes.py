"""Network events, write side: create, edit, delete (and bring back), record who attended.

An event is one record with its participants inside (they merge element by element),
so recording attendance writes one version of the event on top of what it shows.
Events are HQ-owned: a field device is refused by the record layer.

Deleting writes a deletion version; the earlier versions stay, so
:func:`restore_event` writes back what the event showed just before its deletion (the
merge of the deletion's parents, as History compares it) as a new version.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from typing import cast
from uuid import UUID

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from icati_desktop.domain.network import EventParticipant, NetworkEvent
from icati_desktop.i18n import _
from icati_desktop.store.history import version_row
from icati_desktop.store.merged import parents_payload
from icati_desktop.store.records import (
    RecordNotFound,
    RecordService,
    RecordView,
    StaleEdit,
    check_may_write,
    edit_parents,
    shown_payload,
    write_version,
)
from icati_desktop.store.store import Store
from icati_desktop.store.tables.core import RecordRow
from icati_desktop.store.tables.directory import PersonRow


def load_event(store: Store, record_id: str) -> RecordView[NetworkEvent]:
    return RecordService(store).get(NetworkEvent, record_id)


def save_event(
    store: Store,
    event: NetworkEvent,
    record_id: str | None = None,
    base_leaves: Collection[str] | None = None,
) -> RecordView[NetworkEvent]:
    """Create the event (no ``record_id``) or write it on top of ``base_leaves``.

    A named participant recorded without a country gets the directory's country."""
    event = with_directory_countries(store, event)
    service = RecordService(store)
    if record_id is None:
        view = service.create(event)
    else:
        view = service.update(record_id, event, base_leaves=base_leaves)
    return cast(RecordView[NetworkEvent], view)


class EventDeletion(BaseModel):
    """What deleting an event wrote: enough to name it and to undo exactly that."""

    record_id: str
    title: str
    version_id: str
    """The deletion version."""


def _event_state(session: Session, record_id: str) -> RecordRow:
    check_may_write(session, NetworkEvent.record_type)
    state = session.get(RecordRow, record_id)
    if state is None or state.record_type != NetworkEvent.record_type:
        raise RecordNotFound(_("no event {id} on this device; check the id").format(id=record_id))
    return state


def delete_event(store: Store, record_id: str) -> EventDeletion:
    """Write a deletion version on top of what the event shows: it leaves every list,
    search, export and count; its versions stay (:func:`restore_event`)."""
    with store.write() as tx:
        state = _event_state(tx.session, record_id)
        if state.deleted:
            raise RecordNotFound(
                _("no event {id} on this device; check the id").format(id=record_id)
            )
        title = NetworkEvent.model_validate_json(shown_payload(tx.session, state)).title
        version = write_version(
            tx,
            store,
            record_type=NetworkEvent.record_type,
            record_id=record_id,
            parents=edit_parents(tx.session, state),
            payload=None,
        )
    return EventDeletion(record_id=record_id, title=title, version_id=version.version_id)


def restore_event(
    store: Store, record_id: str, deletion_id: str | None = None
) -> RecordView[NetworkEvent]:
    """Bring a deleted event back as it showed just before it was deleted, as a new version
    on top of the deletion. With ``deletion_id`` (an :class:`EventDeletion`'s), refused
    when the event changed since that deletion (an Undo that came too late)."""
    with store.write() as tx:
        session = tx.session
        state = _event_state(session, record_id)
        if not state.deleted:
            raise ValueError(
                _("event {id} is not deleted: there is nothing to restore").format(id=record_id)
            )
        if deletion_id is not None and state.winner_version_id != deletion_id:
            raise StaleEdit(
                _("the event changed since it was deleted; its History can restore a version")
            )
        deletion = version_row(session, state.winner_version_id)
        parents = json.loads(deletion.parents) if deletion is not None else []
        before = parents_payload(session, NetworkEvent.record_type, record_id, parents)
        if before is None:
            raise ValueError(_("that version is a deletion: there is nothing to restore from it"))
        write_version(
            tx,
            store,
            record_type=NetworkEvent.record_type,
            record_id=record_id,
            parents=[state.winner_version_id],
            payload=NetworkEvent.model_validate(before),
        )
    return load_event(store, record_id)


def person_country(store: Store, person_id: str) -> str | None:
    """The country the directory gives a person (raises if the person is unknown)."""
    with store.read() as session:
        person = session.get(PersonRow, person_id)
        if person is None:
            raise LookupError(
                _("no person {id} in the directory; choose someone it lists").format(id=person_id)
            )
        return person.country


def with_directory_countries(store: Store, event: NetworkEvent) -> NetworkEvent:
    missing = {str(p.person_id) for p in event.participants if p.person_id and not p.country}
    if not missing:
        return event
    with store.read() as session:
        rows = session.execute(
            select(PersonRow.id, PersonRow.country).where(PersonRow.id.in_(missing))
        )
        countries = {str(pid): country for pid, country in rows if country}
    participants = [
        p.model_copy(update={"country": countries.get(str(p.person_id))})
        if p.person_id and not p.country
        else p
        for p in event.participants
    ]
    return event.model_copy(update={"participants": participants})


def with_participant(event: NetworkEvent, participant: EventParticipant) -> NetworkEvent:
    """The event with ``participant`` added; a person already listed is replaced."""
    kept = [
        p
        for p in event.participants
        if participant.person_id is None or p.person_id != participant.person_id
    ]
    return event.model_copy(update={"participants": [*kept, participant]})


def without_person(event: NetworkEvent, person_id: str | UUID) -> NetworkEvent:
    kept = [p for p in event.participants if str(p.person_id) != str(person_id)]
    return event.model_copy(update={"participants": kept})


def record_attendance(
    store: Store,
    record_id: str,
    participant: EventParticipant,
    base_leaves: Collection[str] | None = None,
) -> RecordView[NetworkEvent]:
    """Add one attendee (a person, or a count of unnamed people) to an event.

    A person without a country gets the directory's country for them."""
    if participant.person_id is not None and participant.country is None:
        country = person_country(store, str(participant.person_id))
        participant = participant.model_copy(update={"country": country})
    elif participant.person_id is not None:
        person_country(store, str(participant.person_id))
    view = load_event(store, record_id)
    updated = NetworkEvent.model_validate(
        with_participant(view.payload, participant).model_dump(mode="python")
    )
    return save_event(store, updated, record_id, base_leaves or view.leaves)
