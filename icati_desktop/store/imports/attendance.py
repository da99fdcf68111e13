"""Importing a webinar's attendance list, as its host exports it, into an existing event.

The columns are the host's: name, email, country, minutes attended. Each person is found
in the directory by email (contact details of people who consented), else by name when
only one person has it; anyone else is added to the directory with their name and
country and **no consent** (consent is recorded in the app with its evidence), so their
email is not stored. Someone who attended 0 minutes registered but did not come: they
count in the registrations, not as a participant. Minutes are not kept otherwise.
A person on several lines (they rejoined) is one attendee. Re-importing the same list
changes nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from uuid import UUID, uuid4

from pydantic import TypeAdapter
from sqlalchemy.orm import Session

from icati_desktop.domain.directory import EmailAddress, Person
from icati_desktop.domain.network import EventParticipant, NetworkEvent
from icati_desktop.formats.spreadsheet.columns import Column
from icati_desktop.i18n import N_, _, ngettext
from icati_desktop.store.imports.cells import NOT_AN_EMAIL, checked, text, whole
from icati_desktop.store.imports.directory_index import DirectoryIndex
from icati_desktop.store.imports.events import CENTRAL_ONLY_EVENTS
from icati_desktop.store.imports.model import Context, Plan, Problem, Row, Write
from icati_desktop.store.imports.places import Countries
from icati_desktop.store.imports.planner import Planner
from icati_desktop.store.records import shown_payload
from icati_desktop.store.tables.core import RecordRow

COLUMNS = (
    Column(
        "name",
        N_("Name"),
        required=True,
        aliases=("Name (original name)", "Full name", "Participant", "Attendee name"),
    ),
    Column("email", N_("Email"), aliases=("User email", "Email address", "Attendee email")),
    Column("country", N_("Country"), aliases=("Country/Region", "Country name")),
    Column(
        "minutes",
        N_("Minutes attended"),
        aliases=("Duration (minutes)", "Time in session (minutes)", "Minutes", "Duration"),
    ),
)
_EMAILS: TypeAdapter[str] = TypeAdapter(EmailAddress)
_SPLIT = re.compile(r"[\s,;]+")


class AttendanceKind:
    name = "attendance"
    columns = COLUMNS

    def plan(self, session: Session, rows: list[Row], context: Context) -> Plan:
        planner = _Planner(session, context, rows)
        if planner.central_only("event", _(CENTRAL_ONLY_EVENTS)) and planner.event():
            for row in rows:
                planner.row(row)
            planner.finish()
        return planner.plan


@dataclass
class _Attendee:
    row: int
    name: str
    person: str | None
    country: str | None
    attended: bool


class _Planner(Planner):
    columns = COLUMNS

    def __init__(self, session: Session, context: Context, rows: list[Row]) -> None:
        super().__init__(session, context)
        self.countries = Countries(session)
        self.index = DirectoryIndex(session, (text(r.values.get("name")) for r in rows))
        self.current: NetworkEvent | None = None
        self.participants: list[EventParticipant] = []
        self.known: set[UUID] = set()
        self.attendees: dict[str, _Attendee] = {}
        self.new_people = 0

    def event(self) -> bool:
        rid = self.context.event_id
        state = self.session.get(RecordRow, rid) if rid else None
        if state is None or state.deleted or state.record_type != "event":
            self.plan.problems.append(_no_event(rid))
            return False
        self.current = NetworkEvent.model_validate_json(shown_payload(self.session, state))
        self.participants = list(self.current.participants)
        self.known = {p.person_id for p in self.participants if p.person_id}
        return True

    def row(self, row: Row) -> None:
        v, before = row.values, len(self.plan.problems)
        name = text(v.get("name"))
        if not name:
            self.problem(row, "name", _("the name is missing; write the participant's name"))
        emails = self.cell(
            row,
            "email",
            lambda c: [checked(_EMAILS, e, _(NOT_AN_EMAIL)) for e in _SPLIT.split(text(c)) if e],
        )
        country = self.cell(
            row, "country", lambda c: self.countries.code(c, self.context, required=False)
        )
        minutes = self.cell(row, "minutes", whole)
        if len(self.plan.problems) > before:
            return
        person = self.index.same_email(emails or []) or self.index.only_one_named(name)
        key = person or " ".join(name.casefold().split())
        # A host's list has one line per join: someone who rejoined is one attendee.
        seen = self.attendees.get(key)
        attended = minutes is None or minutes > 0
        if seen is None:
            self.attendees[key] = _Attendee(row.number, name, person, country, attended)
        else:
            seen.attended = seen.attended or attended
            seen.country = seen.country or country

    def _add(self, attendee: _Attendee) -> None:
        person = attendee.person
        if person is None:
            person = str(uuid4())
            self.new_people += 1
            payload = Person(display_name=attendee.name, country=attendee.country)
            self.plan.writes.append(
                Write(attendee.row, "person", person, payload, new=True, counted=False)
            )
        if UUID(person) in self.known:
            self.plan.skipped += 1
            return
        self.known.add(UUID(person))
        self.participants.append(EventParticipant(person_id=UUID(person), country=attendee.country))

    def finish(self) -> None:
        current = self.current
        assert current is not None
        assert self.context.event_id is not None
        for attendee in self.attendees.values():
            if attendee.attended:
                self._add(attendee)
        added = len(self.participants) - len(current.participants)
        registered = max(current.registered_count or 0, len(self.attendees))
        event = NetworkEvent.model_validate(
            {
                **current.model_dump(),
                "participants": [p.model_dump() for p in self.participants],
                "registered_count": registered,
            }
        )
        if event.model_dump(mode="json") != current.model_dump(mode="json"):
            self.plan.writes.append(Write(0, "event", self.context.event_id, event, new=False))
        self.plan.tally = (added, 0)
        if self.new_people:
            self.plan.notes.append(
                ngettext(
                    "{n} person was added to the directory without consent: record their "
                    "consent in the app before adding their email",
                    "{n} people were added to the directory without consent: record their "
                    "consent in the app before adding their emails",
                    self.new_people,
                ).format(n=self.new_people)
            )


def _no_event(event_id: str | None) -> Problem:
    if not event_id:
        return Problem(
            0, "", _("say which event the list is for: --event ID (see the event's id in the app)")
        )
    return Problem(
        0, "", _("no network event {id} on this device; check the id").format(id=event_id)
    )
