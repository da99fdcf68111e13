"""The kinds of spreadsheet the app imports, by the name the CLI and the app use."""

from __future__ import annotations

from icati_desktop.i18n import N_
from icati_desktop.store.imports.actions import ActionsKind
from icati_desktop.store.imports.attendance import AttendanceKind
from icati_desktop.store.imports.events import EventsKind
from icati_desktop.store.imports.meetings import MeetingsKind
from icati_desktop.store.imports.members import MembersKind
from icati_desktop.store.imports.model import Kind
from icati_desktop.store.imports.people import PeopleKind

KINDS: dict[str, Kind] = {
    "people": PeopleKind(),
    "meetings": MeetingsKind(),
    "actions": ActionsKind(),
    "members": MembersKind(),
    "events": EventsKind(),
    "attendance": AttendanceKind(),
}
KIND_LABELS = {
    "people": N_("People (stakeholder list)"),
    "meetings": N_("Meetings (meeting log)"),
    "actions": N_("Action items (action plan)"),
    "members": N_("Members (member register)"),
    "events": N_("Network events"),
    "attendance": N_("Attendance list of an event (webinar host's export)"),
}
