"""Reading the directory's people: pages for tables, one person, and the consent rule.

Contact details are shown only while consent covers them (:func:`contact_visible`): a
person's contact records are read only for people with an active consent, so every view,
list and export built on these functions honours a withdrawal as soon as it is recorded.
Lists read one page at a time; filters and sort run in SQL.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import Session

from icati_desktop.domain.directory import ConsentRecord, ConsentScope, Contact, Person
from icati_desktop.i18n import _
from icati_desktop.store.chunks import chunked
from icati_desktop.store.records import RecordNotFound, leaf_ids
from icati_desktop.store.store import Store
from icati_desktop.store.tables.core import RecordRow
from icati_desktop.store.tables.directory import ConsentRow, ContactRow, OrganisationRow, PersonRow

SORT_COLUMNS = ("display_name", "organisation", "role", "sector", "country", "consent")


@dataclass(frozen=True)
class PeopleQuery:
    country: str | None = None
    text: str = ""
    sector: str | None = None
    sort: str = "display_name"
    descending: bool = False


@dataclass(frozen=True)
class ConsentView:
    record_id: str
    consent: ConsentRecord


@dataclass(frozen=True)
class PersonSummary:
    """One row of the people list; ``emails``/``phones`` are empty unless consent covers them."""

    record_id: str
    display_name: str
    organisation: str
    role: str
    sector: str | None
    country: str | None
    stages: tuple[str, ...]
    decision_authority: bool
    consent_active: bool
    scopes: tuple[str, ...]
    """The scopes of the person's active consents."""
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()


@dataclass(frozen=True)
class PersonDetail:
    record_id: str
    person: Person
    organisation: str
    consents: list[ConsentView]
    contact: Contact | None
    """Merged contact details, only while consent covers them."""
    leaves: tuple[str, ...] = field(default=())


def active_scopes(consents: Sequence[ConsentRecord], on: date) -> tuple[str, ...]:
    return tuple(sorted({c.scope.value for c in consents if c.is_active(on)}))


def contact_visible(scopes: Sequence[str]) -> bool:
    """Contact details may be shown (in the app) while any consent is active."""
    return bool(scopes)


def contact_exportable(scopes: Sequence[str]) -> bool:
    """A file that leaves the app carries contacts only with consent to share them."""
    return ConsentScope.SHARE_WITH_PARTNERS.value in scopes


def _organisation_name() -> Any:
    return func.coalesce(OrganisationRow.name, PersonRow.organisation_name)


def _active_consent(on: date) -> Any:
    return (
        select(ConsentRow.id)
        .where(
            ConsentRow.person_id == PersonRow.id,
            ConsentRow.given.is_(True),
            ConsentRow.decided_on <= on,
            or_(ConsentRow.withdrawn_on.is_(None), ConsentRow.withdrawn_on > on),
        )
        .exists()
    )


def _filtered(query: PeopleQuery, columns: Sequence[Any]) -> Select[Any]:
    statement = (
        select(*columns)
        .select_from(PersonRow)
        .outerjoin(OrganisationRow, OrganisationRow.id == PersonRow.organisation_id)
    )
    if query.country:
        statement = statement.where(PersonRow.country == query.country)
    if query.sector:
        statement = statement.where(PersonRow.sector == query.sector)
    text = query.text.strip()
    if text:
        like = f"%{text.replace('%', '').replace('_', '')}%"
        statement = statement.where(
            or_(
                PersonRow.display_name.ilike(like),
                PersonRow.role.ilike(like),
                _organisation_name().ilike(like),
            )
        )
    return statement


def count_people(session: Session, query: PeopleQuery) -> int:
    return int(session.scalar(_filtered(query, [func.count()])) or 0)


def consents_of(session: Session, person_ids: Sequence[str]) -> dict[str, list[ConsentView]]:
    found: dict[str, list[ConsentView]] = defaultdict(list)
    for part in chunked(person_ids):
        for rid, person_id, data in session.execute(
            select(ConsentRow.id, ConsentRow.person_id, ConsentRow.data)
            .where(ConsentRow.person_id.in_(part))
            .order_by(ConsentRow.decided_on, ConsentRow.id)
        ):
            found[person_id].append(ConsentView(rid, ConsentRecord.model_validate_json(data)))
    return found


def contacts_of(session: Session, person_ids: Sequence[str]) -> dict[str, Contact]:
    """person id → their live contact records merged into one (emails and phones)."""
    merged: dict[str, tuple[list[str], list[str]]] = {}
    for part in chunked(person_ids):
        for person_id, data in session.execute(
            select(ContactRow.person_id, ContactRow.data)
            .where(ContactRow.person_id.in_(part))
            .order_by(ContactRow.id)
        ):
            payload = json.loads(data)
            emails, phones = merged.setdefault(person_id, ([], []))
            emails.extend(e for e in payload["emails"] if e not in emails)
            phones.extend(p for p in payload["phones"] if p not in phones)
    return {
        pid: Contact(person_id=pid, emails=emails, phones=phones)  # type: ignore[arg-type]
        for pid, (emails, phones) in merged.items()
    }


def people_page(
    store: Store, query: PeopleQuery, offset: int, limit: int, on: date | None = None
) -> list[PersonSummary]:
    """One page of people, filtered and sorted in SQL; contacts only where consent covers."""
    on = on or date.today()
    if query.sort not in SORT_COLUMNS:
        raise ValueError(f"cannot sort people by {query.sort!r}")
    order: Any = {
        # The indexed column itself, so the first and the last page read the index in order.
        "display_name": PersonRow.display_name,
        "organisation": func.lower(_organisation_name()),
        "role": func.lower(PersonRow.role),
        "sector": PersonRow.sector,
        "country": PersonRow.country,
        "consent": _active_consent(on),
    }[query.sort]
    order = order.desc() if query.descending else order.asc()
    # Sort and skip over ids only, then read the page's rows by id: the sort never carries
    # the rows' JSON, whatever the offset.
    page_ids = _filtered(query, [PersonRow.id]).order_by(order, PersonRow.id)
    with store.read() as session:
        ids = list(session.scalars(page_ids.offset(offset).limit(limit)))
        found: dict[str, Any] = {}
        for part in chunked(ids):
            statement = (
                select(PersonRow.id, PersonRow.data, _organisation_name())
                .select_from(PersonRow)
                .outerjoin(OrganisationRow, OrganisationRow.id == PersonRow.organisation_id)
                .where(PersonRow.id.in_(part))
            )
            found.update((r[0], r) for r in session.execute(statement))
        rows = [found[i] for i in ids]
        consents = consents_of(session, ids)
        scopes = {pid: active_scopes([c.consent for c in consents[pid]], on) for pid in ids}
        contacts = contacts_of(session, [pid for pid in ids if contact_visible(scopes[pid])])
    out = []
    for rid, data, organisation in rows:
        person = Person.model_validate_json(data)
        contact = contacts.get(rid)
        out.append(
            PersonSummary(
                record_id=rid,
                display_name=person.display_name,
                organisation=organisation or "",
                role=person.role,
                sector=person.sector.value if person.sector else None,
                country=person.country,
                stages=tuple(s.value for s in person.stages),
                decision_authority=person.decision_authority,
                consent_active=bool(scopes[rid]),
                scopes=scopes[rid],
                emails=tuple(contact.emails) if contact else (),
                phones=tuple(contact.phones) if contact else (),
            )
        )
    return out


def person_detail(store: Store, person_id: str, on: date | None = None) -> PersonDetail:
    on = on or date.today()
    with store.read() as session:
        row = session.get(PersonRow, person_id)
        if row is None:
            state = session.get(RecordRow, person_id)
            if state is not None and state.record_type == "person" and state.deleted:
                raise RecordNotFound(_("this person was erased; nothing about them is kept"))
            raise RecordNotFound(
                _("no person {id} on this device; check the id").format(id=person_id)
            )
        organisation = ""
        if row.organisation_id:
            org = session.get(OrganisationRow, row.organisation_id)
            organisation = org.name if org else ""
        consents = consents_of(session, [person_id])[person_id]
        scopes = active_scopes([c.consent for c in consents], on)
        contact = contacts_of(session, [person_id]).get(person_id) if scopes else None
        leaves = tuple(leaf_ids(session, person_id))
    return PersonDetail(
        record_id=person_id,
        person=Person.model_validate_json(row.data),
        organisation=organisation or row.organisation_name,
        consents=consents,
        contact=contact,
        leaves=leaves,
    )


def is_erased(store: Store, person_id: str) -> bool:
    """Whether this device holds an erasure of the person (a deleted person record)."""
    with store.read() as session:
        state = session.get(RecordRow, person_id)
        return bool(state and state.record_type == "person" and state.deleted)


def organisations(store: Store, country: str | None = None) -> list[tuple[str, str]]:
    """(id, name) of the organisations of a country (and international ones), by name."""
    statement = select(OrganisationRow.id, OrganisationRow.name).order_by(
        func.lower(OrganisationRow.name)
    )
    if country:
        statement = statement.where(
            or_(OrganisationRow.country == country, OrganisationRow.country.is_(None))
        )
    with store.read() as session:
        return [(rid, name) for rid, name in session.execute(statement)]


def organisation_rows(store: Store, country: str | None = None) -> list[dict[str, Any]]:
    """The institutions of a country with how many people of the directory work there."""
    people = (
        select(func.count())
        .where(and_(PersonRow.organisation_id == OrganisationRow.id))
        .scalar_subquery()
    )
    statement = select(OrganisationRow.id, OrganisationRow.data, people).order_by(
        func.lower(OrganisationRow.name)
    )
    if country:
        statement = statement.where(OrganisationRow.country == country)
    with store.read() as session:
        return [
            {"record_id": rid, **json.loads(data), "people": int(n)}
            for rid, data, n in session.execute(statement)
        ]
