"""Changing the directory's people: add or edit, record and withdraw consent, erase.

Each function is one transaction. Contact details are a separate record
(:class:`~icati_desktop.domain.directory.Contact`) that may exist only while consent
covers it; withdrawing consent and erasing a person delete the contact records, and a
deleted person or contact is erased on every device (:mod:`icati_desktop.store.erasure`).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from uuid import uuid4

from sqlalchemy import select

from icati_desktop.domain.directory import ConsentRecord, Contact, Organisation, Person
from icati_desktop.i18n import _
from icati_desktop.store.attendee_erasure import meetings_to_rewrite
from icati_desktop.store.people import active_scopes, consents_of
from icati_desktop.store.records import RecordNotFound, edit_parents, leaf_ids, write_version
from icati_desktop.store.store import Store, WriteTransaction
from icati_desktop.store.tables.core import RecordRow
from icati_desktop.store.tables.directory import ContactRow
from icati_desktop.store.tables.field import MeetingRow

log = logging.getLogger(__name__)
"""Logs ids and counts only: never a name or a contact detail."""


class NothingToWithdraw(ValueError):
    pass


@dataclass(frozen=True)
class WithdrawResult:
    consents_withdrawn: int
    contacts_erased: int


@dataclass(frozen=True)
class EraseResult:
    contacts_erased: int
    meetings_anonymised: int


def _live_contact_ids(tx: WriteTransaction, person_id: str) -> list[str]:
    return sorted(
        tx.session.scalars(select(ContactRow.id).where(ContactRow.person_id == person_id))
    )


def _require_person(tx: WriteTransaction, person_id: str) -> RecordRow:
    state = tx.session.get(RecordRow, person_id)
    if state is None or state.record_type != "person":
        raise RecordNotFound(f"no person {person_id} on this device; check the id")
    if state.deleted:
        raise RecordNotFound(_("this person was erased; nothing about them is kept"))
    return state


def _erase(tx: WriteTransaction, store: Store, record_type: str, record_id: str) -> None:
    write_version(
        tx,
        store,
        record_type=record_type,
        record_id=record_id,
        parents=leaf_ids(tx.session, record_id),
        payload=None,
    )


def save_person(
    store: Store,
    person: Person,
    *,
    record_id: str | None = None,
    emails: list[str] | None = None,
    phones: list[str] | None = None,
    consent: ConsentRecord | None = None,
    on: date | None = None,
) -> str:
    """Create (no ``record_id``) or edit a person, with their consent and contact details.

    ``emails``/``phones`` ``None`` leaves the contact details as they are; a list replaces
    them (an empty one deletes them). Contact details need a consent that is active on
    ``on`` (today): given here or recorded before.
    """
    on = on or date.today()
    rid = record_id or str(uuid4())
    with store.write() as tx:
        if record_id is None:
            parents: list[str] = []
        else:
            parents = edit_parents(tx.session, _require_person(tx, rid))
        write_version(
            tx, store, record_type="person", record_id=rid, parents=parents, payload=person
        )
        if consent is not None:
            if str(consent.person_id) != rid:
                consent = ConsentRecord.model_validate({**consent.model_dump(), "person_id": rid})
            write_version(
                tx,
                store,
                record_type="consent",
                record_id=str(uuid4()),
                parents=[],
                payload=consent,
            )
        if emails is None and phones is None:
            return rid
        contact_ids = _live_contact_ids(tx, rid)
        if emails or phones:
            known = [c.consent for c in consents_of(tx.session, [rid])[rid]]
            if not active_scopes(known, on):
                raise PermissionError(_("record the person's consent before their contact details"))
            contact = Contact.model_validate(
                {"person_id": rid, "emails": emails or [], "phones": phones or []}
            )
            target = contact_ids[0] if contact_ids else str(uuid4())
            write_version(
                tx,
                store,
                record_type="contact",
                record_id=target,
                parents=leaf_ids(tx.session, target),
                payload=contact,
            )
            contact_ids = contact_ids[1:]
        for extra in contact_ids:
            _erase(tx, store, "contact", extra)
    return rid


def record_consent(store: Store, consent: ConsentRecord) -> str:
    with store.write() as tx:
        _require_person(tx, str(consent.person_id))
        rid = str(uuid4())
        write_version(tx, store, record_type="consent", record_id=rid, parents=[], payload=consent)
    return rid


def withdraw_consent(store: Store, person_id: str, on: date | None = None) -> WithdrawResult:
    """Withdraw every consent the person gave and erase their contact details, at once."""
    on = on or date.today()
    with store.write() as tx:
        _require_person(tx, person_id)
        open_consents = [
            c
            for c in consents_of(tx.session, [person_id])[person_id]
            if c.consent.given and c.consent.withdrawn_on is None
        ]
        contacts = _live_contact_ids(tx, person_id)
        if not open_consents and not contacts:
            raise NothingToWithdraw(
                _("this person has no consent to withdraw and no contact details")
            )
        for view in open_consents:
            withdrawn = ConsentRecord.model_validate(
                {**view.consent.model_dump(), "withdrawn_on": max(on, view.consent.decided_on)}
            )
            write_version(
                tx,
                store,
                record_type="consent",
                record_id=view.record_id,
                parents=leaf_ids(tx.session, view.record_id),
                payload=withdrawn,
            )
        for contact_id in contacts:
            _erase(tx, store, "contact", contact_id)
    log.info(
        "consent withdrawn for person %s: %d consent(s), %d contact record(s) erased",
        person_id, len(open_consents), len(contacts),
    )  # fmt: skip
    return WithdrawResult(len(open_consents), len(contacts))


def erase_person(store: Store, person_id: str) -> EraseResult:
    """Erase a person: their record and contact details, here and on every device.

    The meetings this device holds that list them get a new version in which their
    attendee entry becomes one more anonymous attendee (a count). Consent records (no
    name, no contact) stay as the evidence of what was agreed until the erasure.
    """
    with store.write() as tx:
        _require_person(tx, person_id)
        contacts = _live_contact_ids(tx, person_id)
        for contact_id in contacts:
            _erase(tx, store, "contact", contact_id)
        _erase(tx, store, "person", person_id)
        meetings = _anonymise_in_meetings(tx, store, person_id)
    log.info(
        "person %s erased with %d contact record(s); %d meeting(s) anonymised",
        person_id, len(contacts), meetings,
    )  # fmt: skip
    return EraseResult(len(contacts), meetings)


def _anonymise_in_meetings(tx: WriteTransaction, store: Store, person_id: str) -> int:
    """Turn the person's attendee entries into the anonymous count, one version per meeting."""
    listing = tx.session.scalars(
        select(MeetingRow.id).where(MeetingRow.data.contains(person_id))
    ).all()
    return anonymise_meetings(tx, store, listing)


def anonymise_meetings(tx: WriteTransaction, store: Store, meeting_ids: Iterable[str]) -> int:
    """Write one version of each meeting that lists an erased person (their entries become
    the anonymous count) or whose leaf an erasure scrubbed; how many were written."""
    rewrites = meetings_to_rewrite(tx.session, meeting_ids)
    for meeting_id, meeting in sorted(rewrites.items()):
        state = tx.session.get(RecordRow, meeting_id)
        assert state is not None
        write_version(
            tx,
            store,
            record_type="meeting",
            record_id=meeting_id,
            parents=edit_parents(tx.session, state),
            payload=meeting,
        )
    return len(rewrites)


def save_organisation(
    store: Store, organisation: Organisation, record_id: str | None = None
) -> str:
    """Create or edit an institution (central office only: the list is HQ's to curate)."""
    rid = record_id or str(uuid4())
    with store.write() as tx:
        parents: list[str] = []
        if record_id is not None:
            state = tx.session.get(RecordRow, rid)
            if state is None or state.deleted or state.record_type != "organisation":
                raise RecordNotFound(f"no organisation {rid} on this device; check the id")
            parents = edit_parents(tx.session, state)
        write_version(
            tx,
            store,
            record_type="organisation",
            record_id=rid,
            parents=parents,
            payload=organisation,
        )
    return rid
