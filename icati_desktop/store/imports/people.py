"""Importing people: the columns of the people export, read back.

A row with a ``person_id`` updates that person (skipped when nothing changed); a row
without one adds a person, unless the directory already holds someone with the same
email, or the same name and institution: that is a problem to resolve, never a double.
Consent is never read from a sheet (``consent_scopes`` is informational): it needs its
evidence, recorded in the app. So email and phone are stored only for people whose
consent is already recorded; for the others the result says how many were not stored.
"""

from __future__ import annotations

import re
from typing import ClassVar
from uuid import uuid4

from pydantic import TypeAdapter
from sqlalchemy.orm import Session

from icati_desktop.domain.continuum import ContinuumStage
from icati_desktop.domain.directory import (
    ConsentRecord,
    Contact,
    EmailAddress,
    Person,
    PhoneNumber,
    Sector,
)
from icati_desktop.formats.spreadsheet.columns import Column
from icati_desktop.formats.spreadsheet.read import Cell
from icati_desktop.i18n import N_, _, ngettext
from icati_desktop.store.field_words import SECTORS, STAGES
from icati_desktop.store.imports.cells import (
    NOT_A_PHONE,
    NOT_AN_EMAIL,
    checked,
    choice,
    choices,
    text,
    yes_no,
)
from icati_desktop.store.imports.directory_index import (
    DirectoryIndex,
    contact_record_ids,
    organisation_ids,
    organisation_names,
)
from icati_desktop.store.imports.model import Context, Plan, Row, Write
from icati_desktop.store.imports.places import Countries
from icati_desktop.store.imports.planner import Planner
from icati_desktop.store.people import active_scopes, consents_of, contacts_of

COLUMNS = (
    Column("person_id", N_("Person id")),
    Column("name", N_("Name"), required=True, aliases=("Full name", "Display name")),
    Column("organisation", N_("Organisation"), aliases=("Institution", "Organization")),
    Column("role", N_("Role")),
    Column("sector", N_("Sector")),
    Column("country", N_("Country"), required=True),
    Column("stages", N_("Continuum stages")),
    Column("decision_authority", N_("Decision authority")),
    Column("consent_scopes", N_("Consent"), informational=True),
    Column("email", N_("Email"), aliases=("Email address", "Emails")),
    Column("phone", N_("Phone")),
)
_EMAILS: TypeAdapter[str] = TypeAdapter(EmailAddress)
_PHONES: TypeAdapter[str] = TypeAdapter(PhoneNumber)
_EMAIL_SPLIT = re.compile(r"[\s,;]+")
_PHONE_SPLIT = re.compile(r"\s*[/;\n]\s*")


def _emails(cell: Cell) -> list[str]:
    return [checked(_EMAILS, e, _(NOT_AN_EMAIL)) for e in _EMAIL_SPLIT.split(text(cell)) if e]


def _phones(cell: Cell) -> list[str]:
    return [checked(_PHONES, p, _(NOT_A_PHONE)) for p in _PHONE_SPLIT.split(text(cell)) if p]


class PeopleKind:
    name = "people"
    columns = COLUMNS

    def plan(self, session: Session, rows: list[Row], context: Context) -> Plan:
        return _Planner(session, rows, context).plan


class _Planner(Planner):
    columns = COLUMNS
    fields_to_columns: ClassVar[dict[str, str]] = {"display_name": "name"}

    def __init__(self, session: Session, rows: list[Row], context: Context) -> None:
        super().__init__(session, context)
        self.countries = Countries(session)
        self.index = DirectoryIndex(session, (text(r.values.get("name")) for r in rows))
        self.orgs = organisation_ids(session, (text(r.values.get("organisation")) for r in rows))
        self.prefetch(rows, "person_id")
        known = sorted(
            rid for rid, (state, _data) in self.loaded.items() if state.record_type == "person"
        )
        self.contacts = contacts_of(session, known)
        self.consents = consents_of(session, known)
        self.contact_ids = contact_record_ids(session, known)
        self.org_names = organisation_names(session, self.loaded)
        self.seen_email: dict[str, int] = {}
        self.seen_name: dict[tuple[str, str], int] = {}
        self.contacts_dropped = 0
        for row in rows:
            self._row(row)
        if self.contacts_dropped:
            self.plan.notes.append(
                ngettext(
                    "{n} person's email or phone was not stored: their consent is not recorded "
                    "yet; record it in the app, then add the contact details",
                    "{n} people's emails or phones were not stored: their consent is not "
                    "recorded yet; record it in the app, then add the contact details",
                    self.contacts_dropped,
                ).format(n=self.contacts_dropped)
            )

    def _row(self, row: Row) -> None:
        v = row.values
        before = len(self.plan.problems)
        name = text(v.get("name"))
        if not name:
            self.problem(row, "name", _("the name is missing; write the person's name"))
        country = self.cell(row, "country", lambda c: self.countries.code(c, self.context))
        sector = self.cell(row, "sector", lambda c: choice(c, Sector, SECTORS))
        stages = self.cell(row, "stages", lambda c: choices(c, ContinuumStage, STAGES))
        authority = self.cell(row, "decision_authority", yes_no)
        emails = self.cell(row, "email", _emails)
        phones = self.cell(row, "phone", _phones)
        organisation, role = text(v.get("organisation")), text(v.get("role"))
        existing = self.existing(row, "person_id", Person)
        if len(self.plan.problems) > before or emails is None or phones is None:
            return
        if existing is None and not self._unique(row, name, organisation, emails):
            return
        fields: dict[str, object] = {
            "display_name": name,
            "role": role,
            "sector": sector,
            "country": country,
            "stages": stages or [],
            "decision_authority": bool(authority),
        }
        if existing is None:
            org_id = self.orgs.get(organisation.casefold())
            org_fields = {
                "organisation_id": org_id,
                "organisation_name": "" if org_id else organisation,
            }
            person = self.build(row, Person, {**fields, **org_fields})
            if person is not None:
                self.keep(row, None, person, None)
                self.contacts_dropped += bool(emails or phones)
            return
        rid, current = existing
        org = self._org(current, organisation) if "organisation" in v else {}
        person = self.build(
            row, Person, {**current.model_dump(), **self.kept(row, fields, current), **org}
        )
        if person is None:
            return
        changed = person.model_dump(mode="json") != current.model_dump(mode="json")
        if changed:
            self.plan.writes.append(Write(row.number, "person", rid, person, new=False))
        contact_written = self._contact(row, rid, emails, phones, counted=not changed)
        if not changed and not contact_written:
            self.plan.skipped += 1

    def _org(self, current: Person, organisation: str) -> dict[str, object]:
        shown = current.organisation_name
        if current.organisation_id is not None:
            shown = self.org_names.get(str(current.organisation_id), "")
        if organisation.casefold() == shown.casefold():
            return {}
        org_id = self.orgs.get(organisation.casefold())
        return {"organisation_id": org_id, "organisation_name": "" if org_id else organisation}

    def _unique(self, row: Row, name: str, organisation: str, emails: list[str]) -> bool:
        twin = self.index.same_email(emails)
        column = "email"
        if twin is None:
            twin, column = self.index.same_name(name, organisation), "name"
        if twin is not None:
            self.problem(
                row,
                column,
                _(
                    "already in the directory as {name} (person_id {id}); put that person_id in "
                    "the row to update them, or remove the row"
                ).format(name=self.index.names.get(twin, name), id=twin),
            )
            return False
        key = (" ".join(name.casefold().split()), " ".join(organisation.casefold().split()))
        earlier = next(
            (self.seen_email[e.casefold()] for e in emails if e.casefold() in self.seen_email), None
        )
        column = "email"
        if earlier is None:
            earlier, column = self.seen_name.get(key), "name"
        if earlier is not None:
            self.problem(
                row,
                column,
                _("the same person as row {row}; keep one of the two rows").format(row=earlier),
            )
            return False
        self.seen_name[key] = row.number
        for e in emails:
            self.seen_email[e.casefold()] = row.number
        return True

    def _contact(
        self, row: Row, rid: str, emails: list[str], phones: list[str], counted: bool
    ) -> bool:
        """Write changed contact details of an existing person whose consent is recorded."""
        if not emails and not phones:
            return False
        current = self.contacts.get(rid)
        same = (
            current is not None
            and (
                [e.casefold() for e in current.emails] == [e.casefold() for e in emails]
                or not emails
            )
            and (current.phones == phones or not phones)
        )
        if same:
            return False
        consents: list[ConsentRecord] = [c.consent for c in self.consents.get(rid, [])]
        if not active_scopes(consents, self.context.today):
            self.contacts_dropped += 1
            return False
        contact = Contact.model_validate(
            {
                "person_id": rid,
                "emails": emails or (current.emails if current else []),
                "phones": phones or (current.phones if current else []),
            }
        )
        contact_id = self.contact_ids.get(rid)
        self.plan.writes.append(
            Write(
                row.number,
                "contact",
                contact_id or str(uuid4()),
                contact,
                new=contact_id is None,
                counted=counted,
            )
        )
        return True
